// The resize kernel's vertical pass for AVX2 CPUs; CKernels.h says what every function computes.
//
// Each column's sum is its own chain of IEEE single-precision multiplies and adds, in tap order,
// so processing 32, 8 or 1 columns at a time gives the same bits as Swift's SIMD8 loops. Products
// are never fused into the adds: contraction is off for this file, and the target is AVX2 without FMA.
#include "CKernels.h"

#pragma clang fp contract(off)

// x86-64 only: on 32-bit x86 the scalar tail could run on the x87 unit, whose wider intermediates
// would not give Swift's bits.
#if defined(__x86_64__)

#include <immintrin.h>
#include <string.h>

int CKernels_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

#define AVX2 __attribute__((target("avx2")))

// Eight samples widened to floats.
static inline AVX2 __m256 load8_u8(const uint8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
}

static inline AVX2 __m256 load8_u16(const uint8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)));
}

static inline float load1_u8(const uint8_t *p) { return (float)*p; }

static inline float load1_u16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return (float)v;
}

static const float kQuantizationBias = 12582912.0f;  // 0x1.8p23

typedef struct {
    float scale, offset;
} Window;

// max(0, x) and min(255, x) with these operand orders are Swift's selects exactly, -0 included, and
// a NaN stays a NaN as it does there: maxps returns its second operand unless the first is greater,
// minps unless the first is smaller.
static inline AVX2 __m256 window8(__m256 v, Window w) {
    __m256 x = _mm256_add_ps(_mm256_mul_ps(v, _mm256_set1_ps(w.scale)), _mm256_set1_ps(w.offset));
    x = _mm256_max_ps(_mm256_setzero_ps(), x);
    x = _mm256_min_ps(_mm256_set1_ps(255.0f), x);
    const __m256 bias = _mm256_set1_ps(kQuantizationBias);
    return _mm256_sub_ps(_mm256_add_ps(x, bias), bias);
}

static inline float window1(float v, Window w) {
    float x = v * w.scale + w.offset;
    if (x < 0) x = 0;
    if (x > 255) x = 255;
    return (x + kQuantizationBias) - kQuantizationBias;
}

static inline AVX2 __m256 identity8(__m256 v, Window w) {
    (void)w;
    return v;
}

static inline float identity1(float v, Window w) {
    (void)w;
    return v;
}

// One body for the three kernels; `width` is the sample size in bytes. Offsets are computed in
// ptrdiff_t, as Swift's wrapping Int arithmetic does, and the row pointer advances only between taps.
#define VERTICAL_PASS(LOAD8, LOAD1, MAP8, MAP1, width)                                                   \
    do {                                                                                              \
        const uint8_t *base = (const uint8_t *)source + first_row * row_stride * (width);            \
        const ptrdiff_t stride = row_stride * (width);                                                \
        ptrdiff_t x = first;                                                                          \
        for (; x + 32 <= end; x += 32) {                                                              \
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                               \
            for (ptrdiff_t k = 0; k < taps; k++) {                                                    \
                const uint8_t *p = base + k * stride + x * (width);                                   \
                const __m256 w = _mm256_set1_ps(weights[k]);                                          \
                a0 = _mm256_add_ps(a0, _mm256_mul_ps(MAP8(LOAD8(p), window), w));                     \
                a1 = _mm256_add_ps(a1, _mm256_mul_ps(MAP8(LOAD8(p + 8 * (width)), window), w));       \
                a2 = _mm256_add_ps(a2, _mm256_mul_ps(MAP8(LOAD8(p + 16 * (width)), window), w));      \
                a3 = _mm256_add_ps(a3, _mm256_mul_ps(MAP8(LOAD8(p + 24 * (width)), window), w));      \
            }                                                                                         \
            _mm256_storeu_ps(row + x, a0);                                                            \
            _mm256_storeu_ps(row + x + 8, a1);                                                        \
            _mm256_storeu_ps(row + x + 16, a2);                                                       \
            _mm256_storeu_ps(row + x + 24, a3);                                                       \
        }                                                                                             \
        for (; x + 8 <= end; x += 8) {                                                                \
            __m256 a0 = _mm256_setzero_ps();                                                          \
            for (ptrdiff_t k = 0; k < taps; k++) {                                                    \
                const uint8_t *p = base + k * stride + x * (width);                                   \
                const __m256 w = _mm256_set1_ps(weights[k]);                                          \
                a0 = _mm256_add_ps(a0, _mm256_mul_ps(MAP8(LOAD8(p), window), w));                     \
            }                                                                                         \
            _mm256_storeu_ps(row + x, a0);                                                            \
        }                                                                                             \
        for (; x < end; x++) {                                                                        \
            float a = 0;                                                                              \
            for (ptrdiff_t k = 0; k < taps; k++)                                                      \
                a += MAP1(LOAD1(base + k * stride + x * (width)), window) * weights[k];               \
            row[x] = a;                                                                               \
        }                                                                                             \
    } while (0)

// AVX-512 (F) where the CPU has it: the same per-column chains sixteen columns at a time, so the
// same bits; the columns left over go through the AVX2 and scalar loops above.
#define AVX512 __attribute__((target("avx512f")))

static int CKernels_has_avx512(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") ? 1 : 0;
    }
    return known;
}

static inline AVX512 __m512 load16_u8(const uint8_t *p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p)));
}

static inline AVX512 __m512 load16_u16(const uint8_t *p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p)));
}

