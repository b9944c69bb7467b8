#ifndef CDCMTK_H
#define CDCMTK_H

/*
 * A small C interface over DCMTK 3.6.7, the only C++ in the package.
 *
 * Swift never sees a DCMTK type: a data set lives behind the opaque `CDCMTK_File`, attributes come
 * back as text (every value joined by a backslash, as DICOM writes them) or as 16-bit words, and
 * pixels are written into a buffer the caller allocated (native Pixel Data can also be lent,
 * read-only, usually straight from the caller's own bytes). Every entry point catches every C++
 * exception, and DCMTK's logger is silenced, so nothing reaches stderr or unwinds into Swift.
 */

#include <stddef.h>
#include <stdint.h>

#include "CDCMTKWarnings.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Why a call failed. `kind` sorts the failure for the Swift side; `message` is DCMTK's own text.
typedef enum {
    CDCMTK_OK = 0,
    /// The data end before an element or item they announce.
    CDCMTK_TRUNCATED = 1,
    /// The bytes do not parse as DICOM, or a compressed stream is corrupt.
    CDCMTK_MALFORMED = 2,
    /// No codec for the transfer syntax, or a pixel layout DCMTK refuses.
    CDCMTK_UNSUPPORTED = 3,
    /// A C++ exception or an allocation failure inside DCMTK.
    CDCMTK_INTERNAL = 4
} CDCMTK_Kind;

typedef struct {
    int kind;            /* a CDCMTK_Kind */
    char message[240];   /* NUL-terminated */
} CDCMTK_Status;

/// An open data set, parsed from memory; values over 4096 bytes may still be read from the caller's
/// bytes (see `CDCMTK_open`). Owned by the caller; free with `CDCMTK_close`.
typedef struct CDCMTK_File CDCMTK_File;

/// What the decoder needs to know about Pixel Data (7FE0,0010) before it allocates.
typedef struct {
    int present;          /* 1 if the data set has Pixel Data (7FE0,0010) */
    int encapsulated;     /* 1 if it is a sequence of fragments (compressed transfer syntax) */
    uint64_t length;      /* native: value length in bytes; encapsulated: sum of fragment lengths */
    uint64_t fragments;   /* encapsulated: items in the pixel sequence, Basic Offset Table included */
    uint32_t frame_size;  /* bytes of one uncompressed frame, as DCMTK computes it; 0 if unknown */
} CDCMTK_PixelInfo;

/// Registers the JPEG, JPEG-LS and RLE decoders and silences DCMTK's logger.
///
/// Call once per process (Swift does so from a `static let`); not thread safe by itself.
void CDCMTK_register_codecs(void);

/// Reads a Part 10 file (with preamble and meta header) or a bare data set (implicit or explicit
/// VR little endian, explicit VR big endian) from `data`.
///
/// Values longer than 4096 bytes (Pixel Data above all) are not copied: DCMTK reads them from
/// `data` when they are first asked for, so `data` must stay valid and unchanged until
/// `CDCMTK_close` (deflated data sets are the exception: they are inflated and copied whole).
///
/// Returns NULL on failure, with `status` filled. `consumed` receives how far the parser got,
/// in bytes from the start of `data` (the offset to report for a truncated file).
CDCMTK_File *CDCMTK_open(const void *data, size_t size, uint64_t *consumed, CDCMTK_Status *status);

/// Reads the data set in `data` as `CDCMTK_open` does, but only up to Pixel Data (7FE0,0010) of
/// the top-level data set: for the header of a file of which `data` holds the first bytes.
///
/// `complete` says whether `data` is the whole file. When it is not, the parse must stop at Pixel
/// Data (or any higher top-level tag) before the bytes end; if the bytes end first, or inside an
/// element, NULL comes back with `CDCMTK_TRUNCATED`, and the caller reads the whole file. Deflated
/// data sets give NULL with `CDCMTK_UNSUPPORTED` (read those whole, with `CDCMTK_open`). Elements
/// after Pixel Data are not read, so a fault there goes unnoticed.
CDCMTK_File *CDCMTK_open_header(const void *data, size_t size, int complete, CDCMTK_Status *status);

/// Frees a data set from `CDCMTK_open`. NULL is allowed.
void CDCMTK_close(CDCMTK_File *file);

/// Writes the UID of the transfer syntax the data set was read in (or the meta header's
/// Transfer Syntax UID when `CDCMTK_open` failed early) into `out`. Returns the length, 0 if unknown.
size_t CDCMTK_transfer_syntax(const CDCMTK_File *file, char *out, size_t capacity);

