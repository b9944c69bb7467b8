/// A string key that carries its hash value, for the large key tables of a join (377,110 image
/// paths or DICOM ids, a million NIH file names).
///
/// A dictionary compares the key of every occupied bucket it probes; with the hash stored inline, a
/// probe past another key fails on one integer instead of reading that key's bytes from wherever the
/// string lives, which was most of the time of these lookups. The hash is a word-at-a-time multiply
/// mix over the UTF-8 bytes rather than the standard library's SipHash over the string, which was the
/// largest single cost of a million-row join; the dictionary still runs its seeded hasher over this one
/// integer. Equality is string equality (bytes, as the keys are compared everywhere else).
struct HashedKey: Hashable {
    let hash: Int
    let text: Substring

    init(_ text: Substring) {
        self.text = text
        var text = text
        hash = text.withUTF8 { Self.mix($0) }
    }

    init(_ text: String) { self.init(text[...]) }

    /// Eight bytes at a time, each word multiplied into the state and folded (the wyhash/FxHash family).
    private static func mix(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset &+ 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            state = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 31
            offset &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift &+= 8
            offset &+= 1
        }
        state = (state ^ tail) &* 0x94D0_49BB_1331_11EB
        state ^= state >> 29
        return Int(bitPattern: UInt(state))
    }

    static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
