/// How the output size follows from the input size.
///
/// Sizes are in pixels. Aspect-preserving cases round the other side to the nearest pixel (at
/// least 1). None of them upsample differently from downsample: the filter decides that.
public enum ResizeGeometry: Sendable, Hashable, Codable {
    /// Exactly `width` x `height`; the aspect ratio is not kept.
    case stretch(width: Int, height: Int)
    /// The shorter side becomes `size`; the aspect ratio is kept.
    case shorterSide(Int)
    /// The longer side becomes `size`; with `letterbox`, the result is centered on a
    /// `size` x `size` canvas filled with the pad value.
    case longerSide(Int, letterbox: Bool)
    /// Scales so the image covers `width` x `height`, then keeps the centered window (resize to
    /// fill). The crop happens in input coordinates, so pixels next to it still feed the filter.
    case centerCrop(width: Int, height: Int)
    /// Scales so the image fits inside `width` x `height` with its aspect ratio kept, centered on a
    /// `width` x `height` canvas filled with the pad value (a square canvas is `longerSide` with
    /// `letterbox`, which it equals).
    case letterbox(width: Int, height: Int)
}

/// Where a resized image lands: the canvas, the content rectangle in it, and the input box mapped onto that rectangle.
public struct ResizeLayout: Sendable, Hashable, Codable {
    /// Output width in pixels (the canvas, including any letterbox padding).
    public var canvasWidth: Int
    /// Output height in pixels.
    public var canvasHeight: Int
    /// Left edge of the resized content in the canvas.
    public var contentX: Int
    /// Top edge of the resized content in the canvas.
    public var contentY: Int
    /// Width of the resized content.
    public var contentWidth: Int
    /// Height of the resized content.
    public var contentHeight: Int
    /// Input interval mapped onto the content horizontally, in input pixel coordinates.
    public var sourceX: ClosedRange<Double>
    /// Input interval mapped onto the content vertically.
    public var sourceY: ClosedRange<Double>

    /// Computes the layout of `geometry` for an input of `width` x `height`.
    ///
    /// - Precondition: positive sizes.
    public init(inputWidth width: Int, inputHeight height: Int, geometry: ResizeGeometry) {
        precondition(width > 0 && height > 0, "input size \(width)x\(height) must be positive")
        let w = Double(width), h = Double(height)
        func scaled(_ v: Double, _ s: Double) -> Int { max(1, Int((v * s).rounded())) }
        sourceX = 0...w
        sourceY = 0...h
        contentX = 0
        contentY = 0
        switch geometry {
        case .stretch(let tw, let th):
            precondition(tw > 0 && th > 0, "resize target \(tw)x\(th) must be positive")
            (contentWidth, contentHeight) = (tw, th)
        case .shorterSide(let n):
            precondition(n > 0, "resize target \(n) must be positive")
            let s = Double(n) / min(w, h)
            (contentWidth, contentHeight) = width <= height ? (n, scaled(h, s)) : (scaled(w, s), n)
        case .longerSide(let n, _):
            precondition(n > 0, "resize target \(n) must be positive")
            let s = Double(n) / max(w, h)
            (contentWidth, contentHeight) = width >= height ? (n, scaled(h, s)) : (scaled(w, s), n)
        case .letterbox(let tw, let th):
            precondition(tw > 0 && th > 0, "letterbox target \(tw)x\(th) must be positive")
            // The side that limits the scale takes its target exactly; the other is rounded.
            if Double(tw) / w <= Double(th) / h {
                (contentWidth, contentHeight) = (tw, min(th, scaled(h, Double(tw) / w)))
            } else {
                (contentWidth, contentHeight) = (min(tw, scaled(w, Double(th) / h)), th)
            }
        case .centerCrop(let tw, let th):
            precondition(tw > 0 && th > 0, "crop target \(tw)x\(th) must be positive")
            let s = max(Double(tw) / w, Double(th) / h)
            let bw = Double(tw) / s, bh = Double(th) / s
            sourceX = (w - bw) / 2...(w + bw) / 2
            sourceY = (h - bh) / 2...(h + bh) / 2
            (contentWidth, contentHeight) = (tw, th)
        }
        if case .longerSide(let n, true) = geometry {
            (canvasWidth, canvasHeight) = (n, n)
            contentX = (n - contentWidth) / 2
            contentY = (n - contentHeight) / 2
        } else if case .letterbox(let tw, let th) = geometry {
            (canvasWidth, canvasHeight) = (tw, th)
            contentX = (tw - contentWidth) / 2
            contentY = (th - contentHeight) / 2
        } else {
            (canvasWidth, canvasHeight) = (contentWidth, contentHeight)
        }
    }
}
