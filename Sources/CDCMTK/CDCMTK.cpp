// The C++ side of CDCMTK.h: DCMTK behind a C interface, with every exception caught here.

#include "CDCMTK.h"

#include <cstring>
#include <exception>
#include <new>
#include <vector>

#include <zlib.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcistrmb.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

#include "CDCMTKFile.h"

namespace {

// Values longer than this are not copied while parsing: they stay in the caller's bytes, and DCMTK
// reads them from there when asked (DCMTK's own default limit for files read from disk).
constexpr Uint32 kLentValueLength = DCM_MaxReadLength;

// A buffer stream over caller-owned bytes that, unlike DcmInputBufferStream, hands DCMTK a factory
// for the current position: DcmElement::read then skips long values instead of copying them, and
// loads them on first access through LentValueFactory, as it does for files read from disk.
class LendingStream : public DcmInputBufferStream {
public:
    LendingStream(const uint8_t *base, size_t size, size_t origin) : base_(base), size_(size), origin_(origin) {
        if (origin < size) setBuffer(base + origin, OFstatic_cast(offile_off_t, size - origin));
        setEos();
    }

    DcmInputStreamFactory *newFactory() const override;

private:
    const uint8_t *base_;
    size_t size_;
    size_t origin_;
};

// Where a skipped value lies: `offset` bytes into the caller's buffer.
class LentValueFactory : public DcmInputStreamFactory {
public:
    LentValueFactory(const uint8_t *base, size_t size, size_t offset) : base_(base), size_(size), offset_(offset) {}

    DcmInputStream *create() const override { return new LendingStream(base_, size_, offset_); }
    DcmInputStreamFactory *clone() const override { return new LentValueFactory(*this); }
    // The enum knows only DCMTK's own factories; ours is, like the file one, a seekable source.
    DcmInputStreamFactoryType ident() const override { return DFT_DcmInputFileStreamFactory; }

