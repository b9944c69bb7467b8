#ifndef CLOSSLESSJPEG_H
#define CLOSSLESSJPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How a call ended. `unsupported` means a valid stream this decoder does not take (the caller
/// falls back to another decoder); `truncated` and `malformed` mean the stream itself is bad.
enum {
    CLosslessJPEG_OK = 0,
    CLosslessJPEG_UNSUPPORTED = 1,
    CLosslessJPEG_TRUNCATED = 2,
    CLosslessJPEG_MALFORMED = 3,
};

/// Why a call failed: the kind, the byte offset in the codestream where it was found, and a sentence.
typedef struct {
    int kind;
    size_t offset;
    char message[200];
} CLosslessJPEG_Status;

/// The frame header (SOF3) and the first scan's parameters.
typedef struct {
    int width, height, components;
    /// Sample precision P, 2...16 (ISO 10918-1 H.1.2.1).
    int precision;
    /// Selection value (predictor 1...7) and point transform Pt of the first scan.
    int predictor, point_transform;
    /// Restart interval in MCUs in force at the first scan (0: none).
    int restart_interval;
    /// Number of scans decoded (1 for interleaved data; one per component otherwise).
    int scans;
} CLosslessJPEG_Info;

/// Reads the markers up to the first start-of-scan.
///
/// Returns `CLosslessJPEG_OK`, or the status kind with `status` filled in.
int CLosslessJPEG_read_info(const uint8_t *data, size_t size, CLosslessJPEG_Info *info, CLosslessJPEG_Status *status);

/// Decodes a lossless (process 14, SOF3, Huffman) JPEG codestream into 16-bit samples.
///
/// `out` receives width x height x components samples, color-by-pixel, each the decoded value
/// shifted left by the point transform (ISO 10918-1 H.2), as libjpeg's lossless decoder returns
/// them. `capacity` is the number of samples `out` holds. Never reads outside `data` or writes
/// outside `out`. Returns `CLosslessJPEG_OK`, or the status kind with `status` filled in.
int CLosslessJPEG_decode(
    const uint8_t *data, size_t size, uint16_t *out, size_t capacity, CLosslessJPEG_Info *info,
    CLosslessJPEG_Status *status);

#ifdef __cplusplus
}
#endif

#endif
