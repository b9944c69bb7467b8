/// An index of record keys that finds the records an image path matches under a ``MatchRule``.
///
/// Built once per join: O(records) to build, O(1) expected per image for file-name, stem and regex
/// rules, O(candidates) for path suffixes (candidates share the anchor components). Paths are
/// compared as strings on `/` boundaries rather than split into component arrays: splitting 377,110
/// MIMIC paths dominated the join's time and memory.
struct ImageMatcher {
    private let rule: MatchRule
    private let regex: Regex<AnyRegexOutput>?
    /// Key (or, for path suffixes, its anchor components) → first record position.
    ///
    /// Further positions with the same key, which are rare, go to `overflow`. Substring keys let lookups
    /// slice the image path without allocating.
    private var index: [HashedKey: Int] = [:]
    private var overflow: [HashedKey: [Int]] = [:]
    private var keys: [String] = []
    private var shortestKey = Int.max

    /// Indexes the keys.
    ///
    /// - Parameters:
    ///   - keys: One key per record, distinct.
    ///   - rule: How keys match paths.
    /// - Throws: ``LabelError`` `.invalidConfiguration` for an invalid regex or anchor.
    init(keys: [String], rule: MatchRule) throws(LabelError) {
        self.rule = rule
        switch rule {
        case .regex(let pattern):
            do {
                regex = try Regex(pattern)
            } catch {
                throw LabelError(.invalidConfiguration, path: "", reason: "invalid match regex '\(pattern)': \(error)")
            }
        case .pathSuffix(let anchor):
            guard anchor >= 1 else {
                throw LabelError(.invalidConfiguration, path: "", reason: "path-suffix anchor must be at least 1")
            }
            regex = nil
        case .fileName, .stem:
            regex = nil
        }
        index.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() {
            if case .pathSuffix(let anchor) = rule {
                let normalized = Self.normalized(key)
                self.keys.append(normalized)
                shortestKey = min(shortestKey, Self.componentCount(normalized))
                insert(Self.lastComponents(normalized, anchor), position)
            } else {
                insert(key[...], position)
            }
        }
    }

    private mutating func insert(_ key: Substring, _ position: Int) {
        let key = HashedKey(key)
        if index[key] == nil { index[key] = position } else { overflow[key, default: []].append(position) }
    }

    private func positions(_ key: Substring) -> [Int] {
        let key = HashedKey(key)
        guard let first = index[key] else { return [] }
        guard let more = overflow[key] else { return [first] }
        return [first] + more
    }

    /// The position of the one key an image matches, when the common fast path can tell; `nil`
    /// means "ask ``matches(_:)``" (no match, several, or a case the fast path does not decide).
    ///
    /// - Parameter image: The image.
    /// - Returns: The only matching position, or `nil`.
    func singleMatch(_ image: ImageFile) -> Int? {
        let key: Substring
        switch rule {
        case .fileName: key = Self.fileName(image.relativePath)
        case .stem: key = Self.stem(image.relativePath)
        case .regex: return nil
        case .pathSuffix(let anchor):
            guard shortestKey >= anchor else { return nil }
            let path = Self.normalized(image.relativePath)
            let tail = HashedKey(Self.lastComponents(path, anchor))
            guard let first = index[tail], overflow.isEmpty || overflow[tail] == nil,
                Self.isSuffixMatch(keys[first], path)
            else { return nil }
            return first
        }
        let hashed = HashedKey(key)
        guard let first = index[hashed], overflow.isEmpty || overflow[hashed] == nil else { return nil }
        return first
    }

    /// The positions of the keys an image matches; more than one means the match is ambiguous.
    ///
    /// - Parameter image: The image.
    /// - Returns: Matching key positions, ascending.
    func matches(_ image: ImageFile) -> [Int] {
        switch rule {
        case .fileName:
            return positions(Self.fileName(image.relativePath))
        case .stem:
            return positions(Self.stem(image.relativePath))
        case .regex:
            guard let key = regexKey(image.relativePath) else { return [] }
            return positions(key[...])
        case .pathSuffix(let anchor):
            let path = Self.normalized(image.relativePath)
            var found: [Int] = []
            // Keys shorter than the anchor are indexed whole, so those lengths are looked up as well.
            if shortestKey >= anchor {
                let tail = HashedKey(Self.lastComponents(path, anchor))
                guard let first = index[tail] else { return [] }
                if overflow[tail] == nil { return Self.isSuffixMatch(keys[first], path) ? [first] : [] }
            }
            for length in min(shortestKey, anchor)...anchor {
                let tail = Self.lastComponents(path, length)
                if length > 1, Self.componentCount(tail) < length { continue }
                for candidate in positions(tail) where Self.isSuffixMatch(keys[candidate], path) {
                    if !found.contains(candidate) { found.append(candidate) }
                }
            }
            return found.sorted()
        }
    }

