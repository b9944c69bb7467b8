/// A string key that carries its hash value, for the large key tables of a join (377,110 image
/// paths or DICOM ids).
///
/// A dictionary compares the key of every occupied bucket it probes; with the hash stored inline, a
/// probe past another key fails on one integer instead of reading that key's bytes from wherever the
/// string lives, which was most of the time of these lookups. Equality is string equality.
struct HashedKey: Hashable {
    let hash: Int
    let text: Substring

    init(_ text: Substring) {
        self.text = text
        hash = text.hashValue
    }

    init(_ text: String) { self.init(text[...]) }

    static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
