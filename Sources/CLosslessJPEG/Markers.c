// Marker segments of a lossless JPEG codestream (ISO 10918-1 B.2, B.3.4 and Annex H): SOF3,
// DHT, DRI and SOS are read; APPn, COM and DQT are skipped; anything that is not lossless
// Huffman coding is reported as unsupported so that the caller can use another decoder.

#include "LosslessInternal.h"

#include <stdio.h>
#include <string.h>

int lj_fail(LJDecoder *d, int kind, size_t offset, const char *format, ...) {
    d->status->kind = kind;
    d->status->offset = offset;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(d->status->message, sizeof d->status->message, format, arguments);
    va_end(arguments);
    return kind;
}

static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/// Fills `h->pair` from `h->fast`: each index decodes one difference and, when the bits after it
/// hold a second complete one, that one too.
static void build_pairs(LJHuffman *h) {
    const int mask = (1 << LJ_PAIR_LOOKAHEAD) - 1, down = LJ_PAIR_LOOKAHEAD - LJ_LOOKAHEAD;
    for (int index = 0; index <= mask; index++) {
        const int32_t first = h->fast[index >> down];
        if (!(first & LJ_FULL)) {
            h->pair[index] = 0;
            continue;
        }
        const int length = first & 31;
        // The second entry depends only on its own first `second & 31` bits, all real bits of
        // `index` when they fit after the first (the zeros shifted in are never among them).
        const int32_t second = h->fast[((index << length) & mask) >> down];
        if ((second & LJ_FULL) && length + (second & 31) <= LJ_PAIR_LOOKAHEAD) {
            const uint32_t low = (uint32_t)((length + (second & 31)) | LJ_FULL | LJ_PAIR) | ((uint32_t)first & 0xFFFF0000u);
            h->pair[index] = (int64_t)((uint64_t)low | ((uint64_t)((uint32_t)second >> 16) << 48));
        } else {
            h->pair[index] = (int64_t)(uint32_t)first;
        }
    }
}

/// Builds the tables of one DHT entry from its 16 code counts and `count` values (C.2, F.2.2.3).
static int build_huffman(LJDecoder *d, LJHuffman *h, const uint8_t *counts, const uint8_t *values, int count,
                         size_t offset) {
    memset(h, 0, sizeof *h);
    for (int i = 0; i < count; i++) {
        if (values[i] > 16) {
            return lj_fail(d, CLosslessJPEG_MALFORMED, offset,
                           "Huffman table value %d is not a lossless difference category (0...16)", values[i]);
        }
        h->values[i] = values[i];
    }
    int code = 0, k = 0;
    for (int length = 1; length <= 16; length++) {
        h->valoffset[length] = k - code;
        for (int i = 0; i < counts[length - 1]; i++, k++, code++) {
            if (code >= (1 << length)) {
                return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "Huffman table has more codes of length %d than fit",
                               length);
            }
            if (length <= LJ_LOOKAHEAD) {
                int ssss = values[k];
                int shift = LJ_LOOKAHEAD - length;
                for (int fill = 0; fill < (1 << shift); fill++) {
                    int index = (code << shift) | fill;
                    int32_t entry;
                    if (ssss == 0) {
                        entry = length | LJ_FULL;
                    } else if (ssss == 16) {
                        entry = length | LJ_FULL | (int32_t)((uint32_t)32768 << 16);
                    } else if (length + ssss <= LJ_LOOKAHEAD) {
                        int extra = (fill >> (shift - ssss)) & ((1 << ssss) - 1);
                        int diff = extra < (1 << (ssss - 1)) ? extra - (1 << ssss) + 1 : extra;
                        entry = (length + ssss) | LJ_FULL | (int32_t)((uint32_t)diff << 16);
                    } else {
                        entry = length | (ssss << 8);
                    }
                    h->fast[index] = entry;
                }
            }
        }
        h->maxcode[length] = counts[length - 1] ? code - 1 : -1;
        code <<= 1;
    }
    h->maxcode[17] = 0x7FFFFFFF;  // sentinel: stops the slow search
    build_pairs(h);
    h->defined = 1;
    return CLosslessJPEG_OK;
}

static int read_dht(LJDecoder *d, const uint8_t *p, size_t length, size_t offset) {
    size_t at = 0;
    while (at < length) {
        if (length - at < 17) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "DHT segment is too short");
        int table_class = p[at] >> 4, id = p[at] & 15;
        int count = 0;
        for (int i = 0; i < 16; i++) count += p[at + 1 + i];
        if (count > 256 || at + 17 + (size_t)count > length) {
            return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "DHT segment announces %d codes but holds fewer", count);
        }
        if (id > 3) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "Huffman table id %d is over 3", id);
        if (table_class == 0) {
            int result = build_huffman(d, &d->huffman[id], p + at + 1, p + at + 17, count, offset);
            if (result) return result;
        }
        // AC tables (class 1) have no use in lossless scans; an encoder may still send them.
        at += 17 + (size_t)count;
    }
    return CLosslessJPEG_OK;
}

