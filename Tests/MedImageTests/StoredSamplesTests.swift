import MedTestSupport
import Testing

@testable import MedImage

/// Native 8- and 16-bit frames, read in place from the file's bytes or DCMTK's copy of Pixel Data.
///
/// Samples are masked or sign-extended in one pass; references are numbers the tests compute themselves.
@Suite("Stored samples of native frames")
struct StoredSamplesTests {
    static let layouts: [(bitsAllocated: Int, syntax: NativeDICOMFile.Syntax, pixelVR: String)] = [
        (8, .explicitLittle, "OB"), (8, .implicitLittle, "OW"), (8, .explicitBig, "OB"),
        (16, .explicitLittle, "OW"), (16, .implicitLittle, "OW"), (16, .explicitBig, "OW"),
    ]

    @Test(
        "every Bits Stored from 1 to Bits Allocated, unsigned and signed, in every native syntax",
        arguments: layouts.indices, [false, true])
    func everyBitsStored(layoutIndex: Int, signed: Bool) throws {
        let (bitsAllocated, syntax, pixelVR) = Self.layouts[layoutIndex]
        for bitsStored in 1...bitsAllocated {
            let file = NativeDICOMFile(
                bitsAllocated: bitsAllocated, bitsStored: bitsStored, signed: signed, syntax: syntax,
                pixelVR: pixelVR)
            let image = try DICOMDecoder().decode(file.bytes, path: "t.dcm", options: DecodeOptions(frame: 1))
            #expect(image.metadata.transferSyntax?.uid == syntax.rawValue)
            switch (image.stored, bitsAllocated, signed) {
            case (.uint8, 8, false), (.uint16, 16, false), (.int16, _, true): break
            default: Issue.record("\(bitsAllocated)-bit signed \(signed) came back as \(image.stored)")
            }
            let samples = image.stored.doubleSamples
            let expected = file.expectedFrame(1)
            let wrong = zip(samples, expected).filter { $0 != $1 }.count
            #expect(samples.count == expected.count && wrong == 0, "Bits Stored \(bitsStored): \(wrong) samples differ")
        }
    }

    /// The crossed pairs are the risky ones: 16-bit data labelled OB, 8-bit data in OW.
    static let lentLayouts: [(bitsAllocated: Int, syntax: NativeDICOMFile.Syntax, pixelVR: String)] =
        layouts + [
            (16, .explicitLittle, "OB"), (16, .explicitBig, "OB"), (8, .explicitLittle, "OW"), (8, .explicitBig, "OW"),
        ]

    @Test(
        "Pixel Data lent in place holds exactly the bytes the copying read returns",
        arguments: lentLayouts.indices)
    func lentEqualsCopied(layoutIndex: Int) throws {
        let (bitsAllocated, syntax, pixelVR) = Self.lentLayouts[layoutIndex]
        let file = NativeDICOMFile(
            bitsAllocated: bitsAllocated, bitsStored: bitsAllocated, syntax: syntax, pixelVR: pixelVR)
        try expectLentEqualsCopied(file.bytes, "\(bitsAllocated)-bit \(pixelVR) \(syntax)")
    }

    @Test(
        "Pixel Data lent in place equals the copying read for the native fixtures",
        arguments: [
            "mono12_explicit_le.dcm", "mono12_implicit_le.dcm", "mono12_big_endian.dcm", "mono12_deflated.dcm",
            "mono12_dataset_only_be.dcm", "mono12_dataset_only_implicit.dcm", "mono12_high_bit_garbage.dcm",
            "mono8_explicit_le.dcm", "ct_signed12.dcm", "multiframe.dcm", "rgb.dcm", "rgb_planar.dcm",
            "ybr_full_422.dcm",
        ])
    func lentEqualsCopiedFixtures(file: String) throws {
        try expectLentEqualsCopied(try DICOMFixture.bytes(file), file)
    }