/// Reads the Transfer Syntax UID (0002,0010) straight from a meta header in `data`, without
/// parsing the data set; used to name the syntax when parsing fails. Returns the length or 0.
size_t CDCMTK_peek_transfer_syntax(const void *data, size_t size, char *out, size_t capacity);

/// Looks up an attribute by a DCMTK path such as `(0028,0010)` or
/// `(5200,9229)[0].(0028,9110)[0].(0028,0030)` and writes every value, joined by `\`, into `out`.
/// The shim walks the path itself: an item index into an element that is not a sequence (a
/// functional-group tag written as DS, say) means the attribute is absent.
///
/// Returns 1 if found (the text may be truncated to `capacity - 1`; `*needed` gets the full length),
/// 0 if absent or empty, -1 on error.
int CDCMTK_get_string(CDCMTK_File *file, const char *path, char *out, size_t capacity, size_t *needed);

/// Reads an attribute of 16-bit words (US, SS, OW; OB is read as little-endian pairs) into `out`.
///
/// Returns 1 if found with `*count` words (at most `capacity` copied), 0 if absent, -1 on error.
int CDCMTK_get_words(CDCMTK_File *file, const char *path, uint16_t *out, size_t capacity, size_t *count);

/// The number of items of the sequence at `path`; -1 if there is no such sequence.
long CDCMTK_count_items(CDCMTK_File *file, const char *path);

/// Describes Pixel Data (7FE0,0010).
int CDCMTK_pixel_info(CDCMTK_File *file, CDCMTK_PixelInfo *info, CDCMTK_Status *status);

/// A pointer to the bytes of fragment `index` (0 is the Basic Offset Table) of encapsulated
/// Pixel Data, valid until `CDCMTK_close`: the bytes of the `data` given to `CDCMTK_open` when DCMTK
/// left the fragment there (over 4096 bytes, data set not deflated), else DCMTK's copy. Never
/// written through. Returns 0 on success.
int CDCMTK_fragment(CDCMTK_File *file, uint32_t index, const uint8_t **bytes, size_t *length);

/// Decodes frame `frame` (zero-based) into `out`, which holds at least `frame_size` bytes of
/// `CDCMTK_pixel_info`, decompressing only the fragments of that frame. Samples come out in the
/// machine's byte order; color ones in the layout `planar_configuration` reports afterwards.
///
/// Returns 0 on success.
int CDCMTK_decode_frame(CDCMTK_File *file, uint32_t frame, void *out, size_t capacity,
                        int *planar_configuration, CDCMTK_Status *status);

/// Copies `length` bytes from offset `offset` of native (uncompressed) Pixel Data into `out`,
/// 16-bit words in the machine's byte order. Used instead of `CDCMTK_decode_frame` for native
/// data, whose frame size DCMTK computes without the 4:2:2 subsampling of YBR_FULL_422.
/// Returns 0 on success.
int CDCMTK_read_native(CDCMTK_File *file, uint64_t offset, void *out, size_t length, CDCMTK_Status *status);

/// Lends the whole value of native (uncompressed) Pixel Data without copying it: `*bytes` points
/// at `*length` bytes, 16-bit words in the machine's byte order, the very bytes `CDCMTK_read_native`
/// would copy. They are the bytes of the `data` given to `CDCMTK_open` when DCMTK left the value
/// there (over 4096 bytes, data set not deflated) and Pixel Data's byte order is the machine's or its
/// VR is OB or UN; otherwise they are DCMTK's copy, swapped once. Valid until `CDCMTK_close`; never
/// written through. A value of odd length left in `data` keeps its odd length (DCMTK pads values it
/// copies to an even length).
///
/// Returns 0 on success; -1 (with `status`) when there is no native value to lend, e.g. for
/// encapsulated data or a VR other than OB, OW or UN, in which case `CDCMTK_read_native` still works.
int CDCMTK_native_pixels(CDCMTK_File *file, const uint8_t **bytes, size_t *length, CDCMTK_Status *status);

/// Bytes of Float Pixel Data (7FE0,0008; `width` 4) or Double Float Pixel Data (7FE0,0009;
/// `width` 8), or -1 when the data set has none (CDCMTKFloatPixels.cpp).
int64_t CDCMTK_float_pixels_length(CDCMTK_File *file, int width);

/// Copies bytes `offset ..< offset + length` of that value, in the machine's byte order
/// (swapped by 4 or 8 bytes in a big-endian file); the VR must be OF (width 4) or OD (width 8).
int CDCMTK_read_float_pixels(CDCMTK_File *file, int width, uint64_t offset, void *out, size_t length, CDCMTK_Status *status);

#ifdef __cplusplus
}
#endif

#endif
