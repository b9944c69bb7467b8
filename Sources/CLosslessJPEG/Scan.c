// The entropy-coded data of one lossless scan (ISO 10918-1 H.1.2): Huffman-coded differences,
// undone against the predictor in one pass straight into the output rows.
//
// Bit-exactness with libjpeg's lossless decoder (inside DCMTK) comes from doing what it does:
// the first row of the scan and of every restart interval predicts from the left neighbour
// (its first sample from 2^(P-Pt-1)), the first sample of every other row from the one above,
// the rest with the scan's predictor; sums are taken modulo 2^16; SSSS 16 means 32768.
// Where libjpeg papers over bad data (zero bits past the end, a missing restart marker), this
// decoder stops with the byte offset instead.

#include "LosslessInternal.h"

#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size, pos;
    // The unread bits at the top, most significant first, so that a peek is one shift and
    // consuming n bits is `buffer <<= n`. Bits below the top `bits` are either zero or the first
    // bits of the byte at `pos` (a fast refill reads whole words and counts only whole bytes),
    // so that OR-ing that byte in again at the same place changes nothing.
    uint64_t buffer;
    int bits;
    int fake;  // zero bits appended after the data ended or a marker was reached
} LJBits;

__attribute__((noinline)) static void refill_slow(LJBits *b) {
    while (b->bits <= 56) {
        uint8_t byte = 0;
        if (b->pos < b->size && b->data[b->pos] != 0xFF) {
            byte = b->data[b->pos++];
        } else if (b->pos + 1 < b->size && b->data[b->pos] == 0xFF && b->data[b->pos + 1] == 0x00) {
            byte = 0xFF;
            b->pos += 2;
        } else {
            b->fake += 8;  // a marker or the end: stay there, feed zeros
        }
        b->buffer |= (uint64_t)byte << (56 - b->bits);
        b->bits += 8;
    }
}

/// Tops the buffer up to at least 56 bits (enough for a 16-bit code and 15 extra bits).
__attribute__((always_inline)) static inline void refill(LJBits *b) {
    if (__builtin_expect(b->pos + 8 <= b->size, 1)) {
        uint64_t word;
        memcpy(&word, b->data + b->pos, 8);
        word = __builtin_bswap64(word);
        uint64_t inverted = ~word;  // an 0xFF byte becomes a zero byte
        if (__builtin_expect(((inverted - 0x0101010101010101ULL) & ~inverted & 0x8080808080808080ULL) == 0, 1)) {
            // No byte is 0xFF, so no stuffing and no marker: take whole bytes up to 56-63 bits.
            b->buffer |= word >> b->bits;
            b->pos += (size_t)((63 - b->bits) >> 3);
            b->bits |= 56;
            return;
        }
    }
    // Through a copy, so that the caller's reader never has its address taken and stays in
    // registers (through `b` itself it went to the stack, and every sample waited on a reload).
    LJBits copy = *b;
    refill_slow(&copy);
    *b = copy;
}

/// The byte offset of the next unread bit (approximate inside a byte).
static size_t bit_offset(const LJBits *b) {
    int real = b->bits - b->fake;
    if (real < 0) real = 0;
    size_t back = (size_t)(real + 7) / 8;
    return b->pos >= back ? b->pos - back : 0;
}

/// Takes `n` bits (1...16) off the top of the buffer.
__attribute__((always_inline)) static inline uint32_t take(LJBits *b, int n) {
    uint32_t value = (uint32_t)(b->buffer >> (64 - n));
    b->buffer <<= n;
    b->bits -= n;
    return value;
}