    /// The value's first byte and the bytes that follow it in the caller's buffer.
    const uint8_t *start() const { return base_ + offset_; }
    size_t remaining() const { return offset_ <= size_ ? size_ - offset_ : 0; }

private:
    const uint8_t *base_;
    size_t size_;
    size_t offset_;
};

DcmInputStreamFactory *LendingStream::newFactory() const {
    // Behind the zlib filter of the deflated syntax, tell() counts inflated bytes, which are not in
    // the caller's buffer: no factory, so DCMTK loads those values while parsing.
    if (dynamic_cast<const DcmBufferProducer *>(currentProducer()) == nullptr) return nullptr;
    return new LentValueFactory(base_, size_, origin_ + OFstatic_cast(size_t, tell()));
}

void setStatus(CDCMTK_Status *status, int kind, const char *message) {
    if (status == nullptr) return;
    status->kind = kind;
    std::strncpy(status->message, message ? message : "", sizeof status->message - 1);
    status->message[sizeof status->message - 1] = '\0';
}

void clearStatus(CDCMTK_Status *status) { setStatus(status, CDCMTK_OK, ""); }

// DCMTK reports a stream that ends inside an element as "I/O suspension" (EC_StreamNotifyClient)
// or one of the premature-end conditions; everything else that stops parsing is a malformed file.
int kindOf(const OFCondition &cond) {
    if (cond == EC_StreamNotifyClient || cond == EC_PrematureSequDelimitationItem ||
        cond == EC_SequEnd || cond == EC_ItemEnd || cond == EC_EndOfStream) {
        return CDCMTK_TRUNCATED;
    }
    if (cond == EC_CannotChangeRepresentation || cond == EC_UnsupportedEncoding) return CDCMTK_UNSUPPORTED;
    return CDCMTK_MALFORMED;
}

size_t copyString(const char *text, size_t length, char *out, size_t capacity) {
    if (out == nullptr || capacity == 0) return length;
    size_t n = length < capacity - 1 ? length : capacity - 1;
    std::memcpy(out, text, n);
    out[n] = '\0';
    return length;
}

// Reads `(gggg,eeee)` at `*cursor`, moving past it.
bool parseTag(const char *&cursor, DcmTagKey &key) {
    unsigned values[2] = {0, 0};
    if (*cursor++ != '(') return false;
    for (int part = 0; part < 2; part++) {
        for (int digit = 0; digit < 4; digit++) {
            char c = *cursor++;
            unsigned v;
            if (c >= '0' && c <= '9') v = OFstatic_cast(unsigned, c - '0');
            else if (c >= 'a' && c <= 'f') v = OFstatic_cast(unsigned, c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v = OFstatic_cast(unsigned, c - 'A' + 10);
            else return false;
            values[part] = values[part] << 4 | v;
        }
        if (*cursor++ != (part == 0 ? ',' : ')')) return false;
    }
    key = DcmTagKey(OFstatic_cast(Uint16, values[0]), OFstatic_cast(Uint16, values[1]));
    return true;
}

// Resolves a path such as `(0028,0010)` or `(5200,9229)[0].(0028,9110)[0].(0028,0030)` to the
// object it names, without creating anything. Walked here rather than by DcmPathProcessor, which
// casts whatever element a file holds at an indexed tag to a sequence: a functional-group tag
// written with a DS, LO or IS VR crashed it. Here an item index into anything but a sequence
// (`ident() == EVR_SQ`), an index past the last item or a malformed path names nothing.
DcmObject *objectAt(CDCMTK_File *file, const char *path) {
    DcmItem *item = file->format.getDataset();
    const char *cursor = path;
    while (item != nullptr) {
        DcmTagKey key;
        if (!parseTag(cursor, key)) return nullptr;
        DcmElement *element = nullptr;
        if (item->findAndGetElement(key, element, OFFalse).bad() || element == nullptr) return nullptr;
        if (*cursor == '\0') return element;
        if (*cursor++ != '[') return nullptr;
        unsigned long index = 0;
        int digits = 0;
        while (*cursor >= '0' && *cursor <= '9' && digits < 9) {
            index = index * 10 + OFstatic_cast(unsigned long, *cursor++ - '0');
            digits++;
        }
        if (digits == 0 || *cursor++ != ']') return nullptr;
        if (element->ident() != EVR_SQ) return nullptr;
        DcmSequenceOfItems *sequence = OFstatic_cast(DcmSequenceOfItems *, element);
        if (index >= sequence->card()) return nullptr;
        item = sequence->getItem(index);
        if (*cursor == '\0') return item;
        if (*cursor++ != '.') return nullptr;
    }
    return nullptr;
}

DcmPixelData *pixelData(CDCMTK_File *file) {
    DcmElement *element = nullptr;
    if (file->format.getDataset()->findAndGetElement(DCM_PixelData, element, OFFalse).bad()) return nullptr;
    if (element == nullptr || element->ident() != EVR_PixelData) return nullptr;
    return OFstatic_cast(DcmPixelData *, element);
}

DcmPixelSequence *pixelSequence(CDCMTK_File *file) {
    DcmPixelData *pixels = pixelData(file);
    if (pixels == nullptr) return nullptr;
    DcmPixelSequence *sequence = nullptr;
    E_TransferSyntax xfer = file->format.getDataset()->getOriginalXfer();
    if (pixels->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad()) return nullptr;
    return sequence;
}

// The end of the File Meta Information (group 0002, always explicit VR little endian, PS3.10
// 7.1) and its Transfer Syntax UID, read without DCMTK; 0 when there is no meta header.
size_t metaHeaderEnd(const uint8_t *bytes, size_t size, std::string *syntax) {
    size_t pos = 0;
    if (size >= 132 && std::memcmp(bytes + 128, "DICM", 4) == 0) pos = 132;
    size_t end = 0;
    while (pos + 8 <= size) {
        uint16_t group = OFstatic_cast(uint16_t, bytes[pos] | bytes[pos + 1] << 8);
        uint16_t element = OFstatic_cast(uint16_t, bytes[pos + 2] | bytes[pos + 3] << 8);
        if (group != 0x0002) break;
        char vr0 = OFstatic_cast(char, bytes[pos + 4]), vr1 = OFstatic_cast(char, bytes[pos + 5]);
        bool longForm = (vr0 == 'O' && (vr1 == 'B' || vr1 == 'W' || vr1 == 'F' || vr1 == 'D' || vr1 == 'L' || vr1 == 'V')) ||
                        (vr0 == 'U' && (vr1 == 'N' || vr1 == 'T' || vr1 == 'C' || vr1 == 'R')) ||
                        (vr0 == 'S' && (vr1 == 'Q' || vr1 == 'V'));
        size_t length, header;
        if (longForm) {
            if (pos + 12 > size) break;
            length = bytes[pos + 8] | bytes[pos + 9] << 8 | bytes[pos + 10] << 16 | OFstatic_cast(size_t, bytes[pos + 11]) << 24;
            header = 12;
        } else {
            length = bytes[pos + 6] | bytes[pos + 7] << 8;
            header = 8;
        }
        if (length > size || pos + header + length > size) break;
        if (element == 0x0010 && syntax != nullptr) {
            size_t n = length;
            while (n > 0 && (bytes[pos + header + n - 1] == 0 || bytes[pos + header + n - 1] == ' ')) n--;
            syntax->assign(OFreinterpret_cast(const char *, bytes + pos + header), n);
        }
        pos += header + length;
        end = pos;
    }
    return end;
}

// Inflates a deflated data set (raw deflate, RFC 1951, PS3.5 A.5) as far as the stream goes.
// Deflate expands at most 1032 times, so the output is bounded by the input; what it holds is
// then parsed like any explicit little endian data set, whose element lengths DCMTK checks
// against the bytes that remain. (Left to DCMTK's zlib stream, every value was allocated at its
// declared length before being read: a mutated length asked for 4 GB.)
bool inflateDataSet(const uint8_t *bytes, size_t size, std::vector<uint8_t> &out, std::string &error) {
    z_stream stream;
    std::memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
        error = "zlib could not be initialized";
        return false;
    }
    stream.next_in = const_cast<Bytef *>(bytes);
    stream.avail_in = OFstatic_cast(uInt, size > 0x7FFFFFFFu ? 0x7FFFFFFFu : size);
    int result = Z_OK;
    uint8_t chunk[65536];
    while (result == Z_OK) {
        stream.next_out = chunk;
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.insert(out.end(), chunk, chunk + (sizeof chunk - stream.avail_out));
        if (result == Z_BUF_ERROR && stream.avail_in == 0) break;  // the data end mid-stream
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END && result != Z_BUF_ERROR && result != Z_OK) {
        error = std::string("the deflated data set is corrupt (zlib: ") + (stream.msg ? stream.msg : "error") + ")";
        return false;
    }
    return true;
}

}  // namespace

