/// Writes tar archives whose bytes depend only on member names and contents.
///
/// Each member is a regular file in POSIX ustar format (POSIX.1-1988, `pax` in POSIX.1-2001) with
/// fixed metadata: mode `0644`, uid and gid 0, empty owner names, modification time
/// ``modificationTime``. Names longer than ustar allows (100 bytes, or 155 + 100 split at a slash)
/// or not plain ASCII get a pax extended header (`typeflag 'x'`, record `path=`). The archive ends
/// with two zero blocks, as POSIX requires, and is not padded to a 10 KiB record, which every
/// reader accepts (GNU tar, Python `tarfile`, WebDataset).
///
/// Does not write directories, links, sparse files, or sizes of 8 GiB and more.
public struct TarWriter {
    /// A tar block; headers and padded contents come in multiples of it.
    public static let blockSize = 512
    /// The modification time written in every header, in seconds since 1970: 2000-01-01T00:00:00Z,
    /// a fixed value so that the same inputs give the same bytes (and a date no reader calls suspicious).
    public static let modificationTime = 946_684_800
    /// The largest member size ustar's 11 octal digits hold.
    public static let maximumMemberSize = 0o77777777777

    private var sink: (UnsafeRawBufferPointer) throws -> Void
    /// Bytes written so far, including headers and padding.
    public private(set) var bytesWritten = 0

    /// A writer that hands every block it produces to `sink`, in order.
    ///
    /// - Parameter sink: receives the archive's bytes; an error it throws ends the write that caused it.
    public init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
    }

    /// Appends one regular-file member.
    ///
    /// - Parameters:
    ///   - name: the member name, UTF-8, relative (`000001.png`); no leading slash.
    ///   - contents: the member's bytes.
    /// - Throws: whatever the sink throws.
    public mutating func append(name: String, contents: [UInt8]) throws {
        precondition(!name.isEmpty && !name.hasPrefix("/"), "tar member name '\(name)' must be relative and non-empty")
        precondition(contents.count <= Self.maximumMemberSize, "tar member \(name) is larger than ustar allows")
        try emit(Self.headers(name: name, size: contents.count))
        try contents.withUnsafeBytes { try emit($0) }
        try emit(Self.zeros(count: Self.paddingCount(for: contents.count)))
    }

    /// Appends the end-of-archive marker (two zero blocks).
    ///
    /// Call once, last.
    public mutating func finish() throws {
        try emit(Self.zeros(count: 2 * Self.blockSize))
    }

    /// The number of archive bytes a member of `size` bytes named `name` takes.
    public static func encodedSize(name: String, size: Int) -> Int {
        headers(name: name, size: size).count + size + paddingCount(for: size)
    }

    /// Zero bytes needed after `size` content bytes to reach a block boundary.
    public static func paddingCount(for size: Int) -> Int {
        (blockSize - size % blockSize) % blockSize
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try sink(bytes)
        bytesWritten += bytes.count
    }

    private static func zeros(count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    /// The header block(s) for one member: a pax header first when the name needs one.
    static func headers(name: String, size: Int) -> [UInt8] {
        let utf8 = Array(name.utf8)
        let isASCII = utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if isASCII, utf8.count <= 100 {
            return header(name: utf8, prefix: [], size: size, type: UInt8(ascii: "0"))
        }
        if isASCII, let (prefix, rest) = ustarSplit(utf8) {
            return header(name: rest, prefix: prefix, size: size, type: UInt8(ascii: "0"))
        }
        let record = paxRecord(key: "path", value: utf8)
        // The fallback name in the ustar header is what a pax-unaware reader shows: keep it ASCII and short.
        let fallback = Array(utf8.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "_") }.suffix(100))
        var bytes = header(
            name: Array("PaxHeaders/".utf8) + Array(fallback.suffix(89)), prefix: [],
            size: record.count, type: UInt8(ascii: "x"))
        bytes += record
        bytes += zeros(count: paddingCount(for: record.count))
        bytes += header(name: fallback, prefix: [], size: size, type: UInt8(ascii: "0"))
        return bytes
    }

    /// Splits a long name at a slash into ustar's prefix (<= 155 bytes) and name (<= 100 bytes).
    private static func ustarSplit(_ utf8: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        guard utf8.count <= 256 else { return nil }
        for index in utf8.indices where utf8[index] == UInt8(ascii: "/") {
            let prefix = Array(utf8[..<index]), rest = Array(utf8[(index + 1)...])
            if prefix.count <= 155, !rest.isEmpty, rest.count <= 100 { return (prefix, rest) }
        }
        return nil
    }

    /// `"<length> key=value\n"`, where the length counts the whole record including its own digits.
    static func paxRecord(key: String, value: [UInt8]) -> [UInt8] {
        let body = 1 + key.utf8.count + 1 + value.count + 1  // " key=value\n"
        var length = body + String(body).utf8.count
        if String(length).utf8.count + body != length { length = body + String(length).utf8.count }
        return Array("\(length) \(key)=".utf8) + value + [UInt8(ascii: "\n")]
    }

    private static func header(name: [UInt8], prefix: [UInt8], size: Int, type: UInt8) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (i, byte) in bytes.enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(modificationTime, width: 12), at: 136)
        block[156] = type
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(octal(0, width: 8), at: 329)
        put(octal(0, width: 8), at: 337)
        put(prefix, at: 345)
        // The checksum is computed with its own field read as eight spaces (POSIX ustar).
        for i in 148..<156 { block[i] = UInt8(ascii: " ") }
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return block
    }
}
