internal import CDCMTK

/// A parsed DICOM data set: a safe owner of one `CDCMTK_File`.
///
/// Attributes are addressed by DCMTK path strings such as `(0028,0010)` or
/// `(5200,9229)[0].(0028,9110)[0].(0028,0030)` (see ``DICOMTag``). Values come back as text,
/// split at backslashes and trimmed, which is how DICOM writes multi-valued attributes; numbers
/// are parsed on the Swift side. DCMTK leaves values over 4 KiB in the caller's bytes while parsing
/// (it copies one when first asked for it, except native Pixel Data, which is lent in place), so a
/// data set exists only inside ``withParsed(_:_:)``. Not `Sendable`.
final class DICOMDataSet {
    /// `nil` once ``withParsed(_:_:)`` has returned and the bytes may be gone.
    private var openHandle: OpaquePointer?

    /// Why parsing failed.
    struct OpenFailure: Error {
        var kind: Int32
        var message: String
        var consumed: Int
    }

    /// Registers DCMTK's JPEG, JPEG-LS and RLE decoders once per process.
    ///
    /// A `static let` is initialized lazily and thread-safely by the Swift runtime, which is the
    /// "exactly once" DCMTK's registration functions need (they are not thread safe themselves).
    private static let codecs: Void = {
        CDCMTK_register_codecs()
        CDCMTK_capture_codec_warnings()
    }()

    private init(handle: OpaquePointer) { self.openHandle = handle }

    deinit { close() }

    /// The DCMTK data set; using one outside ``withParsed(_:_:)`` is a programming error.
    private var handle: OpaquePointer {
        guard let openHandle else { preconditionFailure("a DICOMDataSet was kept past withParsed") }
        return openHandle
    }

    private func close() {
        CDCMTK_close(openHandle)
        openHandle = nil
    }

    /// Parses `bytes` (Part 10 with preamble, or a bare data set) and calls `body` with the data
    /// set, or with why it could not be parsed.
    ///
    /// DCMTK leaves values longer than 4 KiB in `bytes` and reads them from there on demand, so the
    /// data set is closed when `body` returns; `body` must not keep it.
    static func withParsed<Value, Failure: Error>(
        _ bytes: [UInt8], _ body: (Result<DICOMDataSet, OpenFailure>) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        _ = Self.codecs
        let outcome = bytes.withUnsafeBytes { raw -> Result<Value, Failure> in
            var status = CDCMTK_Status()
            var consumed: UInt64 = 0
            guard let handle = CDCMTK_open(raw.baseAddress, raw.count, &consumed, &status) else {
                let failure = OpenFailure(kind: Int32(status.kind), message: status.text, consumed: Int(consumed))
                return Result { () throws(Failure) in try body(.failure(failure)) }
            }
            let dataSet = DICOMDataSet(handle: handle)
            defer { dataSet.close() }
            return Result { () throws(Failure) in try body(.success(dataSet)) }
        }
        return try outcome.get()
    }

    /// Parses the data set in `head`, the first bytes of a file (all of it when `isWholeFile`), up to
    /// Pixel Data only, and calls `body` with it.
    ///
    /// - Returns: `body`'s value, or `nil` when the bytes end before Pixel Data, do not parse, or hold
    ///   a deflated data set: read the whole file with ``withParsed(_:_:)`` then (`CDCMTK_open_header`).
    static func withParsedHeader<Value>(_ head: [UInt8], isWholeFile: Bool, _ body: (DICOMDataSet) -> Value) -> Value? {
        guard !head.isEmpty else { return nil }
        _ = Self.codecs
        return head.withUnsafeBytes { raw -> Value? in
            var status = CDCMTK_Status()
            guard let handle = CDCMTK_open_header(raw.baseAddress, raw.count, isWholeFile ? 1 : 0, &status) else {
                return nil
            }
            let dataSet = DICOMDataSet(handle: handle)
            defer { dataSet.close() }
            return body(dataSet)
        }
    }

