#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>

/// Why a call failed; `message` is zlib's own text, or ours for a stream that ends early.
typedef struct {
    int failed;
    char message[200];
} CZlib_Status;

/// An inflater of gzip (and zlib) streams; opaque, so no zlib type reaches Swift.
typedef struct CZlib_Stream CZlib_Stream;

/// A new inflater that accepts gzip or zlib headers (windowBits 15 + 32), or NULL when out of memory.
CZlib_Stream *CZlib_open(void);

/// Inflates `input[*consumed...]` into `output[*produced..<capacity]`, advancing both counts.
///
/// Concatenated gzip members (what `cat a.gz b.gz` and some archivers write) are read one after
/// the other. Returns 1 when the whole input is inflated and the last member ended, 0 when the
/// output is full (call again with more room), -1 on a corrupt or truncated stream (`status` says why).
int CZlib_inflate(CZlib_Stream *stream, const void *input, size_t input_size, size_t *consumed, void *output,
                  size_t capacity, size_t *produced, CZlib_Status *status);

/// Frees the inflater; NULL is allowed.
void CZlib_close(CZlib_Stream *stream);

#endif
