// PNG encoding: rows filtered here, DEFLATE by libdeflate, chunks laid out as PNG 1.2 (ISO 15948) says.
//
// libpng's writer drives zlib, whose level 1 spends about 2.5x longer than libdeflate's level 1 on
// filtered radiographs for a slightly larger stream; encoding is a fifth of `convert`'s time, so the
// container (signature, IHDR, IDAT, IEND, CRC-32) is written here and libpng only decodes.
#include "CPNG.h"
#include "HuffmanDeflate.h"
#include "PNGFormat.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// One compressor per thread and level, freed when the thread ends: allocating one per image costs
// as much as compressing a small image.
typedef struct {
    struct libdeflate_compressor *compressor;
    int level;
} CPNG_CompressorSlot;

static pthread_key_t CPNG_compressor_key;
static pthread_once_t CPNG_compressor_once = PTHREAD_ONCE_INIT;

static void CPNG_free_slot(void *value) {
    CPNG_CompressorSlot *slot = (CPNG_CompressorSlot *)value;
    if (slot) libdeflate_free_compressor(slot->compressor);
    free(slot);
}

static void CPNG_make_key(void) { pthread_key_create(&CPNG_compressor_key, CPNG_free_slot); }

static struct libdeflate_compressor *CPNG_compressor(int level) {
    pthread_once(&CPNG_compressor_once, CPNG_make_key);
    CPNG_CompressorSlot *slot = (CPNG_CompressorSlot *)pthread_getspecific(CPNG_compressor_key);
    if (slot && slot->level == level) return slot->compressor;
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (!compressor) return NULL;
    if (!slot) {
        slot = (CPNG_CompressorSlot *)calloc(1, sizeof *slot);
        if (!slot || pthread_setspecific(CPNG_compressor_key, slot) != 0) {
            free(slot);
            libdeflate_free_compressor(compressor);
            return NULL;
        }
    }
    libdeflate_free_compressor(slot->compressor);
    slot->compressor = compressor;
    slot->level = level;
    return compressor;
}

// Writes a chunk whose `length` data bytes are already at p + 8; returns the chunk's size.
static size_t CPNG_seal_chunk(unsigned char *p, const char type[4], size_t length) {
    CPNG_put32(p, (uint32_t)length);
    memcpy(p + 4, type, 4);
    CPNG_put32(p + 8 + length, libdeflate_crc32(0, p + 4, length + 4));
    return length + 12;
}

