internal import CLosslessJPEG
import Foundation

/// Lossless JPEG frames (process 14 and its SV1 form, PS3.5 A.4.1) through CLosslessJPEG, which
/// decodes them over twice as fast as DCMTK's IJG codec and gives the same samples.
///
/// The frame comes back exactly as DCMTK writes it (machine-order words of Bits Allocated, color by
/// pixel), so the same unpacking into stored values follows. Frames this decoder does not take
/// (see `Sources/CLosslessJPEG/README.md`) go to DCMTK; a corrupt or truncated stream is an error
/// naming the frame and the byte of its codestream, not a frame DCMTK would fill in with guesses.
extension DICOMDecoder {
    /// The decoded frame as one machine-order word per sample (8-bit samples in the low byte), or
    /// `nil` to use DCMTK.
    ///
    /// - Throws: `truncated` or `malformed` at ``ImageError/Location/frame(_:)`` when the codestream
    ///   is damaged; the reason gives the byte offset in the frame's codestream.
    static func losslessJPEGFrame(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, pixelInfo: PixelDataInfo, syntax: TransferSyntax,
        frame: Int, path: String, options: DecodeOptions
    ) throws(ImageError) -> [UInt16]? {
        guard options.decodesLosslessJPEGWithCLosslessJPEG, pixelInfo.encapsulated,
            syntax.uid == "1.2.840.10008.1.2.4.70" || syntax.uid == "1.2.840.10008.1.2.4.57",
            layout.bitsAllocated == 8 || layout.bitsAllocated == 16, pixelInfo.fragments >= 2
        else { return nil }
        let samples = layout.samplesPerFrame
        // The decoder writes every sample when it succeeds, so the frame starts uninitialized: for
        // 16-bit gray words it becomes the stored values themselves (no zero fill, no copy).
        var words = [UInt16](unsafeUninitializedCapacity: samples) { _, count in count = samples }
        var info = CLosslessJPEG_Info()
        var status = CLosslessJPEG_Status()
        let result = words.withUnsafeMutableBufferPointer { output in
            return withCodestream(
                of: dataSet, frame: frame, frameCount: layout.frameCount, fragments: pixelInfo.fragments
            ) {
                codestream -> Int32? in
                guard let base = codestream.baseAddress else { return nil }
                // Check the header first: a frame DCMTK would read differently is not decoded twice.
                guard CLosslessJPEG_read_info(base, codestream.count, &info, &status) == CLosslessJPEG_OK,
                    Self.takes(info, layout: layout)
                else {
                    return status.kind == CLosslessJPEG_OK || status.kind == CLosslessJPEG_UNSUPPORTED
                        ? nil : status.kind
                }
                return CLosslessJPEG_decode(base, codestream.count, output.baseAddress, samples, &info, &status)
            }
        }
        switch result {
        case nil, Int32(CLosslessJPEG_UNSUPPORTED):
            // The first fragment's header tells the precision even when this frame's codestream
            // could not be located (several fragments per frame).
            let firstPrecision = dataSet.withFragment(1) { JPEGCodestreamInfo($0)?.precision } ?? nil
            let precision = info.width > 0 ? Int(info.precision) : firstPrecision ?? 0
            if layout.bitsAllocated == 16, (2...8).contains(precision) {
                // DCMTK's IJG 8-bit codec writes such frames as bytes into the 16-bit frame: its
                // values would be wrong, so a frame we cannot take is refused instead.
                throw ImageError(
                    .unsupported, path: path, location: .frame(frame),
                    reason:
                        "cannot decode frame \(frame) (\(syntax.name)): \(precision)-bit lossless JPEG in 16-bit words "
                        + "is decoded only by CLosslessJPEG, which does not take this codestream")
            }
            return nil
        case Int32(CLosslessJPEG_OK):
            break
        case let kind?:
            let message = withUnsafeBytes(of: status.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw ImageError(
                kind == Int32(CLosslessJPEG_TRUNCATED) ? .truncated : .malformed, path: path, location: .frame(frame),
                reason:
                    "cannot decode frame \(frame) (\(syntax.name)): at byte \(status.offset) of its codestream: \(message)"
            )
        }
        return words
    }

    /// Whether the codestream's frame fits the DICOM header.
    ///
    /// Its size and samples per pixel must match, and its precision fit Bits Allocated. Precision
    /// 2...8 in 16-bit words is taken (DCMTK gets those wrong, see above).
    private static func takes(_ info: CLosslessJPEG_Info, layout: DICOMPixelLayout) -> Bool {
        guard Int(info.width) == layout.columns, Int(info.height) == layout.rows,
            Int(info.components) == layout.samplesPerPixel
        else { return false }
        return layout.bitsAllocated == 16 || info.precision <= 8
    }

    /// Calls `body` with frame `frame`'s codestream.
    ///
    /// That is the fragments after the Basic Offset Table for a single frame (concatenated when
    /// there are several), or fragment `frame + 1` when each frame has one. Other layouts give
    /// `nil`, and DCMTK, which reads the offset table, decodes.
    private static func withCodestream<Result>(
        of dataSet: DICOMDataSet, frame: Int, frameCount: Int, fragments: Int,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result?
    ) -> Result? {
        if frameCount == 1 && fragments == 2 || frameCount > 1 && fragments == frameCount + 1 {
            return dataSet.withFragment(frame + 1) { body($0.bindMemory(to: UInt8.self)) } ?? nil
        }
        guard frameCount == 1 else { return nil }
        var codestream: [UInt8] = []
        for index in 1..<fragments {
            guard let fragment = dataSet.fragment(index) else { return nil }
            codestream += fragment
        }
        return codestream.withUnsafeBufferPointer(body)
    }
}

extension DecodeOptions {
    /// `false` when the environment sets `MEDPREP_LOSSLESS_JPEG=dcmtk`, so that benchmarks time
    /// DCMTK's codec with the same binary; read once per process.
    static let losslessJPEGDefault = ProcessInfo.processInfo.environment["MEDPREP_LOSSLESS_JPEG"] != "dcmtk"
}
