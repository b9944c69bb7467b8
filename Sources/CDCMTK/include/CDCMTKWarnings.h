#ifndef CDCMTK_WARNINGS_H
#define CDCMTK_WARNINGS_H

/*
 * DCMTK's codecs report recoverable stream faults ("Corrupt JPEG data: premature end of data
 * segment", IJG's "insufficient data" family) only as log warnings and return success with the
 * missing samples filled in. These functions catch those warnings, per thread, so that the caller
 * can refuse a frame a codec papered over.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Sends the warnings of DCMTK's JPEG and JPEG-LS codecs to a per-thread list instead of the
/// (silenced) log. Call once, after `CDCMTK_register_codecs`.
void CDCMTK_capture_codec_warnings(void);

/// Moves this thread's captured warnings into `out` (NUL-terminated, one per line, truncated to
/// `capacity - 1`) and clears the list. Returns the number of warnings.
size_t CDCMTK_take_codec_warnings(char *out, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
