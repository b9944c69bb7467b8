/// One regular file read from a tar archive.
public struct TarMember: Sendable, Equatable {
    /// The member name (from a pax `path` record or GNU long name when present).
    public var name: String
    /// The member's bytes.
    public var contents: [UInt8]
    /// Byte offset of the member's first header block in the archive.
    public var offset: Int
}

/// Reads the regular files of a ustar, pax or GNU tar archive held in memory or in a file.
///
/// Understands pax extended headers (`x`; `path` only), global headers (`g`, ignored), GNU long
/// names (`L`), and skips directories and links. It checks every header's checksum and that the
/// archive ends with a zero block, so it doubles as the structural check of ``ShardVerifier``.
/// Does not handle sparse files or base-256 sizes.
public struct TarReader: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private let path: String
    private var offset = 0
    private var finished = false
    /// The first structural problem met, after which iteration stops.
    ///
    /// Check it after the loop.
    public private(set) var error: ShardError?

    /// A reader over a whole archive in memory.
    ///
    /// - Parameters:
    ///   - bytes: the archive.
    ///   - path: the archive's path, for error messages.
    public init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Reads every member of the archive, throwing on the first structural problem.
    public static func members(of bytes: [UInt8], path: String) throws(ShardError) -> [TarMember] {
        var reader = TarReader(bytes: bytes, path: path)
        var members: [TarMember] = []
        while let member = reader.next() { members.append(member) }
        if let error = reader.error { throw error }
        return members
    }

    /// The next regular-file member, or `nil` at the end or on an error (see ``error``).
    public mutating func next() -> TarMember? {
        var longName: String?
        while !finished {
            let start = offset
            guard offset + TarWriter.blockSize <= bytes.count else {
                return fail("the archive ends at byte \(bytes.count) without an end-of-archive block")
            }
            if bytes[offset..<(offset + TarWriter.blockSize)].allSatisfy({ $0 == 0 }) {
                finished = true
                return nil
            }
            let header = Array(bytes[offset..<(offset + TarWriter.blockSize)])
            guard Self.checksumMatches(header) else { return fail("header checksum mismatch at byte \(offset)") }
            guard let size = Self.octal(header[124..<136]) else { return fail("unreadable size at byte \(offset)") }
            let dataStart = offset + TarWriter.blockSize
            guard dataStart + size <= bytes.count else {
                return fail("member at byte \(offset) announces \(size) bytes past the end of the archive")
            }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            offset = dataStart + size + TarWriter.paddingCount(for: size)
            switch header[156] {
            case UInt8(ascii: "x"):
                longName = Self.paxPath(data) ?? longName
            case UInt8(ascii: "L"):
                longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                let name = longName ?? Self.ustarName(header)
                return TarMember(name: name, contents: data, offset: start)
            default:
                longName = nil  // directories, links, global headers: not samples
            }
        }
        return nil
    }

    private mutating func fail(_ reason: String) -> TarMember? {
        error = ShardError(.corruptShard, path: path, reason: reason)
        finished = true
        return nil
    }

    static func checksumMatches(_ header: [UInt8]) -> Bool {
        guard let stored = octal(header[148..<156]) else { return false }
        var sum = 0
        for (i, byte) in header.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
        return sum == stored
    }

    /// An octal field: digits, optionally padded with spaces and ended by NUL or space.
    static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0, seenDigit = false
        for byte in field {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") {
                value = value * 8 + Int(byte - UInt8(ascii: "0"))
                seenDigit = true
            } else if byte == 0 || byte == UInt8(ascii: " ") {
                if seenDigit { break }
            } else {
                return nil
            }
        }
        return seenDigit ? value : nil
    }

    private static func ustarName(_ header: [UInt8]) -> String {
        let name = String(decoding: header[0..<100].prefix { $0 != 0 }, as: UTF8.self)
        // GNU tar writes "ustar " here and keeps access times where POSIX has the prefix.
        let isUstar = header[257..<263].elementsEqual(Array("ustar".utf8) + [0])
        let prefix = isUstar ? String(decoding: header[345..<500].prefix { $0 != 0 }, as: UTF8.self) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func paxPath(_ data: [UInt8]) -> String? {
        var index = 0
        var path: String?
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count, index + length - 1 >= space + 1
            else { return path }
            let record = data[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")),
                String(decoding: record[..<equals], as: UTF8.self) == "path"
            {
                path = String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return path
    }
}