extern "C" void CDCMTK_register_codecs(void) {
    try {
        // Errors come back through OFCondition; the console must stay quiet in normal operation.
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        // Real archives hold explicit-VR files with implicit-VR elements (pydicom reads them too).
        dcmAcceptUnexpectedImplicitEncoding.set(OFTrue);
        // Raw components out of the JPEG codec: the Swift side converts YCbCr the way pydicom does,
        // so that stored values are identical to `pixel_array`.
        DJDecoderRegistration::registerCodecs(EDC_never);
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    } catch (...) {
        // Registration failing leaves the codecs missing; decoding then reports "unsupported".
    }
}

// Whether DCMTK's data dictionary is loaded: without it implicit-VR files parse as garbage, so
// the open functions say so in `status` instead.
static bool dictionaryLoaded(CDCMTK_Status *status) {
    if (dcmDataDict.isDictionaryLoaded()) return true;
    setStatus(status, CDCMTK_INTERNAL,
              "DCMTK's data dictionary is not loaded (install libdcmtk's dicom.dic or set DCMDICTPATH)");
    return false;
}

// Records the parsed data set's transfer syntax in `file` and hands `file` out.
static CDCMTK_File *withTransferSyntax(CDCMTK_File *file) {
    DcmXfer xfer(file->format.getDataset()->getOriginalXfer());
    const char *uid = xfer.getXferID();
    copyString(uid, std::strlen(uid), file->transferSyntax, sizeof file->transferSyntax);
    return file;
}

