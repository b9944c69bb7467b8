// libpng reports errors by longjmp; every entry point here sets its own jump buffer, so no error
// escapes to Swift and libpng's default handler (which aborts) is never reached.
#include "CPNG.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    /// The offset of the length field of the chunk libpng is reading (error positions).
    size_t chunk_start;
    /// Set when a read ran past the end of the data.
    int ended;
} CPNG_Reader;

typedef struct {
    jmp_buf jump;
    CPNG_Status *status;
} CPNG_ErrorContext;

static void CPNG_set_message(CPNG_Status *status, const char *message) {
    status->failed = 1;
    snprintf(status->message, sizeof status->message, "%s", message);
}

static void CPNG_on_error(png_structp png, png_const_charp message) {
    CPNG_ErrorContext *context = (CPNG_ErrorContext *)png_get_error_ptr(png);
    CPNG_set_message(context->status, message);
    CPNG_Reader *reader = (CPNG_Reader *)png_get_io_ptr(png);
    context->status->offset = reader == NULL ? -1 : (int64_t)(reader->ended ? reader->size : reader->chunk_start);
    longjmp(context->jump, 1);
}

static void CPNG_on_warning(png_structp png, png_const_charp message) {
    // Warnings (e.g. a bad ancillary chunk) do not affect the samples; libpng would print them.
    (void)png;
    (void)message;
}

static void CPNG_read_bytes(png_structp png, png_bytep out, png_size_t count) {
    CPNG_Reader *reader = (CPNG_Reader *)png_get_io_ptr(png);
    if ((png_get_io_state(png) & PNG_IO_MASK_LOC) == PNG_IO_CHUNK_HDR) reader->chunk_start = reader->offset;
    if (count > reader->size - reader->offset) {
        reader->ended = 1;
        png_error(png, "unexpected end of data (truncated file)");
    }
    memcpy(out, reader->data + reader->offset, count);
    reader->offset += count;
}

/// Applies the transformations that turn any PNG into 8/16-bit gray or RGB, and returns the info.
static void CPNG_configure(png_structp png, png_infop info, CPNG_Info *out) {
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    out->width = (int)width;
    out->height = (int)height;
    out->file_bit_depth = bit_depth;
    out->color_type = color_type;
    out->interlaced = interlace != PNG_INTERLACE_NONE;

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    // Alpha is not used. A tRNS chunk becomes an alpha channel when a palette is expanded, so it
    // is stripped in that case too (not composited).
    if ((color_type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS)) png_set_strip_alpha(png);
    if (bit_depth == 16) png_set_swap(png);  // PNG is big endian; the caller wants host order.
    if (out->interlaced) png_set_interlace_handling(png);
    png_read_update_info(png, info);

    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
}

static uint32_t CPNG_be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/// Walks the chunk lengths before libpng sees the file: libpng allocates an ancillary chunk at its
/// declared length before reading it (Debian's 1.6.39 allocated 2 GiB for a 53-byte file whose
/// tEXt declared 0x7FFFFFFF bytes, png_set_chunk_malloc_max notwithstanding). A chunk that does not
/// fit in the rest of the file is refused here, at its offset; a file that ends between chunks is
/// left for libpng to report.
static int CPNG_check_chunks(const unsigned char *data, size_t size, CPNG_Status *status) {
    size_t at = 8;
    while (size - at >= 8) {
        uint32_t length = CPNG_be32(data + at);
        char type[5];
        for (int i = 0; i < 4; i++) {
            unsigned char c = data[at + 4 + i];
            type[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
        }
        type[4] = 0;
        if (length > 0x7FFFFFFFu) {
            snprintf(status->message, sizeof status->message,
                     "%s: chunk length %u is over the PNG limit of 2^31-1", type, length);
            status->failed = 1;
            status->offset = (int64_t)at;
            return 1;
        }
        if ((size_t)length > size - at - 8 || size - at - 8 - (size_t)length < 4) {
            snprintf(status->message, sizeof status->message,
                     "%s: chunk declares %u bytes but only %zu remain (truncated file)", type, length,
                     size - at - 8);
            status->failed = 1;
            status->offset = (int64_t)at;
            return 1;
        }
        if (memcmp(type, "IEND", 4) == 0) break;
        at += 12 + (size_t)length;
    }
    return 0;
}

static int CPNG_run(const void *data, size_t size, CPNG_Info *info_out, void *pixels, size_t capacity,
                    CPNG_Status *status) {
    status->failed = 0;
    status->offset = -1;
    status->message[0] = 0;
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        CPNG_set_message(status, "not a PNG signature");
        status->offset = 0;
        return 1;
    }
    if (CPNG_check_chunks((const unsigned char *)data, size, status) != 0) return 1;
    CPNG_ErrorContext context;
    context.status = status;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, CPNG_on_error, CPNG_on_warning);
    if (!png) {
        CPNG_set_message(status, "out of memory creating the PNG reader");
        return 1;
    }
    png_infop info = png_create_info_struct(png);
    png_bytep *rows = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        CPNG_set_message(status, "out of memory creating the PNG info");
        return 1;
    }
    // volatile: modified between setjmp and longjmp and read after the jump.
    png_bytep *volatile rows_v = NULL;
    if (setjmp(context.jump)) {
        free(rows_v);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    CPNG_Reader reader = {(const unsigned char *)data, size, 0, 0, 0};
    png_set_read_fn(png, &reader, CPNG_read_bytes);
    // Refuse absurd headers before any allocation: 1 << 20 on a side is far beyond any radiograph.
    png_set_user_limits(png, 1u << 20, 1u << 20);
    // An ancillary chunk (tEXt, iCCP, zTXt...) is allocated at its declared length before it is
    // read: a 53-byte file declaring 0x7FFFFFFF bytes of text made libpng allocate 2 GiB. Ancillary
    // chunks, as stored or decompressed, stop at 8 MB (libpng's configure-time default, which
    // Debian's build leaves unlimited). At most 1000 ancillary chunks are kept.
    png_set_chunk_malloc_max(png, 8000000);
    png_set_chunk_cache_max(png, 1000);
    png_read_info(png, info);
    CPNG_Info local;
    CPNG_configure(png, info, &local);
    if (info_out) *info_out = local;
    if (pixels) {
        size_t row_bytes = (size_t)local.width * (size_t)local.channels * (size_t)(local.bit_depth / 8);
        if (png_get_rowbytes(png, info) != row_bytes) {
            CPNG_set_message(status, "unexpected row size after transformations");
            png_destroy_read_struct(&png, &info, NULL);
            return 1;
        }
        if (row_bytes * (size_t)local.height > capacity) {
            CPNG_set_message(status, "output buffer too small");
            png_destroy_read_struct(&png, &info, NULL);
            return 1;
        }
        rows = (png_bytep *)malloc(sizeof(png_bytep) * (size_t)local.height);
        rows_v = rows;
        if (!rows) png_error(png, "out of memory for row pointers");
        for (int y = 0; y < local.height; y++) rows[y] = (png_bytep)pixels + (size_t)y * row_bytes;
        png_read_image(png, rows);
        png_read_end(png, NULL);
        free(rows);
        rows_v = NULL;
    }
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

int CPNG_read_info(const void *data, size_t size, CPNG_Info *info, CPNG_Status *status) {
    return CPNG_run(data, size, info, NULL, 0, status);
}

int CPNG_decode(const void *data, size_t size, void *out, size_t capacity, CPNG_Status *status) {
    return CPNG_run(data, size, NULL, out, capacity, status);
}
