#ifndef CPNG_H
#define CPNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Why a call failed; `message` is libpng's own text.
typedef struct {
    int failed;
    /// Where in the file libpng failed: the first byte of the chunk it was reading, or the file's
    /// size when the data ended; -1 when unknown (before reading, or in the encoder).
    int64_t offset;
    char message[200];
} CPNG_Status;

/// What the decoder will produce for a PNG, after its transformations.
typedef struct {
    int width, height;
    /// Bit depth in the file (1, 2, 4, 8 or 16).
    int file_bit_depth;
    /// PNG color type in the file (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA).
    int color_type;
    /// 1 when the file is Adam7 interlaced.
    int interlaced;
    /// Samples per pixel after decoding: 1 (gray) or 3 (RGB); alpha is discarded.
    int channels;
    /// Bits per output sample: 8 or 16.
    int bit_depth;
} CPNG_Info;

/// Reads the header of the PNG in `data`. Returns 0 on success.
int CPNG_read_info(const void *data, size_t size, CPNG_Info *info, CPNG_Status *status);

/// Decodes the whole image into `out`, which holds at least width * height * channels * bit_depth / 8 bytes.
///
/// Samples are exact: no gamma, sRGB or ICC conversion. 1, 2 and 4-bit gray are scaled to 8 bits,
/// palettes are expanded to RGB, alpha is stripped (not composited), 16-bit samples come out in
/// host (little endian) order. Returns 0 on success.
int CPNG_decode(const void *data, size_t size, void *out, size_t capacity, CPNG_Status *status);

/// Reads the header of a PNG that `CPNG_fast_decode` can decode (PNGReader.c): non-interlaced, 8 or
/// 16 bits, gray, gray+alpha, RGB or RGBA, with no critical chunk but IHDR, IDAT and IEND. Returns 1
/// and fills `info` as `CPNG_read_info` would; returns 0 for any other file (libpng's to decode).
int CPNG_fast_read_info(const void *data, size_t size, CPNG_Info *info);

/// Decodes such a PNG with libdeflate into `out`, with the same samples as `CPNG_decode`. Returns 0
/// on success; non-zero when the file is not one it decodes or anything in it is off (a CRC, the
/// zlib stream, a filter type, the amount of data), in which case the caller uses `CPNG_decode`,
/// which reports the problem in libpng's words.
///
/// With `gray`, RGB and RGBA rows are reduced to one luma channel as each row is unfiltered
/// (CKernelsLuma.h: OpenCV's `COLOR_RGB2GRAY`, alpha ignored), so `out` holds width * height samples;
/// `*channels_equal` is then set to 1 when every pixel had R = G = B (the gray is exactly R).
int CPNG_fast_decode(const void *data, size_t size, int gray, void *out, size_t capacity, int *channels_equal);

/// Encodes 8- or 16-bit gray or RGB samples (16-bit in host order) as a PNG (PNGWriter.c).
///
/// `compression_level` 0-9: 0 stores; 1 at 8 bits AVERAGE-filters every row and codes the bytes with
/// Huffman codes alone (HuffmanDeflate.h); otherwise it is libdeflate's level, levels 1-3 SUB-filter
/// every row and higher levels choose the filter per row as libpng does. The same input and level give the same bytes. On success `*out` is a buffer from malloc that the caller
/// releases with `CPNG_free`. Returns 0 on success.
int CPNG_encode(const void *pixels, int width, int height, int channels, int bit_depth, int compression_level,
                void **out, size_t *out_size, CPNG_Status *status);

/// Releases a buffer returned by `CPNG_encode`.
void CPNG_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif
