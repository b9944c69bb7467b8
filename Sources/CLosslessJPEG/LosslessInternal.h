#ifndef CLOSSLESSJPEG_INTERNAL_H
#define CLOSSLESSJPEG_INTERNAL_H

// Shared by the marker parser (Markers.c) and the scan decoder (Scan.c).

#include "CLosslessJPEG.h"

#include <stdarg.h>
#include <stdint.h>

/// Bits the first-level Huffman table resolves at once. Codes of lossless CR images are mostly
/// 2-8 bits and their extra bits a few more, so 11 bits decode most code + extra-bit pairs with one
/// lookup while the table (8 KiB) stays in L1.
#define LJ_LOOKAHEAD 11

/// One Huffman table (ISO 10918-1 C, F.2.2.3): a lookahead table plus the canonical decoding
/// arrays (libjpeg's maxcode / valoffset) for codes longer than LJ_LOOKAHEAD bits.
///
/// A lookahead entry is 0 when the code is longer than the lookahead (or invalid); otherwise bits
/// 0-4 hold the bits to consume (bits 5 and 6 are zero, so that a 64-bit shift by the whole
/// entry consumes them), bit 7 says the entry is complete (code and extra bits both fit,
/// and bits 16-31 hold the signed difference, arithmetic-shifted), else bits 8-12 hold SSSS.
/// Bits of the pair table (at least LJ_LOOKAHEAD). 12 bits hold two complete code + extra-bit
/// pairs for most samples of 10-12-bit radiographs (5-6 bits a sample), and 32 KiB stay in L1.
#define LJ_PAIR_LOOKAHEAD 12

/// A row is decoded through the pair table when the row before it took at most this many bits a
/// sample (pairs fit 12 bits for most samples below about 6; at 9, as in noisy 16-bit data, few do).
#define LJ_PAIR_MAX_BITS 7

typedef struct {
    int defined;
    int32_t fast[1 << LJ_LOOKAHEAD];
    /// Two differences in one lookup, for single-component scans: 0 unless the first code and its
    /// extra bits fit the lookahead (then decode one difference with `fast`); else bits 0-4 hold the
    /// bits to consume, bit 7 is LJ_FULL, bits 16-31 hold the first difference as in `fast`, and
    /// when the second difference fits too, bit 6 (LJ_PAIR) is set, bits 0-4 count both and
    /// bits 48-63 hold the second difference (else they are 0).
    int64_t pair[1 << LJ_PAIR_LOOKAHEAD];
    int32_t maxcode[18];
    int32_t valoffset[17];
    uint8_t values[256];
} LJHuffman;

#define LJ_FULL 0x80
#define LJ_PAIR 0x40

typedef struct {
    int id;
    int table;  // Huffman table of the current scan
    int done;   // decoded by some scan
} LJComponent;

/// Everything the markers say, and where the parser is.
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t pos;
    CLosslessJPEG_Status *status;
    int width, height, precision, components, has_frame;
    LJComponent component[4];
    LJHuffman huffman[4];
    int restart_interval;
    // The current scan.
    int scan_count;
    int scan_components;
    int scan_index[4];  // component indices in the scan
    int predictor, point_transform;
} LJDecoder;

/// Fills in `d->status` and returns `kind`.
int lj_fail(LJDecoder *d, int kind, size_t offset, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/// Reads markers until the next start-of-scan (returns OK with the scan set up), end of image or
/// end of data (returns OK with `*ended` = 1), or a failure.
int lj_next_scan(LJDecoder *d, int *ended);

/// Decodes the scan whose header was just read, its entropy-coded data starting at `d->pos`;
/// leaves `d->pos` at the marker after it.
int lj_decode_scan(LJDecoder *d, uint16_t *out);

#endif
