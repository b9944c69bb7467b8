// PNG decoding of the common case without libpng: chunks walked here, DEFLATE by libdeflate, rows
// unfiltered as PNG 1.2 (ISO 15948) section 9 says.
//
// libpng inflates through zlib, which is about half as fast as libdeflate, and checks the stream a
// few kilobytes at a time. Radiograph archives are overwhelmingly non-interlaced 8- or 16-bit gray
// (ChestX-ray14: 1024x1024, 8-bit), so that case is decoded here in one call. Anything else, and
// anything at all that is off (a CRC, the zlib stream or its Adler-32, a filter byte, the amount of
// image data, an unexpected critical chunk), is declined, and libpng decodes the file and words the
// error. The samples are the ones libpng produces with CPNG.c's transformations: alpha stripped,
// 16-bit samples in host order.
#include "CPNG.h"
#include "PNGFormat.h"

#include "CKernelsLuma.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// What the chunk walk found: the header and where the image data is.
typedef struct {
    CPNG_Info info;
    int file_channels;             // samples per pixel in the file, alpha included
    const unsigned char *first_idat;  // the first IDAT chunk (at its length field)
    size_t idat_chunks;            // consecutive IDAT chunks from first_idat
    size_t idat_bytes;             // their data bytes in total
} CPNG_Layout;

// Walks every chunk up to IEND. Returns 1 when the file is one this reader decodes.
// With `check_crc`, the CRC-32 of IHDR, every IDAT and IEND must match too.
static int CPNG_walk(const unsigned char *data, size_t size, int check_crc, CPNG_Layout *layout) {
    if (size < 8 + 25 || memcmp(data, CPNG_signature, 8) != 0) return 0;
    const unsigned char *ihdr = data + 8;
    if (CPNG_get32(ihdr) != 13 || memcmp(ihdr + 4, "IHDR", 4) != 0) return 0;
    uint32_t width = CPNG_get32(ihdr + 8), height = CPNG_get32(ihdr + 12);
    int bit_depth = ihdr[16], color_type = ihdr[17];
    // The same limit CPNG.c gives libpng; larger headers go to libpng to be refused there.
    if (width == 0 || height == 0 || width > (1u << 20) || height > (1u << 20)) return 0;
    if (bit_depth != 8 && bit_depth != 16) return 0;
    int file_channels;
    switch (color_type) {
    case 0: file_channels = 1; break;
    case 2: file_channels = 3; break;
    case 4: file_channels = 2; break;
    case 6: file_channels = 4; break;
    default: return 0;  // palette
    }
    if (ihdr[18] != 0 || ihdr[19] != 0 || ihdr[20] != 0) return 0;  // deflate, adaptive filters, no interlace
    if (check_crc && libdeflate_crc32(0, ihdr + 4, 17) != CPNG_get32(ihdr + 21)) return 0;

    memset(layout, 0, sizeof *layout);
    layout->info.width = (int)width;
    layout->info.height = (int)height;
    layout->info.file_bit_depth = bit_depth;
    layout->info.color_type = color_type;
    layout->info.interlaced = 0;
    layout->info.channels = (color_type & 2) ? 3 : 1;
    layout->info.bit_depth = bit_depth;
    layout->file_channels = file_channels;

    size_t at = 8 + 25;
    int idat_done = 0;
    for (;;) {
        if (size - at < 12) return 0;  // no IEND: truncated
        const unsigned char *chunk = data + at;
        uint32_t length = CPNG_get32(chunk);
        if (length > 0x7FFFFFFFu || size - at - 12 < length) return 0;
        const unsigned char *type = chunk + 4;
        for (int k = 0; k < 4; k++) {
            unsigned char letter = type[k] & 0xDF;  // libpng refuses a type that is not four ASCII letters
            if (letter < 'A' || letter > 'Z') return 0;
        }
        int is_idat = memcmp(type, "IDAT", 4) == 0;
        if (is_idat) {
            if (idat_done) return 0;  // IDAT chunks must be consecutive
            if (!layout->first_idat) layout->first_idat = chunk;
            layout->idat_chunks++;
            layout->idat_bytes += length;
        } else if (layout->first_idat) {
            idat_done = 1;
        }
        if (memcmp(type, "IEND", 4) == 0) {
            if (length != 0 || !layout->first_idat) return 0;
            if (check_crc && libdeflate_crc32(0, type, 4) != CPNG_get32(chunk + 8)) return 0;
            return 1;
        }
        // Critical chunks other than IDAT (PLTE, or ones this reader does not know) go to libpng.
        // Ancillary chunks do not change samples; libpng discards them, with a warning when damaged.
        if (!is_idat && (type[0] & 0x20) == 0) return 0;
        if (check_crc && is_idat && libdeflate_crc32(0, type, 4 + (size_t)length) != CPNG_get32(chunk + 8 + length))
            return 0;
        at += 12 + (size_t)length;
    }
}