// Runs an open function's `body(file)`, turning any C++ exception into `status` and deleting the
// half-made `file` (no exception crosses the C API).
template <typename Body> static CDCMTK_File *openGuarded(CDCMTK_Status *status, Body body) {
    CDCMTK_File *file = nullptr;
    try {
        return body(file);
    } catch (const std::bad_alloc &) {
        setStatus(status, CDCMTK_INTERNAL, "out of memory while parsing the data set");
    } catch (const std::exception &e) {
        setStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while parsing the data set");
    }
    delete file;
    return nullptr;
}

extern "C" CDCMTK_File *CDCMTK_open(const void *data, size_t size, uint64_t *consumed, CDCMTK_Status *status) {
    clearStatus(status);
    if (consumed) *consumed = 0;
    return openGuarded(status, [&](CDCMTK_File *&file) -> CDCMTK_File * {
        if (!dictionaryLoaded(status)) return nullptr;
        file = new CDCMTK_File();
        file->transferSyntax[0] = '\0';
        const uint8_t *bytes = OFstatic_cast(const uint8_t *, data);
        std::string syntax;
        size_t metaEnd = metaHeaderEnd(bytes, size, &syntax);
        if (metaEnd > 0 && syntax == UID_DeflatedExplicitVRLittleEndianTransferSyntax) {
            std::string error;
            if (!inflateDataSet(bytes + metaEnd, size - metaEnd, file->inflated, error)) {
                if (consumed) *consumed = metaEnd;
                setStatus(status, CDCMTK_MALFORMED, error.c_str());
                delete file;
                return nullptr;
            }
            // The meta header from the file, then the inflated data set as explicit little endian.
            LendingStream meta(bytes, metaEnd, 0);
            file->format.getMetaInfo()->transferInit();
            OFCondition cond = file->format.getMetaInfo()->read(meta, EXS_Unknown, EGL_noChange, kLentValueLength);
            file->format.getMetaInfo()->transferEnd();
            if (cond.good()) {
                LendingStream inflated(file->inflated.data(), file->inflated.size(), 0);
                file->format.getDataset()->transferInit();
                cond = file->format.getDataset()->read(inflated, EXS_LittleEndianExplicit, EGL_noChange, kLentValueLength);
                file->format.getDataset()->transferEnd();
            }
            if (consumed) *consumed = cond.good() ? size : metaEnd;
            if (cond.bad()) {
                setStatus(status, kindOf(cond), cond.text());
                delete file;
                return nullptr;
            }
            copyString(syntax.c_str(), syntax.size(), file->transferSyntax, sizeof file->transferSyntax);
            return file;
        }
        LendingStream stream(bytes, size, 0);
        file->format.transferInit();
        OFCondition cond = file->format.read(stream, EXS_Unknown, EGL_noChange, kLentValueLength);
        file->format.transferEnd();
        if (consumed) *consumed = OFstatic_cast(uint64_t, stream.tell());
        if (cond.bad()) {
            setStatus(status, kindOf(cond), cond.text());
            delete file;
            return nullptr;
        }
        return withTransferSyntax(file);
    });
}

extern "C" CDCMTK_File *CDCMTK_open_header(const void *data, size_t size, int complete, CDCMTK_Status *status) {
    clearStatus(status);
    return openGuarded(status, [&](CDCMTK_File *&file) -> CDCMTK_File * {
        if (!dictionaryLoaded(status)) return nullptr;
        const uint8_t *bytes = OFstatic_cast(const uint8_t *, data);
        std::string syntax;
        size_t metaEnd = metaHeaderEnd(bytes, size, &syntax);
        if (metaEnd > 0 && syntax == UID_DeflatedExplicitVRLittleEndianTransferSyntax) {
            // Part of a deflate stream inflates to part of a data set; CDCMTK_open reads these whole.
            setStatus(status, CDCMTK_UNSUPPORTED, "a deflated data set is read whole");
            return nullptr;
        }
        file = new CDCMTK_File();
        file->transferSyntax[0] = '\0';
        LendingStream stream(bytes, size, 0);
        file->format.transferInit();
        // DCMTK stops at the first top-level tag >= Pixel Data, after reading its tag and length.
        OFCondition cond =
            file->format.readUntilTag(stream, EXS_Unknown, EGL_noChange, kLentValueLength, DCM_PixelData);
        file->format.transferEnd();
        // A parse that used every byte of a partial read may have ended at the cut, not at Pixel Data.
        if (cond.bad() || (!complete && OFstatic_cast(size_t, stream.tell()) >= size)) {
            if (cond.bad()) {
                setStatus(status, kindOf(cond), cond.text());
            } else {
                setStatus(status, CDCMTK_TRUNCATED, "the bytes end before Pixel Data");
            }
            delete file;
            return nullptr;
        }
        return withTransferSyntax(file);
    });
}

