#ifndef CKERNELS_H
#define CKERNELS_H

/*
 * AVX2 builds of MedKernels' hottest loop, the resize kernel's vertical pass, chosen at run time.
 *
 * Swift cannot compile one function for a wider instruction set than the rest of a module, and a
 * build for AVX2 everywhere would not start on older CPUs. These functions carry their own
 * `target("avx2")` and are called only when `CKernels_has_avx2()` says the CPU has it; on CPUs with
 * AVX-512 they run sixteen columns per vector (VerticalPass.c), with the same bits. They compute
 * exactly what `ResizeKernel.verticalPass` computes, bit for bit (same operations, same order, no
 * fused multiply-add), which `Tests/MedKernelsTests/VerticalPassAVX2Tests.swift` checks.
 *
 * Every function fills `row[first ..< end]` with, for each column `x`,
 * `((0 + m(s[r0][x]) * w[0]) + m(s[r0 + 1][x]) * w[1]) + ...` over `taps` rows starting at row
 * `first_row`, rows being `row_stride` samples apart, where `m` is the identity or the quantized
 * window. Sources may be unaligned.
 */

#include <stddef.h>
#include <stdint.h>

#include "CKernelsLuma.h"

#ifdef __cplusplus
extern "C" {
#endif

/// 1 if this CPU and kernel run AVX2 code, else 0. Swift asks once (`VerticalPassAVX2.cpuHasAVX2`).
int CKernels_has_avx2(void);

/// The vertical pass over 8-bit samples.
void CKernels_vertical_u8(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                          const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row);

/// The vertical pass over 16-bit samples (`source` need not be 2-byte aligned).
void CKernels_vertical_u16(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                           const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end, float *row);

/// The vertical pass over 16-bit samples, each first mapped by `QuantizedWindow`:
/// `x * scale + offset`, then `x < 0 ? 0 : x`, then `x > 255 ? 255 : x`, then rounded half to
/// even by adding and subtracting 0x1.8p23.
void CKernels_vertical_u16_window(const void *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                  const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                  float scale, float offset, float *row);

/// `CKernels_vertical_u16_window` over 8-bit samples (a JPEG or PNG windowed while it is resized).
void CKernels_vertical_u8_window(const uint8_t *source, ptrdiff_t row_stride, ptrdiff_t first_row,
                                 const float *weights, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t end,
                                 float scale, float offset, float *row);

/// 1 if this CPU runs AVX-512 F and VL code, else 0 (`HorizontalPassAVX512.available` asks once).
int CKernels_has_avx512vl(void);

/// `ResizeKernel.horizontalPassGathered` into 8-bit samples, bit for bit (HorizontalPass.c): for
/// each of `count` outputs `ox`, `((0 + row[starts[ox]] * w[0]) + row[starts[ox] + 1] * w[1]) + ...`
/// over `taps` taps, clamped to 0...255 and rounded half to even. `group_weights` holds each group
/// of eight outputs' weights tap-major (`ResamplePlan.gatheredWeights`), `weights` each output's
/// (`ResamplePlan.weights`, for the last `count % 8`). `row` holds `row_count` readable floats.
/// Call only when `CKernels_has_avx512vl()`.
void CKernels_horizontal_gathered_u8(const float *row, ptrdiff_t row_count, const ptrdiff_t *starts,
                                     const float *group_weights, const float *weights, ptrdiff_t taps,
                                     ptrdiff_t count, uint8_t *out);

#ifdef __cplusplus
}
#endif

#endif
