// libjpeg's default error handler calls exit(): this error manager formats the message into the
// caller's status and longjmps back, destroying the decompressor on every path.
#include "CJPEG.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "CKernelsLuma.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    CJPEG_Status *status;
    const unsigned char *data;
    size_t size;
} CJPEG_ErrorManager;

static void CJPEG_fill_status(j_common_ptr cinfo) {
    CJPEG_ErrorManager *manager = (CJPEG_ErrorManager *)cinfo->err;
    CJPEG_Status *status = manager->status;
    status->failed = 1;
    int code = manager->pub.msg_code;
    status->truncated = code == JWRN_JPEG_EOF;
    status->unsupported = code == JERR_BAD_PRECISION || code == JERR_CONVERSION_NOTIMPL ||
                          code == JERR_NOT_COMPILED || code == JERR_ARITH_NOTIMPL;
    status->offset = -1;
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->src != NULL && manager->data != NULL) {
        // The next byte the source manager would hand libjpeg. The Huffman decoder reads ahead on
        // a private copy and writes it back after each MCU, so inside a scan this is the start of
        // the MCU that failed. "Premature end" is raised when every byte was consumed; past the end,
        // libjpeg reads a fake EOI from its own buffer: both are the file's size.
        const unsigned char *next = ((j_decompress_ptr)cinfo)->src->next_input_byte;
        if (code == JWRN_JPEG_EOF) {
            status->offset = (int64_t)manager->size;
        } else if (next >= manager->data && next <= manager->data + manager->size) {
            status->offset = (int64_t)(next - manager->data);
        } else {
            status->offset = (int64_t)manager->size;
        }
    }
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(status->message, sizeof status->message, "%s", text);
}

static void CJPEG_error_exit(j_common_ptr cinfo) {
    CJPEG_fill_status(cinfo);
    longjmp(((CJPEG_ErrorManager *)cinfo->err)->jump, 1);
}

static void CJPEG_emit_message(j_common_ptr cinfo, int level) {
    // Level -1 is a corrupt-data warning: libjpeg would fill the rest of the image with gray and go
    // on. A training set must not contain such an image silently, so it becomes an error.
    if (level < 0) CJPEG_error_exit(cinfo);
}

static void CJPEG_output_message(j_common_ptr cinfo) { (void)cinfo; }

static int CJPEG_valid_scale(int scale_denom) {
    return scale_denom == 1 || scale_denom == 2 || scale_denom == 4 || scale_denom == 8;
}

static int CJPEG_run(const void *data, size_t size, int scale_denom, int gray, CJPEG_Info *info, void *out,
                     size_t capacity, CJPEG_Status *status) {
    memset(status, 0, sizeof *status);
    if (!CJPEG_valid_scale(scale_denom)) {
        status->failed = 1;
        snprintf(status->message, sizeof status->message, "scale denominator %d is not 1, 2, 4 or 8", scale_denom);
        return 1;
    }
    struct jpeg_decompress_struct cinfo;
    CJPEG_ErrorManager manager;
    cinfo.err = jpeg_std_error(&manager.pub);
    manager.pub.error_exit = CJPEG_error_exit;
    manager.pub.emit_message = CJPEG_emit_message;
    manager.pub.output_message = CJPEG_output_message;
    manager.status = status;
    manager.data = NULL;
    manager.size = size;
    status->offset = -1;
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    // libjpeg's own allocations (whole-image coefficient buffers for progressive files) stop at
    // 1 GiB; with no backing store, a larger request fails with "Backing store not supported".
    cinfo.mem->max_memory_to_use = 1L << 30;
    jpeg_mem_src(&cinfo, (const unsigned char *)data, (unsigned long)size);
    manager.data = (const unsigned char *)data;
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.data_precision != 8) {
        status->failed = 1;
        status->unsupported = 1;
        // After the header: the offset of the first scan's data, where decoding would begin.
        status->offset = (int64_t)(cinfo.src->next_input_byte - (const JOCTET *)data);
        snprintf(status->message, sizeof status->message,
                 "%d-bit JPEG samples are not supported (only 8-bit)", cinfo.data_precision);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    int components;
    // An RGB file asked for gray decodes to RGB here and is reduced row by row below.
    int reduce_rgb = 0;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo.out_color_space = JCS_GRAYSCALE;
        components = 1;
        break;
    case JCS_YCbCr:
        cinfo.out_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
        components = gray ? 1 : 3;
        break;
    case JCS_RGB:
        cinfo.out_color_space = JCS_RGB;
        components = gray ? 1 : 3;
        reduce_rgb = gray;
        break;
    default:
        status->failed = 1;
        status->unsupported = 1;
        // After the header: the offset of the first scan's data, where decoding would begin.
        status->offset = (int64_t)(cinfo.src->next_input_byte - (const JOCTET *)data);
        snprintf(status->message, sizeof status->message,
                 "JPEG color space %d with %d components is not supported (CMYK/YCCK)", (int)cinfo.jpeg_color_space,
                 cinfo.num_components);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned int)scale_denom;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_calc_output_dimensions(&cinfo);
    if (info) {
        info->image_width = (int)cinfo.image_width;
        info->image_height = (int)cinfo.image_height;
        info->width = (int)cinfo.output_width;
        info->height = (int)cinfo.output_height;
        info->components = components;
        info->file_components = cinfo.num_components;
        info->ycbcr = cinfo.jpeg_color_space == JCS_YCbCr;
        info->precision = cinfo.data_precision;
        info->progressive = cinfo.progressive_mode ? 1 : 0;
        info->arithmetic = cinfo.arith_code ? 1 : 0;
    }
    if (out) {
        size_t row_bytes = (size_t)cinfo.output_width * (size_t)components;
        if (row_bytes * (size_t)cinfo.output_height > capacity) {
            status->failed = 1;
            snprintf(status->message, sizeof status->message, "output buffer too small");
            jpeg_destroy_decompress(&cinfo);
            return 1;
        }
        jpeg_start_decompress(&cinfo);
        if (reduce_rgb) {
            // One RGB row at a time, reduced into the gray output; the row buffer lives in libjpeg's pool.
            JSAMPARRAY rgb = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE, cinfo.output_width * 3, 1);
            while (cinfo.output_scanline < cinfo.output_height) {
                unsigned char *row = (unsigned char *)out + (size_t)cinfo.output_scanline * row_bytes;
                jpeg_read_scanlines(&cinfo, rgb, 1);
                CKernels_rgb_to_gray_u8(rgb[0], 3, row, (ptrdiff_t)cinfo.output_width);
            }
        } else {
            // Several rows per call where the decoder produces them together (scaled and upsampled output).
            JSAMPROW rows[16];
            while (cinfo.output_scanline < cinfo.output_height) {
                unsigned int count = cinfo.output_height - cinfo.output_scanline;
                if (count > 16) count = 16;
                for (unsigned int k = 0; k < count; k++)
                    rows[k] = (JSAMPROW)out + (size_t)(cinfo.output_scanline + k) * row_bytes;
                jpeg_read_scanlines(&cinfo, rows, count);
            }
        }
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int CJPEG_read_info(const void *data, size_t size, int scale_denom, int gray, CJPEG_Info *info, CJPEG_Status *status) {
    return CJPEG_run(data, size, scale_denom, gray, info, NULL, 0, status);
}

int CJPEG_decode(const void *data, size_t size, int scale_denom, int gray, void *out, size_t capacity,
                 CJPEG_Status *status) {
    return CJPEG_run(data, size, scale_denom, gray, NULL, out, capacity, status);
}