extern "C" void CDCMTK_close(CDCMTK_File *file) {
    try {
        delete file;
    } catch (...) {
    }
}

extern "C" size_t CDCMTK_transfer_syntax(const CDCMTK_File *file, char *out, size_t capacity) {
    if (file == nullptr) return 0;
    return copyString(file->transferSyntax, std::strlen(file->transferSyntax), out, capacity);
}

extern "C" size_t CDCMTK_peek_transfer_syntax(const void *data, size_t size, char *out, size_t capacity) {
    // The meta header is always explicit VR little endian (PS3.10 7.1), so metaHeaderEnd names the
    // syntax even when DCMTK cannot read the rest of the file.
    std::string syntax;
    metaHeaderEnd(OFstatic_cast(const uint8_t *, data), size, &syntax);
    return copyString(syntax.data(), syntax.size(), out, capacity);
}

extern "C" int CDCMTK_get_string(CDCMTK_File *file, const char *path, char *out, size_t capacity, size_t *needed) {
    if (needed) *needed = 0;
    if (out && capacity) out[0] = '\0';
    try {
        DcmObject *object = objectAt(file, path);
        if (object == nullptr || !object->isLeaf()) return 0;
        DcmElement *element = OFstatic_cast(DcmElement *, object);
        if (element->getLength() == 0) return 0;
        OFString value;
        if (element->getOFStringArray(value).bad()) return -1;
        size_t length = copyString(value.c_str(), value.length(), out, capacity);
        if (needed) *needed = length;
        return 1;
    } catch (...) {
        return -1;
    }
}

extern "C" int CDCMTK_get_words(CDCMTK_File *file, const char *path, uint16_t *out, size_t capacity, size_t *count) {
    if (count) *count = 0;
    try {
        DcmObject *object = objectAt(file, path);
        if (object == nullptr || !object->isLeaf()) return 0;
        DcmElement *element = OFstatic_cast(DcmElement *, object);
        Uint32 bytes = element->getLength();
        if (bytes == 0) return 0;
        const DcmEVR vr = element->getVR();
        size_t n = 0;
        if (vr == EVR_SS) {
            Sint16 *values = nullptr;
            if (element->getSint16Array(values).bad() || values == nullptr) return -1;
            n = bytes / 2;
            for (size_t i = 0; i < n && i < capacity; i++) out[i] = OFstatic_cast(uint16_t, values[i]);
        } else if (vr == EVR_OB || vr == EVR_UN) {
            Uint8 *values = nullptr;
            if (element->getUint8Array(values).bad() || values == nullptr) return -1;
            n = bytes / 2;
            for (size_t i = 0; i < n && i < capacity; i++) out[i] = OFstatic_cast(uint16_t, values[2 * i] | values[2 * i + 1] << 8);
        } else {
            Uint16 *values = nullptr;
            if (element->getUint16Array(values).bad() || values == nullptr) return -1;
            n = bytes / 2;
            for (size_t i = 0; i < n && i < capacity; i++) out[i] = values[i];
        }
        if (count) *count = n;
        return 1;
    } catch (...) {
        return -1;
    }
}

extern "C" long CDCMTK_count_items(CDCMTK_File *file, const char *path) {
    try {
        DcmObject *object = objectAt(file, path);
        if (object == nullptr || object->ident() != EVR_SQ) return -1;
        return OFstatic_cast(long, OFstatic_cast(DcmSequenceOfItems *, object)->card());
    } catch (...) {
        return -1;
    }
}

