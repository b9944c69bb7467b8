/// Reads arrays in NumPy's `.npy` format back into pixels: the reader beside ``NPYEncoder``.
///
/// Takes what `numpy.save` writes for an image: C order, shape `(height, width)` or
/// `(height, width, channels)`, type `|u1`, `<u2`, `<i2`, `<f2`, `<f4` or `<f8`. Half floats are
/// widened to `Float`, which is exact. Does not read Fortran order, big-endian data, other types or
/// `.npz` archives: it refuses them with an error naming the file.
public enum NPYDecoder {
    /// The pixels of an `.npy` file.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - path: Named in errors.
    /// - Throws: `ImageError` `malformed` for a header that does not parse or disagrees with the data
    ///   length, `unsupported` for a type, order or shape outside the list above.
    /// - Complexity: O(n); one allocation for the samples.
    public static func decode(_ bytes: [UInt8], path: String) throws(ImageError) -> AnyPixelBuffer {
        guard let header = NPYHeader(bytes) else {
            throw ImageError(.malformed, path: path, reason: "not a valid .npy array (header, or data length against shape)")
        }
        guard !header.fortranOrder else {
            throw ImageError(.unsupported, path: path, reason: ".npy data in Fortran order is not read")
        }
        guard (2...3).contains(header.shape.count), header.shape.allSatisfy({ $0 > 0 }) else {
            throw ImageError(
                .unsupported, path: path, reason: ".npy shape \(header.shape) is not (height, width[, channels])")
        }
        let height = header.shape[0], width = header.shape[1]
        let channels = header.shape.count == 3 ? header.shape[2] : 1
        let data = bytes[header.dataOffset...]
        switch header.descriptor {
        case "|u1", "<u1": return .uint8(PixelBuffer(width: width, height: height, channels: channels, samples: Array(data)))
        case "<u2": return .uint16(PixelBuffer(width: width, height: height, channels: channels, samples: load(data)))
        case "<i2": return .int16(PixelBuffer(width: width, height: height, channels: channels, samples: load(data)))
        case "<f4": return .float32(PixelBuffer(width: width, height: height, channels: channels, samples: load(data)))
        case "<f8": return .float64(PixelBuffer(width: width, height: height, channels: channels, samples: load(data)))
        case "<f2":
            let halves: [UInt16] = load(data)
            let samples = halves.map { Float(Float16(bitPattern: $0)) }
            return .float32(PixelBuffer(width: width, height: height, channels: channels, samples: samples))
        default:
            throw ImageError(.unsupported, path: path, reason: ".npy type '\(header.descriptor)' is not read")
        }
    }

    /// Little-endian values of `T` (every platform Swift supports here is little endian, as the
    /// descriptors say); the header already checked that the length is a whole number of them.
    private static func load<T: BitwiseCopyable>(_ data: ArraySlice<UInt8>) -> [T] {
        let count = data.count / MemoryLayout<T>.size
        return data.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }
}
