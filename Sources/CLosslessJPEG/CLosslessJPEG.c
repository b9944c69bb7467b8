// Entry points: header, then every scan until EOI, then the point transform.

#include "LosslessInternal.h"

#include <stdlib.h>
#include <string.h>

static void fill_info(const LJDecoder *d, CLosslessJPEG_Info *info) {
    info->width = d->width;
    info->height = d->height;
    info->components = d->components;
    info->precision = d->precision;
    info->predictor = d->predictor;
    info->point_transform = d->point_transform;
    info->restart_interval = d->restart_interval;
    info->scans = d->scan_count;
}

/// The decoder state is large (four Huffman tables); it lives on the heap, not the stack.
static LJDecoder *start(const uint8_t *data, size_t size, CLosslessJPEG_Status *status, int *result) {
    memset(status, 0, sizeof *status);
    LJDecoder *d = calloc(1, sizeof *d);
    if (!d) {
        status->kind = CLosslessJPEG_UNSUPPORTED;
        strcpy(status->message, "out of memory");
        *result = CLosslessJPEG_UNSUPPORTED;
        return NULL;
    }
    d->data = data;
    d->size = size;
    d->status = status;
    if (size < 2 || data[0] != 0xFF || data[1] != 0xD8) {
        *result = lj_fail(d, CLosslessJPEG_MALFORMED, 0, "no SOI marker: not a JPEG codestream");
        return d;
    }
    d->pos = 2;
    int ended = 0;
    *result = lj_next_scan(d, &ended);
    if (*result == CLosslessJPEG_OK && ended) {
        *result = lj_fail(d, CLosslessJPEG_TRUNCATED, d->pos,
                          d->has_frame ? "no scan before the end of the data" : "no SOF3 frame header before the end of the data");
    }
    return d;
}

int CLosslessJPEG_read_info(const uint8_t *data, size_t size, CLosslessJPEG_Info *info, CLosslessJPEG_Status *status) {
    int result;
    LJDecoder *d = start(data, size, status, &result);
    if (d) {
        fill_info(d, info);
        free(d);
    }
    return result;
}

int CLosslessJPEG_decode(const uint8_t *data, size_t size, uint16_t *out, size_t capacity, CLosslessJPEG_Info *info,
                         CLosslessJPEG_Status *status) {
    int result;
    LJDecoder *d = start(data, size, status, &result);
    if (!d) return result;
    memset(info, 0, sizeof *info);
    if (result) {
        fill_info(d, info);
        free(d);
        return result;
    }
    fill_info(d, info);
    const size_t samples = (size_t)d->width * (size_t)d->height * (size_t)d->components;
    if (samples > capacity) {
        result = lj_fail(d, CLosslessJPEG_UNSUPPORTED, 0, "%dx%dx%d samples do not fit the %zu given", d->width,
                         d->height, d->components, capacity);
        free(d);
        return result;
    }
    const int point_transform = d->point_transform;
    for (;;) {
        if (d->point_transform != point_transform) {
            result = lj_fail(d, CLosslessJPEG_UNSUPPORTED, d->pos, "scans with different point transforms");
            break;
        }
        result = lj_decode_scan(d, out);
        if (result) break;
        int ended = 0;
        result = lj_next_scan(d, &ended);
        if (result || ended) break;
    }
    if (result == CLosslessJPEG_OK) {
        for (int c = 0; c < d->components; c++) {
            if (!d->component[c].done) {
                result = lj_fail(d, CLosslessJPEG_TRUNCATED, d->pos, "the data end before component %d has a scan", c);
                break;
            }
        }
    }
    if (result == CLosslessJPEG_OK && point_transform > 0) {
        for (size_t i = 0; i < samples; i++) out[i] = (uint16_t)(out[i] << point_transform);
    }
    fill_info(d, info);
    free(d);
    return result;
}