    /// The Transfer Syntax UID named in a meta header, read without DCMTK (for error messages).
    static func peekTransferSyntax(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: 80)
        let length = bytes.withUnsafeBytes {
            CDCMTK_peek_transfer_syntax($0.baseAddress, $0.count, &buffer, buffer.count)
        }
        guard length > 0 else { return nil }
        return decodeCString(buffer)
    }

    /// The UID of the transfer syntax the data set was read in.
    var transferSyntaxUID: String {
        var buffer = [CChar](repeating: 0, count: 80)
        _ = CDCMTK_transfer_syntax(handle, &buffer, buffer.count)
        return decodeCString(buffer)
    }

    /// The whole value at `path` (values joined by `\`), or `nil` when absent or empty.
    func rawString(_ path: String) -> String? {
        var needed = 0
        var buffer = [CChar](repeating: 0, count: 256)
        var found = CDCMTK_get_string(handle, path, &buffer, buffer.count, &needed)
        if found == 1 && needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: needed + 1)
            found = CDCMTK_get_string(handle, path, &buffer, buffer.count, &needed)
        }
        guard found == 1 else { return nil }
        return decodeCString(buffer)
    }

    /// The values at `path`, split at `\` and trimmed of spaces and NULs; empty when absent.
    func strings(_ path: String) -> [String] {
        guard let raw = rawString(path) else { return [] }
        return raw.split(separator: "\\", omittingEmptySubsequences: false).map { trimmed(String($0)) }
    }

    /// The first value at `path`, trimmed; `nil` when absent or blank.
    func string(_ path: String) -> String? {
        guard let first = strings(path).first, !first.isEmpty else { return nil }
        return first
    }

    /// The values at `path` parsed as numbers (DS, IS, US, ...); unparsable and non-finite values
    /// ("NaN", "inf", which Swift's parser accepts but DICOM does not allow) are dropped.
    func doubles(_ path: String) -> [Double] {
        strings(path).compactMap { Double($0) }.filter(\.isFinite)
    }

    /// The first value at `path` as an integer, when it parses (IS values like `"1.0"` are accepted).
    func int(_ path: String) -> Int? {
        guard let text = string(path) else { return nil }
        if let value = Int(text) { return value }
        if let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }

    /// Whether the element at `path` exists with a value.
    func has(_ path: String) -> Bool { rawString(path) != nil || words(path) != nil }

    /// The 16-bit words at `path` (US, SS, OW), or `nil` when absent.
    func words(_ path: String) -> [UInt16]? {
        var count = 0
        guard CDCMTK_get_words(handle, path, nil, 0, &count) == 1, count > 0 else { return nil }
        var words = [UInt16](repeating: 0, count: count)
        guard CDCMTK_get_words(handle, path, &words, words.count, &count) == 1 else { return nil }
        return words
    }

    /// The number of items in the sequence at `path`; 0 when absent.
    func itemCount(_ path: String) -> Int { max(0, CDCMTK_count_items(handle, path)) }

    /// Facts about Pixel Data (7FE0,0010), `nil` when DCMTK cannot tell.
    func pixelInfo() -> PixelDataInfo? {
        var info = CDCMTK_PixelInfo()
        var status = CDCMTK_Status()
        guard CDCMTK_pixel_info(handle, &info, &status) == 0 else { return nil }
        return PixelDataInfo(
            present: info.present != 0, encapsulated: info.encapsulated != 0,
            length: Int(clamping: info.length), frameSize: Int(info.frame_size),
            fragments: Int(clamping: info.fragments))
    }

    /// The bytes of fragment `index` of encapsulated Pixel Data (0 is the Basic Offset Table).
    func fragment(_ index: Int) -> [UInt8]? { withFragment(index) { Array($0) } }

    /// Calls `body` with the bytes of fragment `index` as DCMTK holds them, without copying them;
    /// `nil` when there is no such fragment. The bytes are valid only inside `body`.
    func withFragment<Result>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        var pointer: UnsafePointer<UInt8>?
        var length = 0
        guard CDCMTK_fragment(handle, UInt32(index), &pointer, &length) == 0 else { return nil }
        return body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : length))
    }

    /// Copies native Pixel Data bytes `offset ..< offset + buffer.count` (machine byte order).
    func readNative(offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Result<Void, OpenFailure> {
        var status = CDCMTK_Status()
        guard CDCMTK_read_native(handle, UInt64(offset), buffer.baseAddress, buffer.count, &status) == 0 else {
            return .failure(OpenFailure(kind: Int32(status.kind), message: status.text, consumed: 0))
        }
        return .success(())
    }

    /// Bytes of Float Pixel Data (`width` 4, (7FE0,0008)) or Double Float Pixel Data (`width` 8,
    /// (7FE0,0009)); `nil` when the data set has none.
    func floatPixelDataLength(width: Int) -> Int? {
        let length = CDCMTK_float_pixels_length(handle, Int32(width))
        return length < 0 ? nil : Int(length)
    }

    /// Copies bytes `offset ..< offset + buffer.count` of Float (`width` 4) or Double Float (`width` 8)
    /// Pixel Data, in the machine's byte order.
    func readFloatPixelData(width: Int, offset: Int, into buffer: UnsafeMutableRawBufferPointer)
        -> Result<Void, OpenFailure>
    {
        var status = CDCMTK_Status()
        guard CDCMTK_read_float_pixels(handle, Int32(width), UInt64(offset), buffer.baseAddress, buffer.count, &status) == 0
        else {
            return .failure(OpenFailure(kind: Int32(status.kind), message: status.text, consumed: 0))
        }
        return .success(())
    }

    /// Calls `body` with native Pixel Data bytes `offset ..< offset + count` where they lie, in the
    /// machine's byte order: the bytes ``readNative(offset:into:)`` would copy, without the copy.
    /// They are the parsed file's own bytes unless DCMTK copied them (short, swapped or inflated values).
    ///
    /// - Returns: `body`'s result, or `nil` when DCMTK cannot lend the value (encapsulated data, an
    ///   unusual VR) or the range lies outside it; ``readNative(offset:into:)`` then still works.
    ///   The bytes belong to this data set: `body` must neither keep nor write through them.
    func withNativePixelData<Result, Failure: Error>(
        offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        var status = CDCMTK_Status()
        var pointer: UnsafePointer<UInt8>?
        var length = 0
        guard CDCMTK_native_pixels(handle, &pointer, &length, &status) == 0, let pointer else { return nil }
        guard offset >= 0, count >= 0, offset <= length, count <= length - offset else { return nil }
        // A value DCMTK copied is freed with the data set; keep self alive until body is done with it.
        return try withExtendedLifetime(self) { () throws(Failure) -> Result in
            try body(UnsafeRawBufferPointer(start: pointer + offset, count: count))
        }
    }

    /// Decodes one frame into `buffer` (machine byte order).
    ///
    /// - Returns: the planar configuration of the decoded samples, or the failure's kind and text.
    func decodeFrame(_ frame: Int, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, OpenFailure> {
        var status = CDCMTK_Status()
        var planar: Int32 = 0
        _ = CDCMTK_take_codec_warnings(nil, 0)
        let result = CDCMTK_decode_frame(handle, UInt32(frame), buffer.baseAddress, buffer.count, &planar, &status)
        let warnings = Self.takeCodecWarnings()
        guard result == 0 else {
            return .failure(OpenFailure(kind: Int32(status.kind), message: status.text, consumed: 0))
        }
        // A codec that warned about the stream filled in what it could not decode: refuse the frame,
        // unless the warning is one that leaves every sample decoded (CodecWarning.isHarmless).
        if let fault = warnings.first(where: { !CodecWarning.isHarmless($0) }) {
            return .failure(
                OpenFailure(kind: Int32(CDCMTKKind.malformed), message: "DCMTK's codec reported: \(fault)", consumed: 0))
        }
        return .success(Int(planar))
    }
}

extension DICOMDataSet {
    /// The codec warnings DCMTK logged on this thread since the last call.
    fileprivate static func takeCodecWarnings() -> [String] {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard CDCMTK_take_codec_warnings(&buffer, buffer.count) > 0 else { return [] }
        return decodeCString(buffer).split(separator: "\n").map(String.init)
    }
}

/// Which DCMTK codec warnings leave every sample of the frame decoded.
enum CodecWarning {
    /// libjpeg's JWRN_NOT_SEQUENTIAL (a sequential scan with Ss/Se other than 0/63, whose blocks are
    /// whole; ``DICOMDecoder/frameWarnings(of:pixelInfo:syntax:frame:)`` reports it) and
    /// JWRN_EXTRANEOUS_DATA (bytes between the last scan and a marker, after every block). Every other
    /// warning, such as "premature end of data segment" or a bad Huffman code, means samples were
    /// made up.
    static func isHarmless(_ message: String) -> Bool {
        message.contains("Invalid SOS parameters for sequential JPEG") || message.contains("extraneous bytes before marker")
    }
}

/// What ``DICOMDataSet/pixelInfo()`` reports about Pixel Data (7FE0,0010).
struct PixelDataInfo {
    /// Whether the data set has Pixel Data.
    var present: Bool
    /// Whether it is a sequence of compressed fragments.
    var encapsulated: Bool
    /// Native: value length in bytes; encapsulated: total bytes of all fragments.
    var length: Int
    /// Bytes of one uncompressed frame as DCMTK computes it (0 if unknown).
    var frameSize: Int
    /// Encapsulated: items in the pixel sequence, the Basic Offset Table included; 0 for native data.
    var fragments: Int = 0
}

extension CDCMTK_Status {
    /// DCMTK's message as a Swift string.
    var text: String {
        withUnsafeBytes(of: message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

private func decodeCString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

private func trimmed(_ text: String) -> String {
    var scalars = Substring(text)
    while let last = scalars.last, last == " " || last == "\0" { scalars.removeLast() }
    while let first = scalars.first, first == " " { scalars.removeFirst() }
    return String(scalars)
}