/// Decodes one difference; returns 0 and sets `*ok` = 0 on an invalid code.
__attribute__((always_inline)) static inline int32_t decode_difference(LJBits *b, const LJHuffman *h, int *ok) {
    if (b->bits < 32) refill(b);
    uint32_t entry = (uint32_t)h->fast[b->buffer >> (64 - LJ_LOOKAHEAD)];
    if (__builtin_expect(entry & LJ_FULL, 1)) {
        // Code and extra bits in one: the shift takes the low 6 bits of the entry, the length.
        b->buffer <<= entry & 63;
        b->bits -= entry & 31;
        return (int32_t)entry >> 16;
    }
    int ssss;
    if (entry) {
        b->buffer <<= entry & 31;
        b->bits -= entry & 31;
        ssss = (entry >> 8) & 31;
    } else {
        int length = LJ_LOOKAHEAD + 1;
        int32_t code = (int32_t)(b->buffer >> (64 - length));
        while (code > h->maxcode[length]) {
            length++;
            if (length > 16) {
                *ok = 0;
                return 0;
            }
            code = (int32_t)(b->buffer >> (64 - length));
        }
        take(b, length);
        ssss = h->values[(code + h->valoffset[length]) & 0xFF];
        if (ssss == 0) return 0;
        if (ssss == 16) return 32768;
    }
    int32_t extra = (int32_t)take(b, ssss);
    return extra < (1 << (ssss - 1)) ? extra - (1 << ssss) + 1 : extra;
}

/// decode_difference for a caller that made sure of at least LJ_LOOKAHEAD bits: only the slow
/// path (a code or extra bits beyond the lookahead) tops the buffer up, which keeps the bits
/// already peeked at.
__attribute__((always_inline)) static inline int32_t decode_checked(LJBits *b, const LJHuffman *h, int *ok) {
    uint32_t entry = (uint32_t)h->fast[b->buffer >> (64 - LJ_LOOKAHEAD)];
    if (__builtin_expect(entry & LJ_FULL, 1)) {
        b->buffer <<= entry & 63;
        b->bits -= entry & 31;
        return (int32_t)entry >> 16;
    }
    return decode_difference(b, h, ok);
}

/// Decodes `rows` rows starting at row `y`: the first predicts as a first row when `first` is set.
/// `out` is the whole image (stride `stride` samples per pixel), already holding earlier rows.
static int decode_rows(LJDecoder *d, LJBits *b, uint16_t *out, int y, int rows, int first);

/// Decodes with the bit reader in a local copy, which the compiler keeps in registers (the
/// caller's may alias nothing, but its address escapes).
static int decode_rows_local(LJDecoder *d, LJBits *shared, uint16_t *out, int y, int rows, int first) {
    LJBits local = *shared;
    int result = decode_rows(d, &local, out, y, rows, first);
    *shared = local;
    return result;
}

