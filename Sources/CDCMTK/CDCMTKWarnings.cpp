// Captures DCMTK codec warnings per thread (CDCMTKWarnings.h).

#include "CDCMTKWarnings.h"

#include <cstring>
#include <string>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/oflog/appender.h"
#include "dcmtk/oflog/logger.h"
#include "dcmtk/oflog/spi/logevent.h"

namespace {

namespace log4 = dcmtk::log4cplus;

thread_local std::vector<std::string> capturedWarnings;

// Records each message in the calling thread's list; the decoding thread is the one that logs.
class CaptureAppender : public log4::Appender {
public:
    ~CaptureAppender() override { destructorImpl(); }
    void close() override {}

protected:
    void append(const log4::spi::InternalLoggingEvent &event) override {
        if (capturedWarnings.size() < 64) capturedWarnings.emplace_back(event.getMessage().c_str());
    }
};

}  // namespace

extern "C" void CDCMTK_capture_codec_warnings(void) {
    try {
        log4::SharedAppenderPtr appender(new CaptureAppender());
        for (const char *name : {"dcmtk.dcmjpeg", "dcmtk.dcmjpls"}) {
            log4::Logger logger = log4::Logger::getInstance(name);
            logger.setAdditivity(false);
            logger.removeAllAppenders();
            logger.addAppender(appender);
            logger.setLogLevel(log4::WARN_LOG_LEVEL);
        }
    } catch (...) {
        // Without capture, codec warnings stay silent, as before.
    }
}

extern "C" size_t CDCMTK_take_codec_warnings(char *out, size_t capacity) {
    size_t count = capturedWarnings.size();
    if (out != nullptr && capacity > 0) {
        std::string joined;
        for (size_t i = 0; i < count; i++) {
            if (i) joined += '\n';
            joined += capturedWarnings[i];
        }
        size_t n = joined.size() < capacity - 1 ? joined.size() : capacity - 1;
        std::memcpy(out, joined.data(), n);
        out[n] = '\0';
    }
    capturedWarnings.clear();
    return count;
}
