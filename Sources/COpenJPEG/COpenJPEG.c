// OpenJPEG 2.5 behind COpenJPEG.h: an in-memory stream, strict decoding, messages captured.

#include "COpenJPEG.h"

#include <openjpeg-2.5/openjpeg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
} MemoryStream;

static OPJ_SIZE_T stream_read(void *buffer, OPJ_SIZE_T count, void *user) {
    MemoryStream *stream = user;
    size_t left = stream->size - stream->position;
    if (left == 0) return (OPJ_SIZE_T)-1;
    if (count > left) count = left;
    memcpy(buffer, stream->data + stream->position, count);
    stream->position += count;
    return count;
}

static OPJ_OFF_T stream_skip(OPJ_OFF_T count, void *user) {
    MemoryStream *stream = user;
    if (count < 0) {
        if ((size_t)(-count) > stream->position) count = -(OPJ_OFF_T)stream->position;
    } else if ((size_t)count > stream->size - stream->position) {
        count = (OPJ_OFF_T)(stream->size - stream->position);
    }
    stream->position += count;
    return count;
}

static OPJ_BOOL stream_seek(OPJ_OFF_T position, void *user) {
    MemoryStream *stream = user;
    if (position < 0 || (size_t)position > stream->size) return OPJ_FALSE;
    stream->position = (size_t)position;
    return OPJ_TRUE;
}

// The first error OpenJPEG reports is the useful one; later ones are consequences.
typedef struct {
    char *text;
    size_t capacity;
    int set;
} Messages;

static void on_error(const char *message, void *user) {
    Messages *messages = user;
    if (messages->set || messages->capacity == 0) return;
    snprintf(messages->text, messages->capacity, "%s", message);
    size_t n = strlen(messages->text);
    while (n > 0 && (messages->text[n - 1] == '\n' || messages->text[n - 1] == ' ')) messages->text[--n] = '\0';
    messages->set = 1;
}

static void on_quiet(const char *message, void *user) {
    (void)message;
    (void)user;
}

static void fail(Messages *messages, const char *text) {
    if (!messages->set) on_error(text, messages);
}

// A JP2 file starts with its signature box; anything else is taken as a raw codestream.
static OPJ_CODEC_FORMAT format_of(const uint8_t *data, size_t size) {
    static const uint8_t jp2[12] = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, 0x87, 10};
    if (size >= 12 && memcmp(data, jp2, 12) == 0) return OPJ_CODEC_JP2;
    return OPJ_CODEC_J2K;
}

typedef struct {
    opj_codec_t *codec;
    opj_stream_t *stream;
    opj_image_t *image;
    MemoryStream memory;
} Session;

static void close_session(Session *session) {
    if (session->image) opj_image_destroy(session->image);
    if (session->stream) opj_stream_destroy(session->stream);
    if (session->codec) opj_destroy_codec(session->codec);
}

// Opens the codec and reads the header; fills `info` from it.
static int open_session(Session *session, const uint8_t *data, size_t size, COpenJPEG_Info *info, Messages *messages) {
    memset(session, 0, sizeof *session);
    memset(info, 0, sizeof *info);
    if (data == NULL || size < 2) {
        fail(messages, "the frame is empty");
        return -1;
    }
    session->memory = (MemoryStream){data, size, 0};
    session->codec = opj_create_decompress(format_of(data, size));
    if (session->codec == NULL) {
        fail(messages, "OpenJPEG could not create a decoder");
        return -1;
    }
    opj_set_error_handler(session->codec, on_error, messages);
    opj_set_warning_handler(session->codec, on_quiet, NULL);
    opj_set_info_handler(session->codec, on_quiet, NULL);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(session->codec, &parameters)) {
        fail(messages, "OpenJPEG refused the decoder parameters");
        return -1;
    }
    // A codestream cut short must fail, not decode with code blocks missing.
    opj_decoder_set_strict_mode(session->codec, OPJ_TRUE);
    session->stream = opj_stream_create(1 << 16, OPJ_TRUE);
    if (session->stream == NULL) {
        fail(messages, "OpenJPEG could not create a stream");
        return -1;
    }
    opj_stream_set_user_data(session->stream, &session->memory, NULL);
    opj_stream_set_user_data_length(session->stream, size);
    opj_stream_set_read_function(session->stream, stream_read);
    opj_stream_set_skip_function(session->stream, stream_skip);
    opj_stream_set_seek_function(session->stream, stream_seek);
    if (!opj_read_header(session->stream, session->codec, &session->image) || session->image == NULL) {
        fail(messages, "OpenJPEG cannot read the codestream header");
        return -1;
    }
    opj_image_t *image = session->image;
    if (image->numcomps == 0) {
        fail(messages, "the codestream has no components");
        return -1;
    }
    info->components = image->numcomps;
    info->width = image->x1 - image->x0;
    info->height = image->y1 - image->y0;
    info->precision = image->comps[0].prec;
    info->is_signed = (int32_t)image->comps[0].sgnd;
    opj_codestream_info_v2_t *cstr = opj_get_cstr_info(session->codec);
    if (cstr != NULL) {
        if (cstr->m_default_tile_info.tccp_info != NULL) {
            info->resolutions = cstr->m_default_tile_info.tccp_info[0].numresolutions;
        }
        info->mct = cstr->m_default_tile_info.mct ? 1 : 0;
        opj_destroy_cstr_info(&cstr);
    }
    return 0;
}