extern "C" int CDCMTK_pixel_info(CDCMTK_File *file, CDCMTK_PixelInfo *info, CDCMTK_Status *status) {
    clearStatus(status);
    std::memset(info, 0, sizeof *info);
    try {
        DcmPixelData *pixels = pixelData(file);
        if (pixels == nullptr) return 0;
        info->present = 1;
        DcmDataset *dataset = file->format.getDataset();
        if (DcmXfer(dataset->getOriginalXfer()).isEncapsulated()) {
            info->encapsulated = 1;
            DcmPixelSequence *sequence = pixelSequence(file);
            if (sequence != nullptr) {
                info->fragments = sequence->card();
                for (unsigned long i = 0; i < sequence->card(); i++) {
                    DcmPixelItem *item = nullptr;
                    if (sequence->getItem(item, i).good() && item != nullptr) info->length += item->getLength();
                }
            }
        } else {
            info->length = pixels->getLength();
        }
        Uint32 frameSize = 0;
        if (pixels->getUncompressedFrameSize(dataset, frameSize).good()) info->frame_size = frameSize;
        return 0;
    } catch (const std::exception &e) {
        setStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while reading Pixel Data");
    }
    return -1;
}

extern "C" int CDCMTK_fragment(CDCMTK_File *file, uint32_t index, const uint8_t **bytes, size_t *length) {
    *bytes = nullptr;
    *length = 0;
    try {
        DcmPixelSequence *sequence = pixelSequence(file);
        if (sequence == nullptr) return -1;
        DcmPixelItem *item = nullptr;
        if (sequence->getItem(item, index).bad() || item == nullptr) return -1;
        Uint8 *values = nullptr;
        if (item->getLength() == 0) return 0;
        // A fragment DCMTK left in the caller's buffer is lent from there, as native Pixel Data is:
        // getUint8Array would first copy the whole codestream (megabytes) into DCMTK's own memory.
        const LentValueFactory *lent = dynamic_cast<const LentValueFactory *>(item->getInputStream());
        if (!item->valueLoaded() && lent != nullptr && item->getLength() <= lent->remaining()) {
            *bytes = lent->start();
            *length = item->getLength();
            return 0;
        }
        if (item->getUint8Array(values).bad() || values == nullptr) return -1;
        *bytes = values;
        *length = item->getLength();
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" int CDCMTK_decode_frame(CDCMTK_File *file, uint32_t frame, void *out, size_t capacity,
                                   int *planar_configuration, CDCMTK_Status *status) {
    clearStatus(status);
    try {
        DcmPixelData *pixels = pixelData(file);
        if (pixels == nullptr) {
            setStatus(status, CDCMTK_MALFORMED, "no Pixel Data (7FE0,0010)");
            return -1;
        }
        DcmDataset *dataset = file->format.getDataset();
        Uint32 frameSize = 0;
        OFCondition cond = pixels->getUncompressedFrameSize(dataset, frameSize);
        if (cond.bad()) {
            setStatus(status, kindOf(cond), cond.text());
            return -1;
        }
        if (frameSize > capacity) {
            setStatus(status, CDCMTK_INTERNAL, "frame buffer smaller than the uncompressed frame size");
            return -1;
        }
        // Codecs check the buffer against the size they will write (a JPEG YBR_FULL_422 frame
        // decodes to three full samples per pixel, more than DCMTK's frame size), so pass it all.
        Uint32 bufferSize = capacity > 0xFFFFFFF0u ? 0xFFFFFFF0u : OFstatic_cast(Uint32, capacity);
        Uint32 startFragment = 0;
        OFString colorModel;
        cond = pixels->getUncompressedFrame(dataset, frame, startFragment, out, bufferSize, colorModel, nullptr);
        if (cond.bad()) {
            // The syntax was checked before: a codec failing here met data it could not decode.
            setStatus(status, cond == EC_UnsupportedEncoding ? CDCMTK_UNSUPPORTED : CDCMTK_MALFORMED, cond.text());
            return -1;
        }
        Uint16 planar = 0;
        if (dataset->findAndGetUint16(DCM_PlanarConfiguration, planar).bad()) planar = 0;
        if (planar_configuration) *planar_configuration = planar;
        return 0;
    } catch (const std::bad_alloc &) {
        setStatus(status, CDCMTK_INTERNAL, "out of memory while decoding the frame");
    } catch (const std::exception &e) {
        setStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while decoding the frame");
    }
    return -1;
}

extern "C" int CDCMTK_read_native(CDCMTK_File *file, uint64_t offset, void *out, size_t length, CDCMTK_Status *status) {
    clearStatus(status);
    try {
        DcmPixelData *pixels = pixelData(file);
        if (pixels == nullptr) {
            setStatus(status, CDCMTK_MALFORMED, "no Pixel Data (7FE0,0010)");
            return -1;
        }
        if (offset + length > pixels->getLength() || length > 0xFFFFFFF0u) {
            setStatus(status, CDCMTK_MALFORMED, "the requested bytes lie past the end of Pixel Data");
            return -1;
        }
        OFCondition cond = pixels->getPartialValue(out, OFstatic_cast(Uint32, offset), OFstatic_cast(Uint32, length));
        if (cond.bad()) {
            setStatus(status, CDCMTK_MALFORMED, cond.text());
            return -1;
        }
        return 0;
    } catch (const std::exception &e) {
        setStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while reading Pixel Data");
    }
    return -1;
}

extern "C" int CDCMTK_native_pixels(CDCMTK_File *file, const uint8_t **bytes, size_t *length, CDCMTK_Status *status) {
    clearStatus(status);
    *bytes = nullptr;
    *length = 0;
    try {
        DcmPixelData *pixels = pixelData(file);
        if (pixels == nullptr) {
            setStatus(status, CDCMTK_MALFORMED, "no Pixel Data (7FE0,0010)");
            return -1;
        }
        if (DcmXfer(file->format.getDataset()->getOriginalXfer()).isEncapsulated()) {
            setStatus(status, CDCMTK_UNSUPPORTED, "Pixel Data is encapsulated");
            return -1;
        }
        // CDCMTK_read_native's getPartialValue copies out of getValue(gLocalByteOrder): the whole
        // value, swapped once, in place, by the width of the element's VR. For OW getUint16Array is
        // that same call; for OB and UN (width 1, never swapped) getUint8Array is. The crossed pairs
        // are not: getUint8Array turns OW little endian whatever the machine, and getUint16Array
        // relabels OB as little-endian OW. Any other VR keeps the copying path.
        const DcmEVR vr = pixels->getVR();
        if (vr != EVR_OW && vr != EVR_OB && vr != EVR_UN) {
            setStatus(status, CDCMTK_UNSUPPORTED, "Pixel Data has a VR other than OB, OW or UN");
            return -1;
        }
        // A value still in the caller's buffer is lent from there when its bytes are already in the
        // machine's order: OB and UN always, OW when Pixel Data's byte order (which GE's private
        // syntax sets apart from the data set's) is the machine's.
        const E_ByteOrder fileOrder = DcmXfer(file->format.getDataset()->getOriginalXfer()).getPixelDataByteOrder();
        const LentValueFactory *lent = dynamic_cast<const LentValueFactory *>(pixels->getInputStream());
        if (!pixels->valueLoaded() && lent != nullptr && (vr != EVR_OW || fileOrder == gLocalByteOrder) &&
            pixels->getLength() <= lent->remaining()) {
            *bytes = lent->start();
            *length = pixels->getLength();
            return 0;
        }
        void *value = nullptr;
        OFCondition cond;
        if (vr == EVR_OW) {
            Uint16 *words = nullptr;
            cond = pixels->getUint16Array(words);
            value = words;
        } else {
            Uint8 *octets = nullptr;
            cond = pixels->getUint8Array(octets);
            value = octets;
        }
        if (cond.bad() || value == nullptr) {
            setStatus(status, CDCMTK_MALFORMED, cond.bad() ? cond.text() : "Pixel Data has no value in memory");
            return -1;
        }
        *bytes = OFstatic_cast(const uint8_t *, value);
        *length = pixels->getLength();
        return 0;
    } catch (const std::exception &e) {
        setStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while reading Pixel Data");
    }
    return -1;
}
