/// Which fragments of encapsulated Pixel Data hold one frame (PS3.5 A.4), checked so that a frame
/// is never assembled from bytes that do not add up.
///
/// Item 0 of the pixel sequence is the Basic Offset Table; items 1... are fragments. A frame may
/// span several fragments (fo-dicom's `D_CLUNIE_CT1_RLE_FRAGS.dcm` splits one RLE frame over many),
/// so fragments are never assumed to be frames unless their count says so:
/// - a non-empty Basic Offset Table gives each frame's first byte, relative to the first fragment's
///   item tag; every offset must land on a fragment's item tag, in increasing order;
/// - without one, a single frame is all fragments, and as many fragments as frames is one each;
/// - any other count cannot be split safely and is refused (pydicom guesses from JPEG markers,
///   which an RLE or a JPEG 2000 frame does not have).
struct EncapsulatedFrames {
    /// Byte length of each fragment (item 1... of the pixel sequence), in order.
    var fragmentLengths: [Int]
    /// The Basic Offset Table's values, empty when the table is empty.
    var basicOffsets: [Int]
    /// Number of Frames.
    var frameCount: Int

    /// Reads the table and the fragment lengths from `dataSet`; `fragments` counts the table too.
    init(dataSet: DICOMDataSet, fragments: Int, frameCount: Int, path: String) throws(ImageError) {
        let pixelDataTag = ImageError.Location.element(group: 0x7FE0, element: 0x0010)
        guard fragments >= 2 else {
            throw ImageError(
                .malformed, path: path, location: pixelDataTag,
                reason: "encapsulated Pixel Data holds no fragment after the Basic Offset Table")
        }
        var lengths = [Int]()
        lengths.reserveCapacity(fragments - 1)
        for index in 1..<fragments {
            guard let length = dataSet.withFragment(index, { $0.count }) else {
                throw ImageError(
                    .malformed, path: path, location: pixelDataTag, reason: "fragment \(index) cannot be read")
            }
            lengths.append(length)
        }
        let table = dataSet.withFragment(0) { raw in
            stride(from: 0, to: raw.count - 3, by: 4).map { Int(raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self).littleEndian) }
        } ?? []
        if let tableBytes = dataSet.withFragment(0, { $0.count }), tableBytes % 4 != 0 {
            throw ImageError(
                .malformed, path: path, location: pixelDataTag,
                reason: "the Basic Offset Table holds \(tableBytes) bytes, not a multiple of 4")
        }
        self.init(fragmentLengths: lengths, basicOffsets: table, frameCount: frameCount)
    }

    init(fragmentLengths: [Int], basicOffsets: [Int], frameCount: Int) {
        self.fragmentLengths = fragmentLengths
        self.basicOffsets = basicOffsets
        self.frameCount = frameCount
    }

    /// The indices (1-based, as in the pixel sequence) of the fragments of `frame`, or why they
    /// cannot be told.
    func fragments(of frame: Int) -> Result<Range<Int>, FrameLocationFailure> {
        let count = fragmentLengths.count
        if !basicOffsets.isEmpty {
            guard basicOffsets.count == frameCount else {
                return .failure(
                    FrameLocationFailure(
                        "the Basic Offset Table lists \(basicOffsets.count) frame(s), but Number of Frames is \(frameCount)"))
            }
            // Item tags start at 0, 8 + length of fragment 1, ...
            var starts = [Int: Int]()
            var position = 0
            for (index, length) in fragmentLengths.enumerated() {
                starts[position] = index + 1
                position += 8 + length
            }
            func fragmentIndex(at offset: Int, frame: Int) -> Result<Int, FrameLocationFailure> {
                guard let index = starts[offset] else {
                    return .failure(
                        FrameLocationFailure(
                            "the Basic Offset Table puts frame \(frame) at byte \(offset) of the pixel sequence, which is not the start of a fragment (fragments end at byte \(position))"
                        ))
                }
                return .success(index)
            }
            for index in 1..<basicOffsets.count where basicOffsets[index] <= basicOffsets[index - 1] {
                return .failure(
                    FrameLocationFailure(
                        "the Basic Offset Table's offsets are not increasing (frame \(index) at \(basicOffsets[index]), frame \(index - 1) at \(basicOffsets[index - 1]))"
                    ))
            }
            let first: Int
            switch fragmentIndex(at: basicOffsets[frame], frame: frame) {
            case .success(let index): first = index
            case .failure(let failure): return .failure(failure)
            }
            var end = count + 1
            if frame + 1 < frameCount {
                switch fragmentIndex(at: basicOffsets[frame + 1], frame: frame + 1) {
                case .success(let index): end = index
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(first..<end)
        }
        if frameCount == 1 { return .success(1..<(count + 1)) }
        if count == frameCount { return .success((frame + 1)..<(frame + 2)) }
        return .failure(
            FrameLocationFailure(
                "\(count) fragment(s) for \(frameCount) frames and an empty Basic Offset Table: the frames' boundaries are unknown"
            ))
    }

    /// The bytes of `frame`: its fragments concatenated.
    static func frameBytes(
        _ dataSet: DICOMDataSet, fragments: Int, frameCount: Int, frame: Int, path: String
    ) throws(ImageError) -> [UInt8] {
        let frames = try EncapsulatedFrames(dataSet: dataSet, fragments: fragments, frameCount: frameCount, path: path)
        switch frames.fragments(of: frame) {
        case .failure(let failure):
            throw ImageError(.malformed, path: path, location: .frame(frame), reason: "frame \(frame): \(failure.reason)")
        case .success(let range):
            var bytes = [UInt8]()
            bytes.reserveCapacity(range.reduce(0) { $0 + frames.fragmentLengths[$1 - 1] })
            for index in range { _ = dataSet.withFragment(index) { bytes.append(contentsOf: $0) } }
            return bytes
        }
    }
}

/// Why the fragments of a frame cannot be told apart.
struct FrameLocationFailure: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
