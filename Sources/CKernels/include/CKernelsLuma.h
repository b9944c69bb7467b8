#ifndef CKERNELS_LUMA_H
#define CKERNELS_LUMA_H

/*
 * RGB to gray with BT.601 luma weights, bit for bit as OpenCV's `cvtColor(COLOR_RGB2GRAY)` for 8- and
 * 16-bit samples: `(R * 9798 + G * 19235 + B * 3735 + 2^14) >> 15`. The weights (0.299, 0.587,
 * 0.114 in 15-bit fixed point) sum to 2^15, so a pixel whose three samples are equal keeps its value
 * exactly. Used by the PNG reader while unfiltering, by the JPEG shim for RGB (not YCbCr) files, and
 * by MedImage for DICOM and libpng-decoded color.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CKernels_luma_r = 9798, CKernels_luma_g = 19235, CKernels_luma_b = 3735, CKernels_luma_shift = 15 };

/// The luma of one 8- or 16-bit pixel.
static inline uint32_t CKernels_luma(uint32_t r, uint32_t g, uint32_t b) {
    return (r * CKernels_luma_r + g * CKernels_luma_g + b * CKernels_luma_b + (1u << (CKernels_luma_shift - 1))) >>
           CKernels_luma_shift;
}

/// Reduces `count` interleaved pixels of `stride` 8-bit samples (3 for RGB, 4 for RGBA: alpha is
/// ignored) to gray. Returns 1 when every pixel had equal R, G and B (the gray is then R), else 0.
int CKernels_rgb_to_gray_u8(const uint8_t *rgb, ptrdiff_t stride, uint8_t *gray, ptrdiff_t count);

/// As `CKernels_rgb_to_gray_u8` for 16-bit samples in host order.
int CKernels_rgb_to_gray_u16(const uint16_t *rgb, ptrdiff_t stride, uint16_t *gray, ptrdiff_t count);

#ifdef __cplusplus
}
#endif

#endif