    /// Opens `bytes` twice, so that neither read can see what the other did to DCMTK's value.
    private func expectLentEqualsCopied(_ bytes: [UInt8], _ name: String) throws {
        var copied = [UInt8]()
        try DICOMDataSet.withParsed(bytes) { parsed in
            let copying = try parsed.get()
            copied = [UInt8](repeating: 0, count: try #require(copying.pixelInfo()).length)
            _ = try copied.withUnsafeMutableBytes { copying.readNative(offset: 0, into: $0) }.get()
        }
        try DICOMDataSet.withParsed(bytes) { parsed in
            let lending = try parsed.get()
            let lent = lending.withNativePixelData(offset: 0, count: copied.count) { Array($0) }
            #expect(lent != nil, "\(name): DCMTK did not lend Pixel Data")
            #expect(lent == copied, "\(name)")
            let pastTheEnd = lending.withNativePixelData(offset: 1, count: copied.count) { _ in true }
            #expect(pastTheEnd == nil, "range past the end")
        }
    }

    @Test(
        "Pixel Data over 4 KiB in the machine's byte order is lent from the file's own bytes",
        arguments: [
            ("mono12_explicit_le.dcm", true), ("mono12_implicit_le.dcm", true),
            ("mono12_dataset_only_implicit.dcm", true), ("multiframe.dcm", true), ("rgb.dcm", true),
            ("mono8_explicit_le.dcm", false),  // 3,200 bytes: DCMTK copies short values while parsing
            ("mono12_big_endian.dcm", false), ("mono12_dataset_only_be.dcm", false),  // swapped
            ("mono12_deflated.dcm", false),  // inflated
        ])
    func lentFromTheFile(name: String, inPlace: Bool) throws {
        let bytes = try DICOMFixture.bytes(name)
        try DICOMDataSet.withParsed(bytes) { parsed in
            let dataSet = try parsed.get()
            let length = try #require(dataSet.pixelInfo()).length
            let inFile = bytes.withUnsafeBytes { file in
                dataSet.withNativePixelData(offset: 0, count: length) { lent in
                    guard let start = lent.baseAddress, let first = file.baseAddress else { return false }
                    return first <= start && start + length <= first + file.count
                }
            }
            #expect(inFile == inPlace, "\(name)")
        }
    }
}

/// The kernels against every input value, from a source that is not 2-byte aligned.
@Suite("Stored sample kernels")
struct StoredSampleKernelTests {
    /// All 65536 words, little endian (the test machine's order), starting at an odd address.
    static func allWords() -> [UInt8] {
        [0xEE] + (0...0xFFFF).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test("words are masked to their low Bits Stored bits", arguments: 1...16)
    func maskedWords(bits: Int) {
        let source = Self.allWords()
        var output = [UInt16](repeating: 0xAAAA, count: 0x10000)
        source.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer { destination in
                let mask = bits == 16 ? UInt16.max : UInt16((1 << bits) - 1)
                StoredSampleKernel.copy(
                    from: UnsafeRawBufferPointer(rebasing: raw[1...]), into: destination, mask: mask)
            }
        }
        let wrong = (0...0xFFFF).filter { Int(output[$0]) != $0 % (1 << bits) }
        #expect(wrong.isEmpty, "\(wrong.count) words differ, first \(wrong.first ?? 0)")
    }

    @Test("words are masked in place to their low Bits Stored bits", arguments: 1...16)
    func maskedInPlace(bits: Int) {
        var words = (0...0xFFFF).map { UInt16($0) }
        words.withUnsafeMutableBufferPointer {
            StoredSampleKernel.mask($0, with: bits == 16 ? UInt16.max : UInt16((1 << bits) - 1))
        }
        let wrong = (0...0xFFFF).filter { Int(words[$0]) != $0 % (1 << bits) }
        #expect(wrong.isEmpty, "\(wrong.count) words differ, first \(wrong.first ?? 0)")
    }

    @Test("words are sign-extended from bit Bits Stored - 1", arguments: 1...16)
    func signedWords(bits: Int) {
        let source = Self.allWords()
        var output = [Int16](repeating: 0x5555, count: 0x10000)
        source.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer { destination in
                StoredSampleKernel.signExtend(
                    from: UnsafeRawBufferPointer(rebasing: raw[1...]), as: UInt16.self, into: destination, bits: bits)
            }
        }
        let modulus = 1 << bits
        let wrong = (0...0xFFFF).filter {
            let low = $0 % modulus
            return Int(output[$0]) != (low >= modulus / 2 ? low - modulus : low)
        }
        #expect(wrong.isEmpty, "\(wrong.count) words differ, first \(wrong.first ?? 0)")
    }

    @Test("bytes are masked, or sign-extended to 16 bits", arguments: 1...8)
    func bytes(bits: Int) {
        let source: [UInt8] = [0xEE] + (0...255).map(UInt8.init) + (0...255).reversed().map(UInt8.init)
        var masked = [UInt8](repeating: 0xAA, count: 512)
        var widened = [Int16](repeating: 0x5555, count: 512)
        source.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[1...])
            masked.withUnsafeMutableBufferPointer {
                StoredSampleKernel.copy(from: bytes, into: $0, mask: bits == 8 ? .max : UInt8((1 << bits) - 1))
            }
            widened.withUnsafeMutableBufferPointer {
                StoredSampleKernel.signExtend(from: bytes, as: UInt8.self, into: $0, bits: bits)
            }
        }
        let modulus = 1 << bits
        for (index, byte) in source.dropFirst().enumerated() {
            let low = Int(byte) % modulus
            #expect(Int(masked[index]) == low)
            #expect(Int(widened[index]) == (low >= modulus / 2 ? low - modulus : low))
        }
    }
}
