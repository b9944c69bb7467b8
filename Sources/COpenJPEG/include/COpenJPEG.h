#ifndef COPENJPEG_H
#define COPENJPEG_H

/*
 * JPEG 2000 (Part 1) and HTJ2K (Part 15) decoding through OpenJPEG 2.5, behind a small C interface.
 *
 * One call decodes one frame held in memory (a raw codestream or a JP2 file) into the caller's
 * buffer, optionally at a reduced resolution (1/2^reduce in each dimension, from the codestream's
 * own resolution levels). OpenJPEG runs in strict mode, so a truncated codestream is an error
 * rather than an image with missing code blocks, and every message it prints goes to the result.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the codestream says, filled by `COpenJPEG_decode` (also when it fails after the header).
typedef struct {
    uint32_t width;         /* full-resolution width of component 0 */
    uint32_t height;        /* full-resolution height of component 0 */
    uint32_t components;
    uint32_t precision;     /* bits of component 0 */
    int32_t is_signed;      /* component 0 */
    uint32_t resolutions;   /* resolution levels of the first tile (decomposition levels + 1) */
    int32_t mct;            /* 1 if the codestream applies a multi-component transform (ICT/RCT) */
    uint32_t decoded_width; /* size actually decoded, after the reduction */
    uint32_t decoded_height;
} COpenJPEG_Info;

/// Reads the header of `data` (a JP2 file or a raw J2K/HTJ2K codestream) into `info`.
/// Returns 0 on success, -1 with `message` (NUL-terminated) on failure.
int COpenJPEG_read_header(const uint8_t *data, size_t size, COpenJPEG_Info *info, char *message,
                          size_t capacity);

/// Decodes `data` at 1/2^`reduce` resolution into `out`: `components` interleaved samples per pixel,
/// each the low `bytes_per_sample` (1 or 2) bytes of OpenJPEG's value in the machine's byte order
/// (two's complement for signed values). Every component must have the size of component 0 at this
/// resolution; `capacity` must hold decoded_width x decoded_height x components x bytes_per_sample.
/// Returns 0 on success, -1 with `message` on failure.
int COpenJPEG_decode(const uint8_t *data, size_t size, uint32_t reduce, void *out, size_t capacity,
                     int bytes_per_sample, COpenJPEG_Info *info, char *message, size_t capacity_message);

#ifdef __cplusplus
}
#endif

#endif
