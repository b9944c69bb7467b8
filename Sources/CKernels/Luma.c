// RGB to gray (CKernelsLuma.h says what is computed). The equal-channel check rides along as an OR of
// differences, so a gray radiograph stored as RGB is recognized in the same pass.
#include "CKernelsLuma.h"

// Each stride gets its own loop so the compiler can vectorize the deinterleaving loads.
#define CKERNELS_LUMA_LOOP(T, STRIDE)                                                                   \
    for (ptrdiff_t i = 0; i < count; i++) {                                                             \
        const T *p = rgb + (STRIDE) * i;                                                                \
        uint32_t r = p[0], g = p[1], b = p[2];                                                          \
        differs |= (r ^ g) | (g ^ b);                                                                   \
        gray[i] = (T)CKernels_luma(r, g, b);                                                            \
    }

int CKernels_rgb_to_gray_u8(const uint8_t *restrict rgb, ptrdiff_t stride, uint8_t *restrict gray, ptrdiff_t count) {
    uint32_t differs = 0;
    if (stride == 4) {
        CKERNELS_LUMA_LOOP(uint8_t, 4)
    } else {
        CKERNELS_LUMA_LOOP(uint8_t, 3)
    }
    return differs == 0;
}

int CKernels_rgb_to_gray_u16(const uint16_t *restrict rgb, ptrdiff_t stride, uint16_t *restrict gray,
                             ptrdiff_t count) {
    uint32_t differs = 0;
    if (stride == 4) {
        CKERNELS_LUMA_LOOP(uint16_t, 4)
    } else {
        CKERNELS_LUMA_LOOP(uint16_t, 3)
    }
    return differs == 0;
}
