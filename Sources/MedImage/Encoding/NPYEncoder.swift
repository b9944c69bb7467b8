/// Writes arrays in NumPy's `.npy` format, version 1.0, little endian, C order.
///
/// The header is `{'descr': '<u2', 'fortran_order': False, 'shape': (H, W), }` padded with spaces
/// to a multiple of 64 bytes and ended by a newline, as `numpy.save` writes it, so `numpy.load`
/// reads the result directly. Gray images have shape `(height, width)`, color `(height, width, 3)`.
/// Does not compress and does not write `.npz`.
public enum NPYEncoder {
    /// A sample type `.npy` can describe.
    public protocol Element: BitwiseCopyable & Sendable {
        /// The NumPy type string, e.g. `<u2`.
        static var npyDescriptor: String { get }
    }

    /// The `.npy` bytes of `buffer`.
    ///
    /// - Complexity: O(n); one allocation for the result.
    public static func encode<Sample: Element>(_ buffer: PixelBuffer<Sample>) -> [UInt8] {
        let shape = buffer.channels == 1 ? "(\(buffer.height), \(buffer.width))"
                                         : "(\(buffer.height), \(buffer.width), \(buffer.channels))"
        var header = "{'descr': '\(Sample.npyDescriptor)', 'fortran_order': False, 'shape': \(shape), }"
        let preamble = 10  // magic (6) + version (2) + header length (2)
        let unpadded = preamble + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let headerLength = header.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes.reserveCapacity(preamble + headerLength + buffer.samples.count * MemoryLayout<Sample>.size)
        bytes.append(contentsOf: header.utf8)
        // Every platform Swift supports here is little endian, which is what the descriptor says.
        buffer.samples.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Encodes whatever sample type the buffer holds.
    public static func encode(_ buffer: AnyPixelBuffer) -> [UInt8] {
        switch buffer {
        case .uint8(let b): encode(b)
        case .uint16(let b): encode(b)
        case .int16(let b): encode(b)
        case .float32(let b): encode(b)
        case .float64(let b): encode(b)
        }
    }
}

extension UInt8: NPYEncoder.Element { public static var npyDescriptor: String { "|u1" } }
extension UInt16: NPYEncoder.Element { public static var npyDescriptor: String { "<u2" } }
extension Int16: NPYEncoder.Element { public static var npyDescriptor: String { "<i2" } }
extension Float: NPYEncoder.Element { public static var npyDescriptor: String { "<f4" } }
extension Double: NPYEncoder.Element { public static var npyDescriptor: String { "<f8" } }
#if !(os(macOS) && arch(x86_64))
extension Float16: NPYEncoder.Element { public static var npyDescriptor: String { "<f2" } }
#endif