int COpenJPEG_read_header(const uint8_t *data, size_t size, COpenJPEG_Info *info, char *message, size_t capacity) {
    Messages messages = {message, capacity, 0};
    if (message && capacity) message[0] = '\0';
    Session session;
    int result = open_session(&session, data, size, info, &messages);
    close_session(&session);
    return result;
}

int COpenJPEG_decode(const uint8_t *data, size_t size, uint32_t reduce, void *out, size_t capacity,
                     int bytes_per_sample, COpenJPEG_Info *info, char *message, size_t capacity_message) {
    Messages messages = {message, capacity_message, 0};
    if (message && capacity_message) message[0] = '\0';
    Session session;
    if (open_session(&session, data, size, info, &messages) != 0) {
        close_session(&session);
        return -1;
    }
    int result = -1;
    opj_image_t *image = session.image;
    if (bytes_per_sample != 1 && bytes_per_sample != 2) {
        fail(&messages, "only 1- and 2-byte samples can be written");
        goto done;
    }
    if (reduce > 0 && (info->resolutions == 0 || reduce >= info->resolutions)) {
        fail(&messages, "the codestream has too few resolution levels for the requested reduction");
        goto done;
    }
    if (reduce > 0 && !opj_set_decoded_resolution_factor(session.codec, reduce)) {
        fail(&messages, "OpenJPEG refused the resolution reduction");
        goto done;
    }
    if (!opj_decode(session.codec, session.stream, image) || !opj_end_decompress(session.codec, session.stream)) {
        fail(&messages, "OpenJPEG could not decode the codestream");
        goto done;
    }
    uint32_t width = image->comps[0].w, height = image->comps[0].h, components = image->numcomps;
    info->decoded_width = width;
    info->decoded_height = height;
    for (uint32_t c = 0; c < components; c++) {
        if (image->comps[c].data == NULL || image->comps[c].w != width || image->comps[c].h != height) {
            fail(&messages, "the components have different sizes (subsampled components are not supported)");
            goto done;
        }
    }
    size_t pixels = (size_t)width * height;
    if (pixels == 0 || pixels * components * (size_t)bytes_per_sample > capacity) {
        fail(&messages, "the decoded image does not fit the frame the header describes");
        goto done;
    }
    if (bytes_per_sample == 1) {
        uint8_t *target = out;
        for (uint32_t c = 0; c < components; c++) {
            const OPJ_INT32 *source = image->comps[c].data;
            for (size_t i = 0; i < pixels; i++) target[i * components + c] = (uint8_t)source[i];
        }
    } else {
        uint16_t *target = out;
        for (uint32_t c = 0; c < components; c++) {
            const OPJ_INT32 *source = image->comps[c].data;
            for (size_t i = 0; i < pixels; i++) target[i * components + c] = (uint16_t)source[i];
        }
    }
    result = 0;
done:
    close_session(&session);
    return result;
}
