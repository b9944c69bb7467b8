// What PNGWriter.c and PNGReader.c share: the parts of PNG 1.2 (ISO 15948) both sides spell the same.
#ifndef CPNG_PNG_FORMAT_H
#define CPNG_PNG_FORMAT_H

#include <stdint.h>
#include <stdlib.h>

/// The eight bytes every PNG starts with.
static const unsigned char CPNG_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

/// A big-endian 32-bit field (chunk lengths, CRCs, IHDR sizes).
static inline uint32_t CPNG_get32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void CPNG_put32(unsigned char *p, uint32_t value) {
    p[0] = (unsigned char)(value >> 24);
    p[1] = (unsigned char)(value >> 16);
    p[2] = (unsigned char)(value >> 8);
    p[3] = (unsigned char)value;
}

/// The Paeth predictor (section 9.4) of left `a`, above `b` and upper-left `c`.
static inline unsigned char CPNG_paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc) return (unsigned char)a;
    return (unsigned char)(pb <= pc ? b : c);
}

#endif