static int read_sof3(LJDecoder *d, const uint8_t *p, size_t length, size_t offset) {
    if (d->has_frame) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "second SOF marker");
    if (length < 6) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "SOF3 segment is too short");
    d->precision = p[0];
    d->height = (int)be16(p + 1);
    d->width = (int)be16(p + 3);
    d->components = p[5];
    if (d->precision < 2 || d->precision > 16) {
        return lj_fail(d, CLosslessJPEG_UNSUPPORTED, offset, "sample precision %d is outside 2...16", d->precision);
    }
    if (d->height == 0) {
        return lj_fail(d, CLosslessJPEG_UNSUPPORTED, offset, "the height is given by a DNL marker");
    }
    if (d->width == 0) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "the width is 0");
    if (d->components != 1 && d->components != 3) {
        return lj_fail(d, CLosslessJPEG_UNSUPPORTED, offset, "%d components (1 or 3 are decoded)", d->components);
    }
    if (length < 6 + 3 * (size_t)d->components) {
        return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "SOF3 segment is shorter than its %d components",
                       d->components);
    }
    for (int c = 0; c < d->components; c++) {
        const uint8_t *q = p + 6 + 3 * c;
        if (q[1] != 0x11) {
            return lj_fail(d, CLosslessJPEG_UNSUPPORTED, offset, "component %d has sampling factors %dx%d", c,
                           q[1] >> 4, q[1] & 15);
        }
        d->component[c].id = q[0];
        d->component[c].done = 0;
    }
    d->has_frame = 1;
    return CLosslessJPEG_OK;
}

static int read_sos(LJDecoder *d, const uint8_t *p, size_t length, size_t offset) {
    if (!d->has_frame) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "SOS before SOF3");
    if (length < 1) return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "SOS segment is too short");
    int count = p[0];
    if (count < 1 || count > d->components || length != 4 + 2 * (size_t)count) {
        return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "SOS segment of %zu bytes for %d components", length + 2,
                       count);
    }
    for (int i = 0; i < count; i++) {
        int id = p[1 + 2 * i], table = p[2 + 2 * i] >> 4, index = -1;
        for (int c = 0; c < d->components; c++) {
            if (d->component[c].id == id) index = c;
        }
        for (int j = 0; j < i; j++) {
            if (d->scan_index[j] == index) index = -1;
        }
        if (index < 0) {
            return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "scan component id %d is not in the frame (or repeated)", id);
        }
        if (table > 3 || !d->huffman[table].defined) {
            return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "scan uses Huffman table %d, which is not defined", table);
        }
        d->scan_index[i] = index;
        d->component[index].table = table;
    }
    d->scan_components = count;
    d->predictor = p[1 + 2 * count];
    int point_transform = p[3 + 2 * count] & 15;
    d->point_transform = point_transform;
    if (d->predictor < 1 || d->predictor > 7) {
        return lj_fail(d, CLosslessJPEG_UNSUPPORTED, offset, "selection value %d (predictors 1...7 are decoded)",
                       d->predictor);
    }
    if (point_transform >= d->precision) {
        return lj_fail(d, CLosslessJPEG_MALFORMED, offset, "point transform %d is not below the precision %d",
                       point_transform, d->precision);
    }
    d->scan_count++;
    return CLosslessJPEG_OK;
}

int lj_next_scan(LJDecoder *d, int *ended) {
    *ended = 0;
    for (;;) {
        // Bytes before a marker (padding after a scan) are skipped, as libjpeg does.
        while (d->pos < d->size && d->data[d->pos] != 0xFF) d->pos++;
        while (d->pos + 1 < d->size && d->data[d->pos + 1] == 0xFF) d->pos++;  // fill bytes
        if (d->pos + 2 > d->size) {
            *ended = 1;
            return CLosslessJPEG_OK;
        }
        size_t at = d->pos;
        int marker = d->data[at + 1];
        d->pos += 2;
        if (marker == 0xD9) {  // EOI
            *ended = 1;
            return CLosslessJPEG_OK;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            if (marker == 0xD8 && at != 0) return lj_fail(d, CLosslessJPEG_MALFORMED, at, "SOI marker inside the codestream");
            continue;  // markers without a length
        }
        if (marker == 0x00) continue;
        if (d->pos + 2 > d->size) {
            return lj_fail(d, CLosslessJPEG_TRUNCATED, at, "the data end inside marker 0xFF%02X", marker);
        }
        size_t length = be16(d->data + d->pos);
        if (length < 2 || d->pos + length > d->size) {
            return lj_fail(d, length < 2 ? CLosslessJPEG_MALFORMED : CLosslessJPEG_TRUNCATED, at,
                           "marker 0xFF%02X announces %zu bytes, %zu remain", marker, length, d->size - d->pos);
        }
        const uint8_t *p = d->data + d->pos + 2;
        size_t body = length - 2;
        d->pos += length;
        int result = CLosslessJPEG_OK;
        switch (marker) {
        case 0xC3: result = read_sof3(d, p, body, at); break;
        case 0xC4: result = read_dht(d, p, body, at); break;
        case 0xDD:
            if (body < 2) return lj_fail(d, CLosslessJPEG_MALFORMED, at, "DRI segment is too short");
            d->restart_interval = (int)be16(p);
            break;
        case 0xDA:
            result = read_sos(d, p, body, at);
            return result;
        case 0xC0: case 0xC1: case 0xC2: case 0xC5: case 0xC6: case 0xC7:
        case 0xC9: case 0xCA: case 0xCB: case 0xCD: case 0xCE: case 0xCF: case 0xCC: case 0xDC: case 0xDE: case 0xDF:
            return lj_fail(d, CLosslessJPEG_UNSUPPORTED, at,
                           "marker 0xFF%02X (not lossless Huffman coding, process 14)", marker);
        default: break;  // APPn, COM, DQT, reserved: skipped
        }
        if (result) return result;
    }
}