__attribute__((always_inline)) static inline int decode_rows(LJDecoder *d, LJBits *b, uint16_t *out, int y, int rows,
                                                             int first) {
    const int width = d->width, stride = d->components, count = d->scan_components;
    const int initial = 1 << (d->precision - d->point_transform - 1);
    const size_t row_samples = (size_t)width * (size_t)stride;
    int offsets[4];
    const LJHuffman *tables[4];
    for (int k = 0; k < count; k++) {
        offsets[k] = d->scan_index[k];
        tables[k] = &d->huffman[d->component[d->scan_index[k]].table];
    }
    int ok = 1;
    size_t previous_bits = 0;  // entropy-coded bits of the previous row (approximate: stuffing counts)
    for (int row = y; row < y + rows; row++) {
        uint16_t *line = out + (size_t)row * row_samples;
        const uint16_t *above = line - row_samples;
        const int first_row = first && row == y;
        for (int k = 0; k < count; k++) {
            // The first pixel of every row: 2^(P-Pt-1) on a first row, else the sample above.
            const int o = offsets[k];
            int32_t diff = decode_difference(b, tables[k], &ok);
            line[o] = (uint16_t)((first_row ? initial : above[o]) + diff);
        }
        if (count == 1) {
            // The common case, one component per scan, specialised per predictor so that the
            // compiler keeps the loop tight.
            const LJHuffman *h = tables[0];
            const int o = offsets[0];
            uint16_t *q = line + o;
            const uint16_t *a = above + o;
            const int s = stride;
// Two differences per lookup where the pair table has them; the sample after the first is
// always written (with a zero difference when there is no pair) and then either kept or
// overwritten, so that the choice is a conditional move, not a branch. PREDICTION reads `x` and
// `Ra`, the previous sample, kept in a register.
#define LJ_LOOP(PREDICTION)                                                                      \
    {                                                                                            \
        int32_t Ra = q[0];                                                                       \
        int x = 1;                                                                               \
        while (pairs && x < width - 1) {                                                         \
            if (b->bits < 32) refill(b);                                                         \
            const int64_t entry = h->pair[b->buffer >> (64 - LJ_PAIR_LOOKAHEAD)];                \
            if (__builtin_expect(entry & LJ_FULL, 1)) {                                          \
                b->buffer <<= entry & 63;                                                        \
                b->bits -= (int)(entry & 31);                                                    \
                Ra = (uint16_t)((PREDICTION) + ((int32_t)entry >> 16));                          \
                q[x * s] = (uint16_t)Ra;                                                         \
                x++;                                                                             \
                const int32_t next = (uint16_t)((PREDICTION) + (int32_t)(entry >> 48));          \
                q[x * s] = (uint16_t)next;                                                       \
                const int paired = (int)(entry >> 6) & 1;                                        \
                Ra = paired ? next : Ra;                                                         \
                x += paired;                                                                     \
            } else {                                                                             \
                Ra = (uint16_t)((PREDICTION) + decode_difference(b, h, &ok));                    \
                q[x * s] = (uint16_t)Ra;                                                         \
                x++;                                                                             \
            }                                                                                    \
        }                                                                                        \
        /* Rows of more bits a sample: two samples per refill check (at least 32 bits cover a */ \
        /* complete first difference and, unless it took over 21, the second's lookahead). */     \
        while (!pairs && x < width - 1) {                                                        \
            if (b->bits < 32) refill(b);                                                         \
            Ra = (uint16_t)((PREDICTION) + decode_checked(b, h, &ok));                           \
            q[x * s] = (uint16_t)Ra;                                                             \
            x++;                                                                                 \
            if (__builtin_expect(b->bits < LJ_LOOKAHEAD, 0)) refill(b);                          \
            Ra = (uint16_t)((PREDICTION) + decode_checked(b, h, &ok));                           \
            q[x * s] = (uint16_t)Ra;                                                             \
            x++;                                                                                 \
        }                                                                                        \
        for (; x < width; x++) {                                                                 \
            Ra = (uint16_t)((PREDICTION) + decode_difference(b, h, &ok));                        \
            q[x * s] = (uint16_t)Ra;                                                             \
        }                                                                                        \
    }
            // Pairs pay on rows of few bits a sample and cost on noisy ones (a bigger table, a
            // second lookup for the many differences that do not fit): the previous row decides.
            const int pairs = previous_bits <= (size_t)width * LJ_PAIR_MAX_BITS;
            const size_t start = b->pos * 8 - (size_t)b->bits;
            int predictor = first_row ? 1 : d->predictor;
            switch (predictor) {
            case 1: LJ_LOOP(Ra) break;
            case 2: LJ_LOOP(a[x * s]) break;
            case 3: LJ_LOOP(a[(x - 1) * s]) break;
            case 4: LJ_LOOP(Ra + a[x * s] - a[(x - 1) * s]) break;
            case 5: LJ_LOOP(Ra + ((a[x * s] - a[(x - 1) * s]) >> 1)) break;
            case 6: LJ_LOOP(a[x * s] + ((Ra - a[(x - 1) * s]) >> 1)) break;
            default: LJ_LOOP((Ra + a[x * s]) >> 1) break;
            }
#undef LJ_LOOP
            previous_bits = b->pos * 8 - (size_t)b->bits - start;
        } else {
            const int predictor = first_row ? 1 : d->predictor;
            for (int x = 1; x < width; x++) {
                for (int k = 0; k < count; k++) {
                    const size_t i = (size_t)x * stride + offsets[k];
                    const int32_t Ra = line[i - stride];
                    int32_t prediction = Ra;
                    if (predictor != 1) {
                        const int32_t Rb = above[i], Rc = above[i - stride];
                        switch (predictor) {
                        case 2: prediction = Rb; break;
                        case 3: prediction = Rc; break;
                        case 4: prediction = Ra + Rb - Rc; break;
                        case 5: prediction = Ra + ((Rb - Rc) >> 1); break;
                        case 6: prediction = Rb + ((Ra - Rc) >> 1); break;
                        default: prediction = (Ra + Rb) >> 1; break;
                        }
                    }
                    line[i] = (uint16_t)(prediction + decode_difference(b, tables[k], &ok));
                }
            }
        }
        if (!ok) {
            if (b->fake > b->bits) {
                return lj_fail(d, b->pos >= b->size ? CLosslessJPEG_TRUNCATED : CLosslessJPEG_MALFORMED, b->pos,
                               b->pos >= b->size ? "the scan data end at byte %zu, inside row %d"
                                                 : "marker at byte %zu inside the scan data of row %d",
                               b->pos, row);
            }
            return lj_fail(d, CLosslessJPEG_MALFORMED, bit_offset(b), "invalid Huffman code near byte %zu, in row %d",
                           bit_offset(b), row);
        }
        if (b->fake > b->bits) {
            // The end of the data is truncation; a marker where data should be is corruption.
            return lj_fail(d, b->pos >= b->size ? CLosslessJPEG_TRUNCATED : CLosslessJPEG_MALFORMED, b->pos,
                           b->pos >= b->size ? "the scan data end at byte %zu, inside row %d"
                                             : "marker at byte %zu inside the scan data of row %d",
                           b->pos, row);
        }
    }
    return CLosslessJPEG_OK;
}

