import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Trees with FIFOs, sockets, links and names of any bytes, made in temporary folders at test time.
enum ListingFixtures {
    /// Creates a file at `path` (bytes, for names that are not UTF-8) holding `contents`.
    static func file(_ path: [UInt8], _ contents: [UInt8] = []) {
        let fd = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } ?? -1
            }
        }
        precondition(fd >= 0, "cannot create \(String(decoding: path, as: UTF8.self))")
        _ = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// `mkfifo`.
    static func fifo(_ path: String) {
        precondition(mkfifo(path, 0o644) == 0, "mkfifo \(path): \(String(cString: strerror(errno)))")
    }

    /// A Unix-domain socket bound at `path` (left bound: the socket file is what the walk meets).
    static func socket(_ path: String) {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0, "socket")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        precondition(bound == 0, "bind \(path): \(String(cString: strerror(errno)))")
        close(fd)
    }

    /// A symbolic link at `path` to `target` (which need not exist).
    static func link(_ path: String, to target: String) {
        precondition(symlink(target, path) == 0, "symlink \(path): \(String(cString: strerror(errno)))")
    }

    /// `mkdir -p`.
    static func folder(_ path: String) {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A valid 1x1 8-bit gray PNG (value 128), written by Python's zlib, so the sniffer takes it.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B,
        0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x68, 0x00, 0x00, 0x00,
        0x82, 0x00, 0x81, 0x77, 0xCD, 0x72, 0xB6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ]
}