    /// ``ImageFile/fileName`` as a slice of the path, without allocating.
    ///
    /// The byte search agrees with the character search whenever the bytes around the last `/` are
    /// ASCII (so the slash is a character of its own); otherwise the character search decides.
    static func fileName(_ path: String) -> Substring {
        let utf8 = path.utf8
        // No `/` byte means no `/` character.
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
        let after = utf8.index(after: slash)
        let asciiAfter = after == utf8.endIndex || utf8[after] < 0x80
        let asciiBefore = slash == utf8.startIndex || utf8[utf8.index(before: slash)] < 0x80
        guard asciiAfter && asciiBefore else { return Substring(ImageFile(relativePath: path).fileName) }
        return path[after...]
    }

    /// ``ImageFile/stem`` as a slice of the path, without allocating.
    static func stem(_ path: String) -> Substring {
        let name = fileName(path)
        let utf8 = name.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return name }
        let after = utf8.index(after: dot)
        let asciiAfter = after == utf8.endIndex || utf8[after] < 0x80
        let asciiBefore = dot == utf8.startIndex || utf8[utf8.index(before: dot)] < 0x80
        guard asciiAfter && asciiBefore else { return Substring(ImageFile(relativePath: path).stem) }
        if dot == name.startIndex { return name }
        return name[..<dot]
    }

    private func regexKey(_ path: String) -> String? {
        guard let regex, let match = try? regex.firstMatch(in: path) else { return nil }
        let output = match.output
        if output.count > 1, let capture = output[1].substring { return String(capture) }
        return String(path[match.range])
    }

    /// Whether one path is the other or ends with `/` followed by the other.
    static func isSuffixMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (long, short) = a.utf8.count > b.utf8.count ? (a.utf8, b.utf8) : (b.utf8, a.utf8)
        guard short.count < long.count else { return false }
        let start = long.index(long.endIndex, offsetBy: -short.count)
        return long[start...].elementsEqual(short) && long[long.index(before: start)] == UInt8(ascii: "/")
    }

    /// The path with `\` as `/`, without a leading `./` or `/` and without empty components.
    static func normalized(_ path: String) -> String {
        guard needsNormalizing(path) else { return path }
        let parts = path.split { $0 == "/" || $0 == "\\" }.filter { $0 != "." }
        return parts.joined(separator: "/")
    }

    private static func needsNormalizing(_ path: String) -> Bool {
        if let answer = path.utf8.withContiguousStorageIfAvailable({ needsNormalizing(bytes: $0) }) { return answer }
        return needsNormalizing(bytes: path.utf8)
    }

    private static func needsNormalizing<Bytes: Sequence<UInt8>>(bytes: Bytes) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), backslash = UInt8(ascii: "\\")
        var previous = slash  // a leading "/" or "./" counts as following a separator
        var beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte == backslash { return true }
            if byte == slash && (previous == slash || (previous == dot && beforePrevious == slash)) { return true }
            beforePrevious = previous
            previous = byte
        }
        return previous == slash || (previous == dot && beforePrevious == slash)
    }

    /// The last `count` `/`-separated components of a normalized path (the whole path if it has fewer).
    static func lastComponents(_ path: String, _ count: Int) -> Substring {
        // Scanned as contiguous bytes; UTF-8 offsets of a native string convert to indices in O(1).
        let offset = path.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var seen = 0
            var index = bytes.count
            while index > 0 {
                if bytes[index &- 1] == UInt8(ascii: "/") {
                    seen &+= 1
                    if seen == count { return index }
                }
                index &-= 1
            }
            return 0
        }
        if let offset { return path[path.utf8.index(path.utf8.startIndex, offsetBy: offset)...] }
        var seen = 0
        var index = path.utf8.endIndex
        while index > path.utf8.startIndex {
            let previous = path.utf8.index(before: index)
            if path.utf8[previous] == UInt8(ascii: "/") {
                seen += 1
                if seen == count { return path[index...] }
            }
            index = previous
        }
        return path[...]
    }

    /// The number of components of a normalized path.
    static func componentCount<S: StringProtocol>(_ path: S) -> Int {
        path.isEmpty ? 0 : path.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
    }

    /// `/`-separated components, ignoring empty and `.` components and treating `\` as `/`.
    static func components(of path: String) -> [Substring] {
        path.split { $0 == "/" || $0 == "\\" }.filter { $0 != "." }
    }
}