int lj_decode_scan(LJDecoder *d, uint16_t *out) {
    LJBits b = {d->data, d->size, d->pos, 0, 0, 0};
    int rows_per_interval = d->height;
    if (d->restart_interval) {
        // Restart intervals are counted in MCUs, one pixel each here; libjpeg restarts only at row
        // starts, so other intervals are left to the caller's fallback decoder.
        if (d->restart_interval % d->width != 0) {
            return lj_fail(d, CLosslessJPEG_UNSUPPORTED, d->pos,
                           "restart interval %d is not a multiple of the width %d", d->restart_interval, d->width);
        }
        rows_per_interval = d->restart_interval / d->width;
    }
    int expected_marker = 0;
    for (int y = 0; y < d->height; y += rows_per_interval) {
        if (y > 0) {
            // Byte-align, skip padding, and require RSTn with n counting 0...7 (B.2.1, F.1.2.3).
            size_t pos = b.pos;
            while (pos < b.size && b.data[pos] != 0xFF) pos++;
            while (pos + 1 < b.size && b.data[pos + 1] == 0xFF) pos++;
            if (pos + 1 >= b.size) {
                return lj_fail(d, CLosslessJPEG_TRUNCATED, pos, "the data end at byte %zu before restart marker RST%d",
                               pos, expected_marker);
            }
            if (b.data[pos + 1] != 0xD0 + expected_marker) {
                return lj_fail(d, CLosslessJPEG_MALFORMED, pos,
                               "expected restart marker RST%d (0xFFD%d) at byte %zu before row %d, found 0xFF%02X",
                               expected_marker, expected_marker, pos, y, b.data[pos + 1]);
            }
            expected_marker = (expected_marker + 1) & 7;
            b.pos = pos + 2;
            b.buffer = 0;
            b.bits = 0;
            b.fake = 0;
        }
        int rows = d->height - y < rows_per_interval ? d->height - y : rows_per_interval;
        int result = decode_rows_local(d, &b, out, y, rows, 1);
        if (result) return result;
    }
    d->pos = b.pos;
    for (int k = 0; k < d->scan_components; k++) d->component[d->scan_index[k]].done = 1;
    return CLosslessJPEG_OK;
}
