// A zlib stream (RFC 1950) of DEFLATE blocks (RFC 1951) coded with Huffman codes alone: PNGWriter.c's
// level 1 for 8-bit images.
#ifndef CPNG_HUFFMAN_DEFLATE_H
#define CPNG_HUFFMAN_DEFLATE_H

#include <stddef.h>

/// The most bytes `CPNG_huffman_zlib_compress` writes for `size` input bytes.
size_t CPNG_huffman_zlib_bound(size_t size);

/// Compresses `data` into `out` (at least `CPNG_huffman_zlib_bound(size)` bytes); returns the bytes written.
///
/// Each block of up to 1 MiB gets its own dynamic Huffman code over its byte values. The only LZ77
/// matches are runs of zero bytes that start with 8 zeros at a multiple of 8 bytes from the block's
/// start (a literal zero, then copies at distance 1): where a filtered image repeats most, in flat
/// borders and padding. No match search, so the cost is two passes of table lookups per byte; the
/// same input gives the same bytes.
size_t CPNG_huffman_zlib_compress(const unsigned char *data, size_t size, unsigned char *out);

#endif
