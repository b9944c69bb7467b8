/// The loops that turn a raw frame into stored values in one pass (PS3.5 8.1.1, PS3.3 C.7.6.3.1).
///
/// `source` is raw memory in the machine's byte order, as DCMTK hands it out. It need not be
/// aligned: it may be a frame inside DCMTK's own copy of Pixel Data, at any offset. Every function
/// writes every element of `destination`, so the destination may start uninitialized. The bits
/// above Bits Stored are cleared (unsigned) or replaced by copies of bit Bits Stored - 1 (signed,
/// pydicom's shift left then arithmetic shift right). High Bit is not consulted.
///
/// Each loop is written so that LLVM vectorizes it (`-O`, no SIMD types needed): a loop-invariant
/// mask or shift, unaligned loads, masking shifts (`&<<`, `&>>`), no calls and no traps inside.
enum StoredSampleKernel {
    /// Copies 16-bit words, keeping only the bits set in `mask` (`0xFFFF` copies them unchanged).
    ///
    /// - Complexity: O(n); no allocation.
    static func copyWords(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<UInt16>, mask: UInt16
    ) {
        precondition(source.count >= destination.count * 2, "source holds fewer words than destination")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        if mask == .max {
            UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count &* 2)
            return
        }
        var i = 0
        while i < count {
            dst[i] = src.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self) & mask
            i &+= 1
        }
    }

    /// Reads 16-bit words as `bits`-bit two's complement numbers (1...16).
    ///
    /// - Complexity: O(n); no allocation.
    static func signExtendWords(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<Int16>, bits: Int
    ) {
        precondition(source.count >= destination.count * 2, "source holds fewer words than destination")
        precondition((1...16).contains(bits), "sign bit position \(bits) outside 1...16")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        let shift = UInt16(16 - bits)
        let signedShift = Int16(16 - bits)
        var i = 0
        while i < count {
            let word = src.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)
            dst[i] = Int16(bitPattern: word &<< shift) &>> signedShift
            i &+= 1
        }
    }

    /// Copies bytes, keeping only the bits set in `mask` (`0xFF` copies them unchanged).
    ///
    /// - Complexity: O(n); no allocation.
    static func copyBytes(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<UInt8>, mask: UInt8
    ) {
        precondition(source.count >= destination.count, "source holds fewer bytes than destination")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        if mask == .max {
            UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count)
            return
        }
        var i = 0
        while i < count {
            dst[i] = src.load(fromByteOffset: i, as: UInt8.self) & mask
            i &+= 1
        }
    }

    /// Reads bytes as `bits`-bit two's complement numbers (1...8), widened to 16 bits.
    ///
    /// - Complexity: O(n); no allocation.
    static func signExtendBytes(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<Int16>, bits: Int
    ) {
        precondition(source.count >= destination.count, "source holds fewer bytes than destination")
        precondition((1...8).contains(bits), "sign bit position \(bits) outside 1...8")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        let shift = UInt8(8 - bits)
        let signedShift = Int8(8 - bits)
        var i = 0
        while i < count {
            let byte = src.load(fromByteOffset: i, as: UInt8.self)
            dst[i] = Int16(Int8(bitPattern: byte &<< shift) &>> signedShift)
            i &+= 1
        }
    }
}
