// CZlib: gzip-compressed label tables (MIMIC-CXR ships its CSVs as .csv.gz). zlib is already linked
// for DCMTK and libpng; this shim keeps z_stream and its return codes on the C side and hands Swift a
// plain status, as the other C targets do.
#include "CZlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct CZlib_Stream {
    z_stream z;
};

CZlib_Stream *CZlib_open(void) {
    CZlib_Stream *stream = calloc(1, sizeof(CZlib_Stream));
    if (stream == NULL) return NULL;
    if (inflateInit2(&stream->z, 15 + 32) != Z_OK) {
        free(stream);
        return NULL;
    }
    return stream;
}

static int fail(CZlib_Status *status, const char *message) {
    status->failed = 1;
    snprintf(status->message, sizeof status->message, "%s", message);
    return -1;
}

int CZlib_inflate(CZlib_Stream *stream, const void *input, size_t input_size, size_t *consumed, void *output,
                  size_t capacity, size_t *produced, CZlib_Status *status) {
    status->failed = 0;
    status->message[0] = 0;
    z_stream *z = &stream->z;
    for (;;) {
        // zlib counts in uInt; feed at most 1 GiB per call on either side.
        size_t in_left = input_size - *consumed, out_left = capacity - *produced;
        uInt in_chunk = in_left > (1u << 30) ? (1u << 30) : (uInt)in_left;
        uInt out_chunk = out_left > (1u << 30) ? (1u << 30) : (uInt)out_left;
        if (out_chunk == 0) return 0;
        z->next_in = (Bytef *)input + *consumed;
        z->avail_in = in_chunk;
        z->next_out = (Bytef *)output + *produced;
        z->avail_out = out_chunk;
        int result = inflate(z, Z_NO_FLUSH);
        *consumed += in_chunk - z->avail_in;
        *produced += out_chunk - z->avail_out;
        if (result == Z_STREAM_END) {
            if (*consumed == input_size) return 1;
            if (inflateReset(z) != Z_OK) return fail(status, "cannot restart the inflater for the next gzip member");
            continue;
        }
        if (result == Z_OK) continue;
        if (result == Z_BUF_ERROR) {
            if (*produced == capacity) return 0;
            if (*consumed == input_size) return fail(status, "the gzip stream ends before its last block");
            continue;
        }
        if (result == Z_MEM_ERROR) return fail(status, "out of memory while inflating");
        return fail(status, z->msg != NULL ? z->msg : "corrupt gzip stream");
    }
}

void CZlib_close(CZlib_Stream *stream) {
    if (stream == NULL) return;
    inflateEnd(&stream->z);
    free(stream);
}
