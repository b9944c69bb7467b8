import MedTestSupport
import Testing

@testable import MedImage

/// RLE Lossless through our own decoder: fragment accounting, and issue 14's reproducers refused.
///
/// Fixtures from Tests/Fixtures/generate_dicom_frames.py (pydicom's RLE test files re-encapsulated);
/// references are pydicom's `pixel_array` of the original files.
@Suite("DICOM RLE")
struct DICOMRLETests {
    @Test("one frame split over four fragments equals pydicom's array of the unsplit file")
    func fragmentedFrame() throws {
        let image = try DICOMFixture.decode("rle_fragmented.dcm")
        #expect(image.stored.width == 64 && image.stored.height == 64)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("rle_fragmented")))
    }

    @Test("two RGB frames of three fragments each, found through the Basic Offset Table", arguments: [0, 1])
    func fragmentedFrames(frame: Int) throws {
        let image = try DICOMFixture.decode("rle_fragmented_2frame.dcm", frame: frame)
        let all = try DICOMFixture.expected("rle_fragmented_2frame")
        let size = 100 * 100 * 3
        #expect(image.stored.channels == 3)
        #expect(image.stored.doubleSamples == Array(all[(frame * size)..<((frame + 1) * size)]))
    }

    @Test("every RLE fixture written by DCMTK's dcmcrle equals its native twin's values")
    func dcmcrleFixtures() throws {
        for (rle, native) in [("mono8_rle.dcm", "mono8_explicit_le.dcm"), ("mono12_rle.dcm", "mono12_explicit_le.dcm")]
        {
            #expect(try DICOMFixture.decode(rle).stored == DICOMFixture.decode(native).stored, "\(rle)")
        }
    }

    @Test(
        "damaged RLE frames are refused, naming the frame and the reason",
        arguments: [
            ("rle_empty_fragment.dcm", "fewer than the 64-byte RLE header"),
            ("rle_cut_20.dcm", "the frame holds 20 bytes, fewer than the 64-byte RLE header"),
            ("rle_huge_offset.dcm", "RLE segment 1 starts at byte 4294967280"),
            ("rle_fragments_without_table.dcm", "6 fragment(s) for 2 frames and an empty Basic Offset Table"),
        ])
    func damaged(name: String, reason: String) throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes(name), path: name)
        #expect(error?.code == .malformed)
        #expect(error?.location == .frame(0))
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test("PackBits: literal, replicate and no-op runs; output counted past the buffer; a cut run counts what is there")
    func packBits() {
        func run(_ bytes: [UInt8], capacity: Int) -> (Int, [UInt8]) {
            var out = [UInt8](repeating: 0, count: capacity)
            let produced = bytes.withUnsafeBytes { src in
                out.withUnsafeMutableBufferPointer { RLEFrame.unpackBits(src, into: $0) }
            }
            return (produced, out)
        }
        // PS3.5 G.3.1 / Apple TN1023 example: FE AA 02 80 00 2A FD AA 03 80 00 2A 22 F7 AA
        let example: [UInt8] = [
            0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA,
        ]
        let expected: [UInt8] =
            [0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22]
            + [UInt8](repeating: 0xAA, count: 10)
        #expect(run(example, capacity: 24) == (24, expected))
        #expect(run(example, capacity: 5).0 == 24)
        #expect(run([0x80, 0xFF, 0x07], capacity: 4) == (2, [0x07, 0x07, 0, 0]))  // 0x80 is a no-op
        #expect(run([0x05, 0x01, 0x02], capacity: 8).0 == 2)  // literal cut by the segment's end
    }
}

/// Fragment accounting on synthetic pixel sequences (item tags at 0, 8 + length, ...).
@Suite("Encapsulated frames")
struct EncapsulatedFramesTests {
    static func frames(_ lengths: [Int], table: [Int], frames: Int, asked: Box? = nil) -> EncapsulatedFrames {
        EncapsulatedFrames(fragmentCount: lengths.count, basicOffsets: table, frameCount: frames) { index in
            asked?.indices.append(index)
            return lengths[index - 1]
        }
    }

    final class Box { var indices: [Int] = [] }

    @Test("the Basic Offset Table splits fragments into frames; the last frame takes the rest")
    func table() {
        let sequence = Self.frames([8, 8, 10, 10], table: [0, 32], frames: 2)
        #expect(sequence.fragments(of: 0) == .success(1..<3))
        #expect(sequence.fragments(of: 1) == .success(3..<5))
    }

    @Test("frame 0 asks only for the lengths before frame 1")
    func lazy() {
        let box = Box()
        let sequence = Self.frames([8, 8, 10, 10, 12, 12], table: [0, 32, 68], frames: 3, asked: box)
        #expect(sequence.fragments(of: 0) == .success(1..<3))
        #expect(box.indices == [1, 2])
    }

    @Test("an offset between item tags, decreasing offsets, or a table of the wrong size is refused")
    func refused() {
        let misaligned = Self.frames([8, 8, 10, 10], table: [0, 20], frames: 2)
        for frame in 0..<2 {
            guard case .failure(let failure) = misaligned.fragments(of: frame) else {
                Issue.record("frame \(frame) was located")
                continue
            }
            #expect(failure.reason.contains("frame 1 at byte 20"))
        }
        guard case .failure(let order) = Self.frames([8, 8], table: [16, 0], frames: 2).fragments(of: 0) else {
            Issue.record("decreasing offsets accepted")
            return
        }
        #expect(order.reason.contains("not increasing"))
        guard case .failure(let size) = Self.frames([8, 8], table: [0], frames: 2).fragments(of: 0) else {
            Issue.record("a one-entry table for two frames accepted")
            return
        }
        #expect(size.reason.contains("lists 1 frame(s), but Number of Frames is 2"))
    }

    @Test("without a table: one frame is every fragment, as many fragments as frames is one each, else refused")
    func noTable() {
        #expect(Self.frames([8, 8, 8], table: [], frames: 1).fragments(of: 0) == .success(1..<4))
        #expect(Self.frames([8, 8, 8], table: [], frames: 3).fragments(of: 2) == .success(3..<4))
        guard case .failure = Self.frames([8, 8, 8], table: [], frames: 2).fragments(of: 0) else {
            Issue.record("3 fragments for 2 frames were split")
            return
        }
    }
}
