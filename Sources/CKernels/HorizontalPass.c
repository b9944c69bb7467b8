// The resize kernel's gathered horizontal pass into 8-bit samples, on AVX-512 CPUs; CKernels.h says
// what it computes.
//
// Swift's `ResizeKernel.horizontalPassGathered` builds each vector of eight outputs' inputs from
// eight scalar loads, for every tap: after the vertical pass moved to CKernels, that was twice the
// vertical pass's time in a 580 -> 512 area reduction (2.3% of converting an RGB-encoded JPEG
// X-ray, `perf`). Eight consecutive outputs of a reduction with few taps read a window of at most
// sixteen (up to a 2x reduction) or 32 (up to about 3.5x) consecutive inputs, so two loads and one
// two-source permute per tap (`vpermt2ps`) give the same vector. Each output's sum is the same chain of single-precision multiplies and adds in tap
// order as in Swift, never fused (contraction is off for this file), and the result is quantized
// with Swift's selects and bias, so the bytes are Swift's.
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)

#include <immintrin.h>
#include <string.h>

#define AVX512VL __attribute__((target("avx512f,avx512vl")))

int CKernels_has_avx512vl(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") ? 1 : 0;
    }
    return known;
}

static const float kBias = 12582912.0f;  // 0x1.8p23

// UInt8.store1: clamp with Swift's comparisons, round half to even through the bias, low byte.
static inline uint8_t quantize1(float x) {
    if (x < 0) x = 0;
    if (x > 255) x = 255;
    const float biased = x + kBias;
    uint32_t bits;
    memcpy(&bits, &biased, sizeof bits);
    return (uint8_t)bits;
}

AVX512VL void CKernels_horizontal_gathered_u8(const float *row, ptrdiff_t row_count, const ptrdiff_t *starts,
                                              const float *group_weights, const float *weights, ptrdiff_t taps,
                                              ptrdiff_t count, uint8_t *out) {
    const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255.0f), bias = _mm256_set1_ps(kBias);
    ptrdiff_t ox = 0, group = 0;
    for (; ox + 8 <= count; ox += 8, group++) {
        const ptrdiff_t s0 = starts[ox];
        const float *w = group_weights + group * taps * 8;
        __m256 acc = _mm256_setzero_ps();
        const ptrdiff_t span = starts[ox + 7] + taps - s0;
        // The eight starts, less the first, as 32-bit lane indices (starts are 64-bit).
        __m256i index = _mm256_sub_epi32(_mm512_cvtepi64_epi32(_mm512_loadu_si512((const void *)(starts + ox))),
                                          _mm256_set1_epi32((int)s0));
        const __m256i one = _mm256_set1_epi32(1);
        if (span <= 16 && s0 + 16 <= row_count) {
            const __m256 low = _mm256_loadu_ps(row + s0), high = _mm256_loadu_ps(row + s0 + 8);
            for (ptrdiff_t k = 0; k < taps; k++) {
                const __m256 v = _mm256_permutex2var_ps(low, index, high);
                acc = _mm256_add_ps(acc, _mm256_mul_ps(v, _mm256_loadu_ps(w + k * 8)));
                index = _mm256_add_epi32(index, one);
            }
        } else if (span <= 32 && s0 + 32 <= row_count) {
            // Reductions between 2x and about 3.5x: a window of 32 inputs, the low eight lanes of a
            // sixteen-lane permute (the upper index lanes are zero and their results unused).
            const __m512 low = _mm512_loadu_ps(row + s0), high = _mm512_loadu_ps(row + s0 + 16);
            for (ptrdiff_t k = 0; k < taps; k++) {
                const __m256 v = _mm512_castps512_ps256(_mm512_permutex2var_ps(low, _mm512_zextsi256_si512(index), high));
                acc = _mm256_add_ps(acc, _mm256_mul_ps(v, _mm256_loadu_ps(w + k * 8)));
                index = _mm256_add_epi32(index, one);
            }
        } else {
            // Outputs spread wider than 32 inputs, or a window past the row's end: Swift's gather.
            for (ptrdiff_t k = 0; k < taps; k++) {
                const __m256 v = _mm256_setr_ps(row[starts[ox] + k], row[starts[ox + 1] + k], row[starts[ox + 2] + k],
                                                row[starts[ox + 3] + k], row[starts[ox + 4] + k],
                                                row[starts[ox + 5] + k], row[starts[ox + 6] + k],
                                                row[starts[ox + 7] + k]);
                acc = _mm256_add_ps(acc, _mm256_mul_ps(v, _mm256_loadu_ps(w + k * 8)));
            }
        }
        // max(0, x) then min(255, x) in these operand orders are Swift's two selects (see VerticalPass.c).
        __m256 x = _mm256_min_ps(top, _mm256_max_ps(zero, acc));
        const __m256i bits = _mm256_castps_si256(_mm256_add_ps(x, bias));
        _mm_storel_epi64((__m128i *)(out + ox), _mm256_cvtepi32_epi8(bits));
    }
    for (; ox < count; ox++) {
        float acc = 0;
        const float *w = weights + ox * taps;
        for (ptrdiff_t k = 0; k < taps; k++) acc += row[starts[ox] + k] * w[k];
        out[ox] = quantize1(acc);
    }
}

#else

// Not x86-64: the Swift pass runs instead; never called.
int CKernels_has_avx512vl(void) { return 0; }

void CKernels_horizontal_gathered_u8(const float *row, ptrdiff_t row_count, const ptrdiff_t *starts,
                                     const float *group_weights, const float *weights, ptrdiff_t taps,
                                     ptrdiff_t count, uint8_t *out) {
    (void)row, (void)row_count, (void)starts, (void)group_weights, (void)weights, (void)taps, (void)count, (void)out;
}

#endif
