import Foundation

/// Reads `.npy` files written by `numpy.save` (version 1.x, little endian, C order), for comparing
/// against arrays produced by independent tools.
public struct NPYArray: Sendable {
    /// The NumPy type string, e.g. `|u1`, `<u2`, `<i2`, `<f4`.
    public var descriptor: String
    /// The shape, outermost first.
    public var shape: [Int]
    /// The raw little-endian data.
    public var data: [UInt8]

    /// Parses `.npy` bytes; `nil` if they are not a version 1 C-order file.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 10, bytes[0] == 0x93, bytes[1] == 0x4E, bytes[6] == 1 else { return nil }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + headerLength else { return nil }
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard header.contains("'fortran_order': False"),
              let descrRange = header.range(of: "'descr': '"),
              let descrEnd = header[descrRange.upperBound...].firstIndex(of: "'"),
              let shapeStart = header.range(of: "'shape': ("),
              let shapeEnd = header[shapeStart.upperBound...].firstIndex(of: ")")
        else { return nil }
        descriptor = String(header[descrRange.upperBound..<descrEnd])
        shape = header[shapeStart.upperBound..<shapeEnd].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        data = Array(bytes[(10 + headerLength)...])
    }

    /// Reads a file.
    public init?(path: String) {
        guard let contents = FileManager.default.contents(atPath: path) else { return nil }
        self.init(bytes: [UInt8](contents))
    }

    /// The elements as `Double`, in C order; `nil` for an unknown descriptor.
    public var doubles: [Double]? {
        switch descriptor {
        case "|u1", "<u1": return data.map(Double.init)
        case "|i1", "<i1": return data.map { Double(Int8(bitPattern: $0)) }
        case "<u2": return elements(UInt16.self).map(Double.init)
        case "<i2": return elements(Int16.self).map(Double.init)
        case "<u4": return elements(UInt32.self).map(Double.init)
        case "<i4": return elements(Int32.self).map(Double.init)
        case "<f4": return elements(Float.self).map(Double.init)
        case "<f8": return elements(Double.self)
        case "<f2": return elements(UInt16.self).map { Double(Float16(bitPattern: $0)) }
        default: return nil
        }
    }

    private func elements<T: BitwiseCopyable>(_: T.Type) -> [T] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / MemoryLayout<T>.size)).map {
                raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)
            }
        }
    }
}
