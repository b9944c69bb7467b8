#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Why a call failed; `message` is libjpeg's own text. `truncated` is 1 when the data ended early.
typedef struct {
    int failed;
    int truncated;
    int unsupported;
    /// Bytes of the file libjpeg's source manager had consumed when it failed (the next byte it
    /// would have read); -1 when the failure came before reading.
    int64_t offset;
    char message[200];
} CJPEG_Status;

/// The image a decode at a given scale will produce.
typedef struct {
    /// Size at full scale.
    int image_width, image_height;
    /// Size at the requested scale (ceil(full / scale_denom)).
    int width, height;
    /// Samples per decoded pixel: 1 for gray (and for color decoded as luminance), 3 for color decoded to RGB.
    int components;
    /// Components in the file: 1 gray, 3 YCbCr or RGB.
    int file_components;
    /// 1 when the file's components are YCbCr (what `gray` decodes as its Y component alone).
    int ycbcr;
    /// Sample precision in the file (8; 12 is reported, not decoded).
    int precision;
    /// 1 for a progressive JPEG.
    int progressive;
    /// 1 when the file is arithmetic coded (SOF9 and up), 0 for Huffman coding.
    int arithmetic;
} CJPEG_Info;

/// Reads the header. `scale_denom` (1, 2, 4 or 8) decodes at reduced size in the DCT domain.
/// With `gray`, color files decode to one channel (see `CJPEG_decode`). Returns 0 on success.
int CJPEG_read_info(const void *data, size_t size, int scale_denom, int gray, CJPEG_Info *info, CJPEG_Status *status);

/// Decodes into `out`, which holds at least width * height * components bytes at that scale.
///
/// With `gray`, a YCbCr file decodes to its luminance (Y) component alone: libjpeg-turbo skips the
/// chroma IDCT, upsampling and color conversion (`out_color_space = JCS_GRAYSCALE`). Y is the BT.601
/// luma the encoder computed, `0.299 R + 0.587 G + 0.114 B`, so it equals OpenCV's
/// `cvtColor(RGB2GRAY)` of the RGB decode within rounding wherever that decode did not clip. An RGB
/// (Adobe transform 0) file is decoded to RGB and reduced with the same fixed-point weights as
/// OpenCV (`CKernels_rgb_to_gray_u8`).
///
/// Corrupt-data warnings (which libjpeg would print and paper over) fail the call. Returns 0 on success.
int CJPEG_decode(const void *data, size_t size, int scale_denom, int gray, void *out, size_t capacity,
                 CJPEG_Status *status);

#ifdef __cplusplus
}
#endif

#endif