int CPNG_fast_read_info(const void *data, size_t size, CPNG_Info *info) {
    CPNG_Layout layout;
    if (!CPNG_walk((const unsigned char *)data, size, 0, &layout)) return 0;
    *info = layout.info;
    return 1;
}

// Reverses filter `type` on one row: `src` filtered bytes, `prior` the previous unfiltered row
// (zeros above the first), `dst` the unfiltered row. `bpp` is a constant in every caller, so each
// loop is compiled for its pixel size. Returns 0 for an unknown filter type.
static inline __attribute__((always_inline)) int CPNG_unfilter(int type, const unsigned char *restrict src,
                                                               const unsigned char *restrict prior,
                                                               unsigned char *restrict dst, size_t n,
                                                               const size_t bpp) {
    size_t i;
    switch (type) {
    case 0:
        memcpy(dst, src, n);
        return 1;
    case 1:
        for (i = 0; i < bpp; i++) dst[i] = src[i];
        for (; i < n; i++) dst[i] = (unsigned char)(src[i] + dst[i - bpp]);
        return 1;
    case 2:
        for (i = 0; i < n; i++) dst[i] = (unsigned char)(src[i] + prior[i]);
        return 1;
    case 3:
        for (i = 0; i < bpp; i++) dst[i] = (unsigned char)(src[i] + (prior[i] >> 1));
        for (; i < n; i++) dst[i] = (unsigned char)(src[i] + ((dst[i - bpp] + prior[i]) >> 1));
        return 1;
    case 4:
        for (i = 0; i < bpp; i++) dst[i] = (unsigned char)(src[i] + prior[i]);
        for (; i < n; i++) dst[i] = (unsigned char)(src[i] + CPNG_paeth(dst[i - bpp], prior[i], prior[i - bpp]));
        return 1;
    default:
        return 0;
    }
}

static int CPNG_unfilter_row(int type, const unsigned char *src, const unsigned char *prior, unsigned char *dst,
                             size_t n, size_t bpp) {
    switch (bpp) {
    case 1: return CPNG_unfilter(type, src, prior, dst, n, 1);
    case 2: return CPNG_unfilter(type, src, prior, dst, n, 2);
    case 3: return CPNG_unfilter(type, src, prior, dst, n, 3);
    case 4: return CPNG_unfilter(type, src, prior, dst, n, 4);
    case 6: return CPNG_unfilter(type, src, prior, dst, n, 6);
    default: return CPNG_unfilter(type, src, prior, dst, n, 8);
    }
}

// One unfiltered RGB(A) file row into one gray output row. Returns 1 when every pixel had R = G = B.
static int CPNG_emit_gray_row(const unsigned char *restrict row, unsigned char *restrict out, size_t width,
                              int file_channels, int bit_depth) {
    if (bit_depth == 8) return CKernels_rgb_to_gray_u8(row, file_channels, out, (ptrdiff_t)width);
    uint16_t *words = (uint16_t *)out;
    uint32_t differs = 0;
    const size_t stride = 2 * (size_t)file_channels;
    for (size_t x = 0; x < width; x++) {
        const unsigned char *p = row + stride * x;
        uint32_t r = (uint32_t)(p[0] << 8 | p[1]), g = (uint32_t)(p[2] << 8 | p[3]), b = (uint32_t)(p[4] << 8 | p[5]);
        differs |= (r ^ g) | (g ^ b);
        words[x] = (uint16_t)CKernels_luma(r, g, b);
    }
    return differs == 0;
}

// One unfiltered file row (big-endian samples, alpha included) into one output row.
static void CPNG_emit_row(const unsigned char *restrict row, unsigned char *restrict out, size_t width,
                          int file_channels, int out_channels, int bit_depth) {
    if (bit_depth == 8) {
        if (file_channels == out_channels) {
            memcpy(out, row, width * (size_t)out_channels);
        } else if (out_channels == 1) {
            for (size_t x = 0; x < width; x++) out[x] = row[2 * x];
        } else {
            for (size_t x = 0; x < width; x++) memcpy(out + 3 * x, row + 4 * x, 3);
        }
        return;
    }
    // 16-bit: big endian in the file, host order out.
    uint16_t *words = (uint16_t *)out;
    if (file_channels == out_channels) {
        for (size_t i = 0; i < width * (size_t)out_channels; i++) words[i] = (uint16_t)((row[2 * i] << 8) | row[2 * i + 1]);
        return;
    }
    for (size_t x = 0; x < width; x++) {
        const unsigned char *pixel = row + 2 * x * (size_t)file_channels;
        for (int c = 0; c < out_channels; c++)
            words[x * (size_t)out_channels + (size_t)c] = (uint16_t)((pixel[2 * c] << 8) | pixel[2 * c + 1]);
    }
}

int CPNG_fast_decode(const void *data, size_t size, int gray, void *out, size_t capacity, int *channels_equal) {
    CPNG_Layout layout;
    if (!CPNG_walk((const unsigned char *)data, size, 1, &layout)) return 1;
    const int to_gray = gray && layout.info.channels == 3;
    if (to_gray) layout.info.channels = 1;
    int all_equal = 1;
    const size_t width = (size_t)layout.info.width, height = (size_t)layout.info.height;
    const size_t bytes_per_sample = (size_t)layout.info.bit_depth / 8;
    const size_t bpp = (size_t)layout.file_channels * bytes_per_sample;
    const size_t row_bytes = width * bpp;
    const size_t out_row_bytes = width * (size_t)layout.info.channels * bytes_per_sample;
    if (out_row_bytes * height > capacity) return 1;

    // The zlib stream: in place when it is one IDAT chunk, gathered otherwise.
    const unsigned char *stream = layout.first_idat + 8;
    unsigned char *gathered = NULL;
    if (layout.idat_chunks > 1) {
        gathered = (unsigned char *)malloc(layout.idat_bytes);
        if (!gathered) return 1;
        const unsigned char *chunk = layout.first_idat;
        size_t at = 0;
        for (size_t k = 0; k < layout.idat_chunks; k++) {
            uint32_t length = CPNG_get32(chunk);
            memcpy(gathered + at, chunk + 8, length);
            at += length;
            chunk += 12 + (size_t)length;
        }
        stream = gathered;
    }

    // Filtered rows, each led by its filter type byte; plus a zero row and two work rows.
    const size_t filtered_size = (row_bytes + 1) * height;
    unsigned char *filtered = (unsigned char *)malloc(filtered_size);
    unsigned char *rows = (unsigned char *)calloc(3, row_bytes);
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    int failed = 1;
    if (!filtered || !rows || !decompressor) goto done;

    size_t in_used = 0, out_used = 0;
    if (libdeflate_zlib_decompress_ex(decompressor, stream, layout.idat_bytes, filtered, filtered_size, &in_used,
                                      &out_used) != LIBDEFLATE_SUCCESS)
        goto done;
    // Exactly the image: libpng words both too little and too much (or trailing bytes) itself.
    if (out_used != filtered_size || in_used != layout.idat_bytes) goto done;

    {
        const int direct = layout.file_channels == layout.info.channels && bytes_per_sample == 1;
        const unsigned char *prior = rows;  // zeros
        for (size_t y = 0; y < height; y++) {
            const unsigned char *line = filtered + y * (row_bytes + 1);
            unsigned char *target = direct ? (unsigned char *)out + y * out_row_bytes : rows + row_bytes * (1 + (y & 1));
            if (!CPNG_unfilter_row(line[0], line + 1, prior, target, row_bytes, bpp)) goto done;
            if (to_gray) {
                all_equal &= CPNG_emit_gray_row(target, (unsigned char *)out + y * out_row_bytes, width,
                                                layout.file_channels, layout.info.bit_depth);
            } else if (!direct) {
                CPNG_emit_row(target, (unsigned char *)out + y * out_row_bytes, width, layout.file_channels,
                              layout.info.channels, layout.info.bit_depth);
            }
            prior = target;
        }
    }
    failed = 0;
    if (channels_equal) *channels_equal = to_gray && all_equal;

done:
    libdeflate_free_decompressor(decompressor);
    free(rows);
    free(filtered);
    free(gathered);
    return failed;
}
