// Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009), read as plain OF / OD
// values: DCMTK's DcmPixelData and codecs handle only (7FE0,0010).

#include "CDCMTK.h"
#include "CDCMTKFile.h"

#include <cstring>
#include <exception>

namespace {

void setFloatStatus(CDCMTK_Status *status, int kind, const char *message) {
    if (status == nullptr) return;
    status->kind = kind;
    std::strncpy(status->message, message ? message : "", sizeof status->message - 1);
    status->message[sizeof status->message - 1] = '\0';
}

DcmElement *floatElement(CDCMTK_File *file, int width) {
    const DcmTagKey key(0x7FE0, width == 8 ? 0x0009 : 0x0008);
    DcmElement *element = nullptr;
    if (file->format.getDataset()->findAndGetElement(key, element, OFFalse).bad()) return nullptr;
    return element;
}

}  // namespace

extern "C" int64_t CDCMTK_float_pixels_length(CDCMTK_File *file, int width) {
    try {
        DcmElement *element = floatElement(file, width);
        return element == nullptr ? -1 : OFstatic_cast(int64_t, element->getLength());
    } catch (...) {
        return -1;
    }
}

extern "C" int CDCMTK_read_float_pixels(
    CDCMTK_File *file, int width, uint64_t offset, void *out, size_t length, CDCMTK_Status *status) {
    setFloatStatus(status, CDCMTK_OK, "");
    try {
        DcmElement *element = floatElement(file, width);
        if (element == nullptr) {
            setFloatStatus(status, CDCMTK_MALFORMED, width == 8 ? "no Double Float Pixel Data (7FE0,0009)" : "no Float Pixel Data (7FE0,0008)");
            return -1;
        }
        const DcmEVR vr = element->getVR();
        if ((width == 4 && vr != EVR_OF) || (width == 8 && vr != EVR_OD)) {
            // Another VR would be swapped by the wrong width in a big-endian file.
            setFloatStatus(status, CDCMTK_UNSUPPORTED, width == 8 ? "Double Float Pixel Data has a VR other than OD" : "Float Pixel Data has a VR other than OF");
            return -1;
        }
        if (offset + length > element->getLength() || length > 0xFFFFFFF0u) {
            setFloatStatus(status, CDCMTK_MALFORMED, "the requested bytes lie past the end of the float pixel data");
            return -1;
        }
        // getPartialValue returns the value in the machine's byte order, swapped by the VR's width.
        OFCondition cond = element->getPartialValue(out, OFstatic_cast(Uint32, offset), OFstatic_cast(Uint32, length));
        if (cond.bad()) {
            setFloatStatus(status, CDCMTK_MALFORMED, cond.text());
            return -1;
        }
        return 0;
    } catch (const std::exception &e) {
        setFloatStatus(status, CDCMTK_INTERNAL, e.what());
    } catch (...) {
        setFloatStatus(status, CDCMTK_INTERNAL, "unknown C++ exception while reading float pixel data");
    }
    return -1;
}
