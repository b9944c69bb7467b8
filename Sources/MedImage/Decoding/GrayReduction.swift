internal import CKernels

/// How a color source became the one gray channel a decoder returned with
/// ``DecodeOptions/decodesColorAsGray``.
///
/// Most public chest X-ray collections store gray radiographs as RGB (R = G = B) JPEG or PNG; a
/// training set wants one channel. The gray is BT.601 luma, `0.299 R + 0.587 G + 0.114 B`, computed
/// bit for bit as OpenCV's `cvtColor(COLOR_RGB2GRAY)` for 8- and 16-bit samples
/// (`(9798 R + 19235 G + 3735 B + 2^14) >> 15`).
public enum GrayReduction: String, Sendable, Hashable, Codable {
    /// Every pixel had R = G = B: the gray is that value, exactly (the source was gray stored as color).
    case equalChannels = "rgb-equal"
    /// RGB samples weighted as above.
    case luma = "rgb-luma"
    /// A YCbCr JPEG decoded to its luminance component alone (no chroma decoding, upsampling or color
    /// conversion): the encoder's own BT.601 luma, equal to the luma of the RGB decode within rounding
    /// wherever that decode did not clip.
    case jpegLuminance = "jpeg-luminance"
    /// A YBR_FULL or YBR_FULL_422 DICOM frame reduced to its Y component (PS3.3 C.7.6.3.1.2: Y is the
    /// same BT.601 luma of full-range RGB).
    case luminanceComponent = "ybr-luminance"
}

extension AnyPixelBuffer {
    /// The BT.601 luma of a 3-channel RGB buffer, and whether every pixel's channels were equal;
    /// `nil` when the buffer does not have 3 channels.
    ///
    /// 8- and 16-bit samples give OpenCV's `cvtColor(COLOR_RGB2GRAY)` bit for bit; signed 16-bit and
    /// float samples use the same weights (floor of the fixed-point sum, and `Float` arithmetic).
    ///
    /// - Complexity: O(pixels), one pass.
    public func lumaReduced() -> (buffer: AnyPixelBuffer, channelsEqual: Bool)? {
        guard channels == 3 else { return nil }
        switch self {
        case .uint8(let b):
            var equal = false
            let gray = [UInt8](unsafeUninitializedCapacity: b.pixelCount) { out, count in
                b.withUnsafeBufferPointer { rgb in
                    equal = CKernels_rgb_to_gray_u8(rgb.baseAddress, 3, out.baseAddress, b.pixelCount) == 1
                }
                count = b.pixelCount
            }
            return (.uint8(PixelBuffer(width: b.width, height: b.height, samples: gray)), equal)
        case .uint16(let b):
            var equal = false
            let gray = [UInt16](unsafeUninitializedCapacity: b.pixelCount) { out, count in
                b.withUnsafeBufferPointer { rgb in
                    equal = CKernels_rgb_to_gray_u16(rgb.baseAddress, 3, out.baseAddress, b.pixelCount) == 1
                }
                count = b.pixelCount
            }
            return (.uint16(PixelBuffer(width: b.width, height: b.height, samples: gray)), equal)
        case .int16(let b):
            var equal = true
            var gray = [Int16](repeating: 0, count: b.pixelCount)
            for i in 0..<b.pixelCount {
                let r = Int32(b.samples[3 * i]), g = Int32(b.samples[3 * i + 1]), bl = Int32(b.samples[3 * i + 2])
                equal = equal && r == g && g == bl
                gray[i] = Int16((r * 9798 + g * 19235 + bl * 3735 + 16384) >> 15)
            }
            return (.int16(PixelBuffer(width: b.width, height: b.height, samples: gray)), equal)
        case .float32(let b):
            var equal = true
            var gray = [Float](repeating: 0, count: b.pixelCount)
            for i in 0..<b.pixelCount {
                let r = b.samples[3 * i], g = b.samples[3 * i + 1], bl = b.samples[3 * i + 2]
                equal = equal && r == g && g == bl
                gray[i] = 0.299 * r + 0.587 * g + 0.114 * bl
            }
            return (.float32(PixelBuffer(width: b.width, height: b.height, samples: gray)), equal)
        case .float64(let b):
            var equal = true
            var gray = [Double](repeating: 0, count: b.pixelCount)
            for i in 0..<b.pixelCount {
                let r = b.samples[3 * i], g = b.samples[3 * i + 1], bl = b.samples[3 * i + 2]
                equal = equal && r == g && g == bl
                gray[i] = 0.299 * r + 0.587 * g + 0.114 * bl
            }
            return (.float64(PixelBuffer(width: b.width, height: b.height, samples: gray)), equal)
        }
    }

    /// Channel 0 of a multi-channel buffer (the Y of YBR data).
    func firstChannel() -> AnyPixelBuffer {
        func first<S>(_ b: PixelBuffer<S>) -> PixelBuffer<S> {
            let n = b.channels
            return PixelBuffer(
                width: b.width, height: b.height,
                samples: [S](unsafeUninitializedCapacity: b.pixelCount) { out, count in
                    b.withUnsafeBufferPointer { src in
                        for i in 0..<b.pixelCount { out[i] = src[i * n] }
                    }
                    count = b.pixelCount
                })
        }
        switch self {
        case .uint8(let b): return .uint8(first(b))
        case .uint16(let b): return .uint16(first(b))
        case .int16(let b): return .int16(first(b))
        case .float32(let b): return .float32(first(b))
        case .float64(let b): return .float64(first(b))
        }
    }
}

extension DecodedImage {
    /// This image with a 3-channel color frame reduced to one gray channel, when `enabled`; unchanged
    /// when not enabled or already gray.
    ///
    /// RGB becomes BT.601 luma (``AnyPixelBuffer/lumaReduced()``); YBR_FULL and YBR_FULL_422 keep Y.
    ///
    /// - Throws: ``ImageError`` `unsupported` for color kinds whose first component is not full-range
    ///   BT.601 luma (YBR_PARTIAL, YBR_ICT, YBR_RCT, and others), naming the photometric interpretation.
    func reducedToGray(_ enabled: Bool, path: String) throws(ImageError) -> DecodedImage {
        guard enabled, stored.channels == 3 else { return self }
        var image = self
        switch storedPhotometric {
        case .rgb:
            guard let (gray, equal) = stored.lumaReduced() else { return self }
            image.stored = gray
            image.grayReduction = equal ? .equalChannels : .luma
        case .ybrFull, .ybrFull422:
            image.stored = stored.firstChannel()
            image.grayReduction = .luminanceComponent
        default:
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0004),
                reason: "\(storedPhotometric.rawValue) color is not reduced to gray (its first component is not full-range luma); convert with --color rgb")
        }
        image.storedPhotometric = .monochrome2
        return image
    }
}