// Filter `type` (PNG 1.2 section 9) of row `cur` against `prev` (zeros for the first row) into `out`.
static void CPNG_filter_row(int type, const unsigned char *restrict cur, const unsigned char *restrict prev,
                            size_t n, size_t bpp, unsigned char *restrict out) {
    size_t i;
    switch (type) {
    case 1:
        for (i = 0; i < bpp && i < n; i++) out[i] = cur[i];
        for (; i < n; i++) out[i] = (unsigned char)(cur[i] - cur[i - bpp]);
        break;
    case 2:
        for (i = 0; i < n; i++) out[i] = (unsigned char)(cur[i] - prev[i]);
        break;
    case 3:
        for (i = 0; i < bpp && i < n; i++) out[i] = (unsigned char)(cur[i] - (prev[i] >> 1));
        for (; i < n; i++) out[i] = (unsigned char)(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
        break;
    case 4:
        for (i = 0; i < bpp && i < n; i++) out[i] = (unsigned char)(cur[i] - prev[i]);
        for (; i < n; i++) out[i] = (unsigned char)(cur[i] - CPNG_paeth(cur[i - bpp], prev[i], prev[i - bpp]));
        break;
    default:
        memcpy(out, cur, n);
    }
}

// libpng's heuristic: the filter whose output, read as signed bytes, has the smallest absolute sum.
static int CPNG_best_filter(const unsigned char *cur, const unsigned char *prev, size_t n, size_t bpp,
                            unsigned char *trial) {
    int best = 0;
    unsigned long bestSum = (unsigned long)-1;
    for (int type = 0; type <= 4; type++) {
        CPNG_filter_row(type, cur, prev, n, bpp, trial);
        unsigned long sum = 0;
        for (size_t i = 0; i < n; i++) sum += (unsigned long)abs((int)(signed char)trial[i]);
        if (sum < bestSum) {
            bestSum = sum;
            best = type;
        }
    }
    return best;
}

int CPNG_encode(const void *pixels, int width, int height, int channels, int bit_depth, int compression_level,
                void **out, size_t *out_size, CPNG_Status *status) {
    status->failed = 0;
    status->message[0] = 0;
    *out = NULL;
    *out_size = 0;
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) || (bit_depth != 8 && bit_depth != 16) ||
        compression_level < 0 || compression_level > 9) {
        snprintf(status->message, sizeof status->message, "%s",
                 "PNG encoding needs positive size, 1 or 3 channels, 8 or 16 bits and a level 0-9");
        status->failed = 1;
        return 1;
    }
    const size_t bpp = (size_t)channels * (size_t)(bit_depth / 8);
    const size_t rowBytes = (size_t)width * bpp;
    const size_t filteredSize = (rowBytes + 1) * (size_t)height;
    // Level 0 stores. Level 1 at 8 bits takes AVERAGE for every row and codes the residuals with
    // Huffman codes alone (HuffmanDeflate.c says why); 16-bit level 1 and levels 2-3 take SUB for every
    // row (cheap, and it suits radiographs) with libdeflate; higher levels choose per row, as libpng does.
    const int huffmanOnly = compression_level == 1 && bit_depth == 8;
    const int fixedFilter = compression_level == 0 ? 0 : huffmanOnly ? 3 : compression_level <= 3 ? 1 : -1;

    unsigned char *filtered = (unsigned char *)malloc(filteredSize);
    unsigned char *rows = (unsigned char *)calloc(3, rowBytes);  // previous, current (16-bit), trial
    unsigned char *compressed = NULL;
    unsigned char *png = NULL;
    struct libdeflate_compressor *compressor = huffmanOnly ? NULL : CPNG_compressor(compression_level);
    if (!filtered || !rows || (!compressor && !huffmanOnly)) goto out_of_memory;

    {
        const unsigned char *prev = rows;  // zeros: the row above the first
        unsigned char *swapped[2] = {rows + rowBytes, (unsigned char *)rows};
        unsigned char *trial = rows + 2 * rowBytes;
        for (size_t y = 0; y < (size_t)height; y++) {
            const unsigned char *cur = (const unsigned char *)pixels + y * rowBytes;
            if (bit_depth == 16) {
                // PNG stores 16-bit samples big endian. `swapped` alternates so that `prev` stays valid;
                // the zero row is needed only above row 0, so row 1 may reuse it.
                unsigned char *target = swapped[y & 1];
                const uint16_t *words = (const uint16_t *)cur;
                for (size_t i = 0; i < rowBytes / 2; i++) {
                    target[2 * i] = (unsigned char)(words[i] >> 8);
                    target[2 * i + 1] = (unsigned char)words[i];
                }
                cur = target;
            }
            unsigned char *line = filtered + y * (rowBytes + 1);
            int type = fixedFilter >= 0 ? fixedFilter : CPNG_best_filter(cur, prev, rowBytes, bpp, trial);
            line[0] = (unsigned char)type;
            CPNG_filter_row(type, cur, prev, rowBytes, bpp, line + 1);
            prev = cur;
        }
    }

    size_t bound = huffmanOnly ? CPNG_huffman_zlib_bound(filteredSize)
                               : libdeflate_zlib_compress_bound(compressor, filteredSize);
    compressed = (unsigned char *)malloc(bound);
    if (!compressed) goto out_of_memory;
    size_t zsize = huffmanOnly ? CPNG_huffman_zlib_compress(filtered, filteredSize, compressed)
                               : libdeflate_zlib_compress(compressor, filtered, filteredSize, compressed, bound);
    free(filtered);
    filtered = NULL;
    if (zsize == 0) {
        snprintf(status->message, sizeof status->message, "%s", "DEFLATE output exceeded its bound");
        status->failed = 1;
        free(rows);
        free(compressed);
        return 1;
    }

    // IDAT chunks hold at most 2^31 - 1 bytes; split at 1 GiB.
    const size_t maxChunk = (size_t)1 << 30;
    size_t idatChunks = (zsize + maxChunk - 1) / maxChunk;
    size_t total = 8 + (12 + 13) + idatChunks * 12 + zsize + 12;
    png = (unsigned char *)malloc(total);
    if (!png) goto out_of_memory;
    size_t at = 0;
    memcpy(png, CPNG_signature, 8);
    at += 8;
    CPNG_put32(png + at + 8, (uint32_t)width);
    CPNG_put32(png + at + 12, (uint32_t)height);
    png[at + 16] = (unsigned char)bit_depth;
    png[at + 17] = channels == 1 ? 0 : 2;  // gray or truecolor
    png[at + 18] = 0;                      // deflate
    png[at + 19] = 0;                      // adaptive filtering
    png[at + 20] = 0;                      // not interlaced
    at += CPNG_seal_chunk(png + at, "IHDR", 13);
    for (size_t offset = 0; offset < zsize; offset += maxChunk) {
        size_t length = zsize - offset < maxChunk ? zsize - offset : maxChunk;
        memcpy(png + at + 8, compressed + offset, length);
        at += CPNG_seal_chunk(png + at, "IDAT", length);
    }
    at += CPNG_seal_chunk(png + at, "IEND", 0);
    free(rows);
    free(compressed);
    *out = png;
    *out_size = at;
    return 0;

out_of_memory:
    free(filtered);
    free(rows);
    free(compressed);
    free(png);
    snprintf(status->message, sizeof status->message, "%s", "out of memory while encoding the PNG");
    status->failed = 1;
    return 1;
}

void CPNG_free(void *buffer) { free(buffer); }
