/// Which fragments of encapsulated Pixel Data hold one frame (PS3.5 A.4), checked so that a frame
/// is never assembled from bytes that do not add up.
///
/// Item 0 of the pixel sequence is the Basic Offset Table; items 1... are fragments. A frame may
/// span several fragments (fo-dicom's `D_CLUNIE_CT1_RLE_FRAGS.dcm` splits one RLE frame over many),
/// so fragments are never assumed to be frames unless their count says so:
/// - a non-empty Basic Offset Table gives each frame's first byte, relative to the first fragment's
///   item tag; the offsets must increase, and the frame's own (and the next frame's) must land on a
///   fragment's item tag;
/// - without one, a single frame is all fragments, and as many fragments as frames is one each;
/// - any other count cannot be split safely and is refused (pydicom guesses from JPEG markers,
///   which an RLE or a JPEG 2000 frame does not have).
///
/// Fragment lengths are asked for lazily (DCMTK loads a fragment to tell its length), and only up
/// to the frame wanted, so frame 0 of a long multi-frame file does not load every fragment.
struct EncapsulatedFrames {
    /// Number of fragments: items 1 and up of the pixel sequence.
    var fragmentCount: Int
    /// The Basic Offset Table's values, empty when the table is empty.
    var basicOffsets: [Int]
    /// Number of Frames.
    var frameCount: Int
    /// Byte length of fragment `index` (1-based), `nil` when it cannot be read.
    var fragmentLength: (Int) -> Int?

    /// Reads the table from `dataSet`; `fragments` counts the table too.
    init(dataSet: DICOMDataSet, fragments: Int, frameCount: Int, path: String) throws(ImageError) {
        let pixelDataTag = ImageError.Location.element(group: 0x7FE0, element: 0x0010)
        guard fragments >= 2 else {
            throw ImageError(
                .malformed, path: path, location: pixelDataTag,
                reason: "encapsulated Pixel Data holds no fragment after the Basic Offset Table")
        }
        if let tableBytes = dataSet.withFragment(0, { $0.count }), tableBytes % 4 != 0 {
            throw ImageError(
                .malformed, path: path, location: pixelDataTag,
                reason: "the Basic Offset Table holds \(tableBytes) bytes, not a multiple of 4")
        }
        let table =
            dataSet.withFragment(0) { raw in
                stride(from: 0, to: raw.count - 3, by: 4).map {
                    Int(raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self).littleEndian)
                }
            } ?? []
        self.init(
            fragmentCount: fragments - 1, basicOffsets: table, frameCount: frameCount,
            fragmentLength: { index in dataSet.withFragment(index) { $0.count } })
    }

    init(fragmentCount: Int, basicOffsets: [Int], frameCount: Int, fragmentLength: @escaping (Int) -> Int?) {
        self.fragmentCount = fragmentCount
        self.basicOffsets = basicOffsets
        self.frameCount = frameCount
        self.fragmentLength = fragmentLength
    }

    /// The indices (1-based, as in the pixel sequence) of the fragments of `frame`, or why they
    /// cannot be told.
    func fragments(of frame: Int) -> Result<Range<Int>, FrameLocationFailure> {
        let count = fragmentCount
        guard !basicOffsets.isEmpty else {
            if frameCount == 1 { return .success(1..<(count + 1)) }
            if count == frameCount { return .success((frame + 1)..<(frame + 2)) }
            return .failure(
                FrameLocationFailure(
                    "\(count) fragment(s) for \(frameCount) frames and an empty Basic Offset Table: the frames' boundaries are unknown"
                ))
        }
        guard basicOffsets.count == frameCount else {
            return .failure(
                FrameLocationFailure(
                    "the Basic Offset Table lists \(basicOffsets.count) frame(s), but Number of Frames is \(frameCount)"
                ))
        }
        for index in 1..<basicOffsets.count where basicOffsets[index] <= basicOffsets[index - 1] {
            return .failure(
                FrameLocationFailure(
                    "the Basic Offset Table's offsets are not increasing (frame \(index) at \(basicOffsets[index]), frame \(index - 1) at \(basicOffsets[index - 1]))"
                ))
        }
        // Item tags start at 0, 8 + length of fragment 1, ...; walk until the next frame's offset.
        let target = basicOffsets[frame]
        let next = frame + 1 < frameCount ? basicOffsets[frame + 1] : nil
        var first: Int?
        var position = 0
        var index = 1
        while index <= count {
            if position == target { first = index }
            if let next, position == next {
                guard let first else { break }
                return .success(first..<index)
            }
            if position > (next ?? target) { break }
            guard let length = fragmentLength(index) else {
                return .failure(FrameLocationFailure("fragment \(index) cannot be read"))
            }
            position += 8 + length
            index += 1
        }
        if let first, next == nil { return .success(first..<(count + 1)) }
        let missing = first == nil ? (frame, target) : (frame + 1, next ?? 0)
        return .failure(
            FrameLocationFailure(
                "the Basic Offset Table puts frame \(missing.0) at byte \(missing.1) of the pixel sequence, which is not the start of a fragment (checked up to byte \(position))"
            ))
    }

    /// The bytes of `frame`: its fragments concatenated.
    static func frameBytes(
        _ dataSet: DICOMDataSet, fragments: Int, frameCount: Int, frame: Int, path: String
    ) throws(ImageError) -> [UInt8] {
        let frames = try EncapsulatedFrames(dataSet: dataSet, fragments: fragments, frameCount: frameCount, path: path)
        switch frames.fragments(of: frame) {
        case .failure(let failure):
            throw ImageError(
                .malformed, path: path, location: .frame(frame), reason: "frame \(frame): \(failure.reason)")
        case .success(let range):
            var bytes = [UInt8]()
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
