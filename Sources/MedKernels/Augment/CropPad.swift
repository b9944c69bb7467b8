import MedImage

/// A window of the input, which may extend past its edges (that part is padded).
public struct CropRectangle: Sendable, Hashable, Codable {
    /// Left edge in input pixels; negative means padding on the left.
    public var x: Int
    /// Top edge in input pixels; negative means padding on top.
    public var y: Int
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int

    /// Creates a window.
    public init(x: Int, y: Int, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "crop size \(width)x\(height) must be positive")
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }
}

extension PixelBuffer {
    /// The window `rectangle` of this image; samples outside the image are `padValue`.
    ///
    /// - Complexity: O(output samples); rows are copied as blocks.
    public func cropped(to rectangle: CropRectangle, padValue: Sample) -> PixelBuffer {
        var out = PixelBuffer(width: rectangle.width, height: rectangle.height, channels: channels, repeating: padValue)
        let x0 = max(rectangle.x, 0), x1 = min(rectangle.x + rectangle.width, width)
        guard x1 > x0 else { return out }
        let ch = channels, w = width, outW = rectangle.width
        withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                for oy in 0..<rectangle.height {
                    let y = rectangle.y + oy
                    guard y >= 0 && y < height else { continue }
                    let src = s.base + (y * w + x0) * ch
                    let dst = d.base + (oy * outW + (x0 - rectangle.x)) * ch
                    dst.update(from: src, count: (x1 - x0) * ch)
                }
            }
        }
        return out
    }
}