static inline AVX512 __m512 window16(__m512 v, Window w) {
    __m512 x = _mm512_add_ps(_mm512_mul_ps(v, _mm512_set1_ps(w.scale)), _mm512_set1_ps(w.offset));
    x = _mm512_max_ps(_mm512_setzero_ps(), x);
    x = _mm512_min_ps(_mm512_set1_ps(255.0f), x);
    const __m512 bias = _mm512_set1_ps(kQuantizationBias);
    return _mm512_sub_ps(_mm512_add_ps(x, bias), bias);
}

static inline AVX512 __m512 identity16(__m512 v, Window w) {
    (void)w;
    return v;
}

// Columns `first` up to a multiple of 16 before `end`; returns the first column not done.
#define VERTICAL_PASS_512(LOAD16, MAP16, width)                                                        \
    do {                                                                                              \
        const uint8_t *base = (const uint8_t *)source + first_row * row_stride * (width);            \
        const ptrdiff_t stride = row_stride * (width);                                                \
        ptrdiff_t x = first;                                                                          \
        for (; x + 32 <= end; x += 32) {                                                              \
            __m512 a0 = _mm512_setzero_ps(), a1 = a0;                                                 \
            for (ptrdiff_t k = 0; k < taps; k++) {                                                    \
                const uint8_t *p = base + k * stride + x * (width);                                   \
                const __m512 w = _mm512_set1_ps(weights[k]);                                          \
                a0 = _mm512_add_ps(a0, _mm512_mul_ps(MAP16(LOAD16(p), window), w));                   \
                a1 = _mm512_add_ps(a1, _mm512_mul_ps(MAP16(LOAD16(p + 16 * (width)), window), w));    \
            }                                                                                         \
            _mm512_storeu_ps(row + x, a0);                                                            \
            _mm512_storeu_ps(row + x + 16, a1);                                                       \
        }                                                                                             \
        for (; x + 16 <= end; x += 16) {                                                              \
            __m512 a0 = _mm512_setzero_ps();                                                          \
            for (ptrdiff_t k = 0; k < taps; k++) {                                                    \
                const __m512 w = _mm512_set1_ps(weights[k]);                                          \
                a0 = _mm512_add_ps(a0, _mm512_mul_ps(MAP16(LOAD16(base + k * stride + x * (width)), window), w)); \
            }                                                                                         \
            _mm512_storeu_ps(row + x, a0);                                                            \
        }                                                                                             \
        return x;                                                                                     \
    } while (0)

static AVX512 ptrdiff_t vertical512_u8(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                       const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                       float *row, Window window, int windowed) {
    if (windowed) VERTICAL_PASS_512(load16_u8, window16, 1);
    VERTICAL_PASS_512(load16_u8, identity16, 1);
}

static AVX512 ptrdiff_t vertical512_u16(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                        const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                        float *row, Window window, int windowed) {
    if (windowed) VERTICAL_PASS_512(load16_u16, window16, 2);
    VERTICAL_PASS_512(load16_u16, identity16, 2);
}

AVX2 void CKernels_vertical_u8(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                               const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row) {
    const Window window = {1, 0};
    if (CKernels_has_avx512())
        first = vertical512_u8(source, row_stride, first_row, weights, taps, first, end, row, window, 0);
    VERTICAL_PASS(load8_u8, load1_u8, identity8, identity1, 1);
}

AVX2 void CKernels_vertical_u8_window(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                      const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                      float scale, float offset, float *row) {
    const Window window = {scale, offset};
    if (CKernels_has_avx512())
        first = vertical512_u8(source, row_stride, first_row, weights, taps, first, end, row, window, 1);
    VERTICAL_PASS(load8_u8, load1_u8, window8, window1, 1);
}

AVX2 void CKernels_vertical_u16(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row) {
    const Window window = {1, 0};
    if (CKernels_has_avx512())
        first = vertical512_u16(source, row_stride, first_row, weights, taps, first, end, row, window, 0);
    VERTICAL_PASS(load8_u16, load1_u16, identity8, identity1, 2);
}

AVX2 void CKernels_vertical_u16_window(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                       const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                       float scale, float offset, float *row) {
    const Window window = {scale, offset};
    if (CKernels_has_avx512())
        first = vertical512_u16(source, row_stride, first_row, weights, taps, first, end, row, window, 1);
    VERTICAL_PASS(load8_u16, load1_u16, window8, window1, 2);
}

#else

// Not x86-64: never AVX2, and the Swift kernels run instead; these are never called.
int CKernels_has_avx2(void) { return 0; }

void CKernels_vertical_u8(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                          const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row) {
    (void)source, (void)row_stride, (void)first_row, (void)weights, (void)taps, (void)first, (void)end, (void)row;
}

void CKernels_vertical_u16(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                           const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row) {
    (void)source, (void)row_stride, (void)first_row, (void)weights, (void)taps, (void)first, (void)end, (void)row;
}

void CKernels_vertical_u16_window(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                  const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                  float scale, float offset, float *row) {
    (void)source, (void)row_stride, (void)first_row, (void)weights, (void)taps, (void)first, (void)end;
    (void)scale, (void)offset, (void)row;
}

void CKernels_vertical_u8_window(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                 const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                 float scale, float offset, float *row) {
    (void)source, (void)row_stride, (void)first_row, (void)weights, (void)taps, (void)first, (void)end;
    (void)scale, (void)offset, (void)row;
}

#endif
