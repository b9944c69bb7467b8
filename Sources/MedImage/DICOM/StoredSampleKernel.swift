/// The loops that turn a raw frame into stored values in one pass (PS3.5 8.1.1, PS3.3 C.7.6.3.1).
///
/// `source` is raw memory in the machine's byte order, as DCMTK hands it out. It need not be
/// aligned: it may be a frame inside DCMTK's own copy of Pixel Data, at any offset. Every function
/// writes every element of `destination`, so the destination may start uninitialized. The bits
/// above Bits Stored are cleared (unsigned) or replaced by copies of bit Bits Stored - 1 (signed,
/// pydicom's shift left then arithmetic shift right). High Bit is not consulted.
///
/// `Word` is `UInt8` or `UInt16` (Bits Allocated 8 or 16); each use is specialized. Each loop is
/// written so that LLVM vectorizes it (`-O`, no SIMD types needed): a loop-invariant mask or shift,
/// unaligned loads, masking shifts (`&<<`, `&>>`), no calls and no traps inside.
enum StoredSampleKernel {
    /// Copies words, keeping only the bits set in `mask` (`.max` copies them unchanged).
    ///
    /// - Complexity: O(n); no allocation.
    static func copy<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(
        from source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<Word>, mask: Word
    ) {
        let size = MemoryLayout<Word>.size
        precondition(source.count >= destination.count * size, "source holds fewer words than destination")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        if mask == .max {
            UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count &* size)
            return
        }
        var i = 0
        while i < count {
            dst[i] = src.loadUnaligned(fromByteOffset: i &* size, as: Word.self) & mask
            i &+= 1
        }
    }

    /// Keeps only the bits set in `mask` of every word, in place.
    ///
    /// - Complexity: O(n); no allocation.
    static func mask(_ words: UnsafeMutableBufferPointer<UInt16>, with mask: UInt16) {
        guard let base = words.baseAddress else { return }
        let count = words.count
        var i = 0
        while i < count {
            base[i] &= mask
            i &+= 1
        }
    }

    /// Reads words as `bits`-bit two's complement numbers (1 up to the word's width), widened to 16 bits.
    ///
    /// - Complexity: O(n); no allocation.
    static func signExtend<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(
        from source: UnsafeRawBufferPointer, as _: Word.Type, into destination: UnsafeMutableBufferPointer<Int16>,
        bits: Int
    ) {
        let size = MemoryLayout<Word>.size
        precondition(source.count >= destination.count * size, "source holds fewer words than destination")
        precondition((1...Word.bitWidth).contains(bits), "sign bit position \(bits) outside 1...\(Word.bitWidth)")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = destination.count
        // Zero-extended to 16 bits, the sign bit is moved to bit 15 and shifted back arithmetically.
        let shift = UInt16(16 - bits)
        let signedShift = Int16(16 - bits)
        var i = 0
        while i < count {
            let word = UInt16(truncatingIfNeeded: src.loadUnaligned(fromByteOffset: i &* size, as: Word.self))
            dst[i] = Int16(bitPattern: word &<< shift) &>> signedShift
            i &+= 1
        }
    }
}
