import MedImage

/// A resize prepared for one input size: layout, separable plans and optional integer pre-shrink.
///
/// Build it once per input size (it is a pure value; cache it), then call
/// ``resize(_:into:scratch:padValue:)`` per image for zero allocations in steady state, or
/// ``resized(_:padValue:)`` for convenience. Works on `UInt8`, `UInt16` and `Float` samples with any
/// channel count; integer outputs round half to even. Does not premultiply alpha or convert color.
public struct Resizer: Sendable {
    /// Input width in pixels.
    public let inputWidth: Int
    /// Input height in pixels.
    public let inputHeight: Int
    /// Interleaved samples per pixel.
    public let channels: Int
    /// Where the content lands in the output canvas.
    public let layout: ResizeLayout
    /// The reconstruction filter.
    public let filter: ResampleFilter
    /// Integer pre-shrink factors (1 when there is none).
    public let reduceX: Int, reduceY: Int
    let horizontal: ResamplePlan
    let vertical: ResamplePlan

    /// Prepares a resize.
    ///
    /// - Parameters:
    ///   - inputWidth: Input width in pixels.
    ///   - inputHeight: Input height in pixels.
    ///   - channels: Samples per pixel (1 or 3 in practice).
    ///   - geometry: How the output size follows from the input size.
    ///   - filter: The reconstruction filter; antialiased when reducing.
    ///   - reducingGap: When set (Pillow's `reducing_gap`, e.g. 2 or 3), a reduction by more than
    ///     `2 * reducingGap` first averages integer blocks of `floor(factor / reducingGap)`. Faster,
    ///     and no longer identical to a one-step resize. `nil` (the default) resamples in one step.
    ///     Ignored for ``ResampleFilter/area``, whose one-step result is already a box average.
    public init(
        inputWidth: Int, inputHeight: Int, channels: Int = 1, geometry: ResizeGeometry,
        filter: ResampleFilter, reducingGap: Double? = nil
    ) {
        precondition(channels > 0, "channels must be positive")
        let layout = ResizeLayout(inputWidth: inputWidth, inputHeight: inputHeight, geometry: geometry)
        var fx = 1, fy = 1
        if let gap = reducingGap, !filter.isArea {
            precondition(gap >= 1, "reducing gap \(gap) must be at least 1")
            let sx = (layout.sourceX.upperBound - layout.sourceX.lowerBound) / Double(layout.contentWidth)
            let sy = (layout.sourceY.upperBound - layout.sourceY.lowerBound) / Double(layout.contentHeight)
            fx = max(1, Int(sx / gap))
            fy = max(1, Int(sy / gap))
        }
        let rw = AreaReduceKernel.reducedSize(inputWidth, factor: fx)
        let rh = AreaReduceKernel.reducedSize(inputHeight, factor: fy)
        func box(_ r: ClosedRange<Double>, _ f: Int) -> ClosedRange<Double> {
            (r.lowerBound / Double(f))...(r.upperBound / Double(f))
        }
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.channels = channels
        self.layout = layout
        self.filter = filter
        self.reduceX = fx
        self.reduceY = fy
        horizontal = ResamplePlan(
            inputSize: rw, outputSize: layout.contentWidth, filter: filter,
            box: box(layout.sourceX, fx))
        vertical = ResamplePlan(
            inputSize: rh, outputSize: layout.contentHeight, filter: filter,
            box: box(layout.sourceY, fy))
    }

    /// Floats of scratch that ``resize(_:into:scratch:padValue:)`` uses.
    public var scratchCount: Int {
        let reduced =
            reduceX * reduceY > 1 ? horizontal.inputSize * vertical.inputSize * channels + inputWidth * channels : 0
        return ResizeKernel.scratchCount(inputWidth: horizontal.inputSize, channels: channels) + reduced
    }

    /// Resizes into a caller-owned output, reusing `scratch`; no allocation once both have their size.
    ///
    /// - Parameters:
    ///   - input: `inputWidth` x `inputHeight` x `channels`.
    ///   - output: Overwritten; replaced by a new buffer only when its size is wrong.
    ///   - scratch: Grown to ``scratchCount`` when shorter; contents ignored.
    ///   - padValue: Fill for letterbox padding.
    /// - Complexity: O(input pixels * vertical taps + output pixels * horizontal taps).
    @_specialize(exported: true, where S == UInt8)
    @_specialize(exported: true, where S == UInt16)
    @_specialize(exported: true, where S == Float)
    public func resize<S: KernelSample>(
        _ input: PixelBuffer<S>, into output: inout PixelBuffer<S>,
        scratch: inout [Float], padValue: S = .zero
    ) {
        precondition(
            input.width == inputWidth && input.height == inputHeight && input.channels == channels,
            "input is \(input.width)x\(input.height)x\(input.channels), resizer expects \(inputWidth)x\(inputHeight)x\(channels)"
        )
        if output.width != layout.canvasWidth || output.height != layout.canvasHeight || output.channels != channels {
            output = Self.unfilledCanvas(layout, channels: channels)
        }
        if scratch.count < scratchCount { scratch = [Float](repeating: 0, count: scratchCount) }
        let padded = layout.canvasWidth != layout.contentWidth || layout.canvasHeight != layout.contentHeight
        if padded {
            output.withUnsafeMutableBufferPointer { $0.update(repeating: padValue) }
        }
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                scratch.withUnsafeMutableBufferPointer { tmp in
                    let offset = (layout.contentY * layout.canvasWidth + layout.contentX) * channels
                    run(
                        UnsafeRawPointer(src.base), S.self,
                        into: UnsafeMutableRawPointer(dst.base + offset),
                        rowStride: layout.canvasWidth * channels, scratch: tmp.base)
                }
            }
        }
    }

    /// Windows 16-bit samples to 8 bits (`x * scale + offset`, clamped, rounded half to even) while
    /// resizing them, without writing the windowed image: the bytes of ``WindowKernel`` followed by
    /// ``resize(_:into:scratch:padValue:)``, one pass over the input instead of three.
    ///
    /// - Precondition: no integer pre-shrink (`reduceX == 1 && reduceY == 1`) and one channel.
    package func resize(
        _ input: PixelBuffer<UInt16>, windowedBy window: (scale: Float, offset: Float),
        into output: inout PixelBuffer<UInt8>, scratch: inout [Float], padValue: UInt8
    ) {
        resizeWindowed(input, window, into: &output, scratch: &scratch, padValue: padValue)
    }

    /// ``resize(_:windowedBy:into:scratch:padValue:)`` for 8-bit samples (a JPEG or PNG with a
    /// percentile window): the table the window stands for is never applied to the whole image.
    package func resize(
        _ input: PixelBuffer<UInt8>, windowedBy window: (scale: Float, offset: Float),
        into output: inout PixelBuffer<UInt8>, scratch: inout [Float], padValue: UInt8
    ) {
        resizeWindowed(input, window, into: &output, scratch: &scratch, padValue: padValue)
    }

    private func resizeWindowed<In: KernelSample>(
        _ input: PixelBuffer<In>, _ window: (scale: Float, offset: Float),
        into output: inout PixelBuffer<UInt8>, scratch: inout [Float], padValue: UInt8
    ) {
        precondition(reduceX == 1 && reduceY == 1 && channels == 1, "windowed resize without pre-shrink, one channel")
        precondition(input.width == inputWidth && input.height == inputHeight && input.channels == channels,
                     "input is \(input.width)x\(input.height)x\(input.channels), resizer expects \(inputWidth)x\(inputHeight)x\(channels)")
        if output.width != layout.canvasWidth || output.height != layout.canvasHeight || output.channels != channels {
            output = Self.unfilledCanvas(layout, channels: channels)
        }
        if scratch.count < scratchCount { scratch = [Float](repeating: 0, count: scratchCount) }
        if layout.canvasWidth != layout.contentWidth || layout.canvasHeight != layout.contentHeight {
            output.withUnsafeMutableBufferPointer { $0.update(repeating: padValue) }
        }
        let map = QuantizedWindow(scale: window.scale, offset: window.offset)
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                scratch.withUnsafeMutableBufferPointer { tmp in
                    let offset = layout.contentY * layout.canvasWidth + layout.contentX
                    ResizeKernel.resample(
                        UnsafeRawPointer(src.base), as: In.self, mappedBy: map, sourceRowStride: inputWidth,
                        into: UnsafeMutableRawPointer(dst.base + offset), as: UInt8.self,
                        destinationRowStride: layout.canvasWidth, channels: 1, horizontal: horizontal,
                        vertical: vertical, scratch: tmp.base)
                }
            }
        }
    }

    /// A canvas-sized buffer whose samples are not initialized: the resize writes every content sample
    /// and the padding is filled before it whenever there is any, so no sample is read unwritten.
    /// (A zero-filled buffer cost a memset of the whole canvas per image.)
    private static func unfilledCanvas<S: KernelSample>(_ layout: ResizeLayout, channels: Int) -> PixelBuffer<S> {
        let count = layout.canvasWidth * layout.canvasHeight * channels
        let samples = [S](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        return PixelBuffer(width: layout.canvasWidth, height: layout.canvasHeight, channels: channels, samples: samples)
    }

    /// Returns the resized image.
    ///
    /// - Parameter padValue: Fill for letterbox padding.
    public func resized<S: KernelSample>(_ input: PixelBuffer<S>, padValue: S = .zero) -> PixelBuffer<S> {
        var output = PixelBuffer(
            width: layout.canvasWidth, height: layout.canvasHeight, channels: channels,
            repeating: padValue)
        var scratch: [Float] = []
        resize(input, into: &output, scratch: &scratch, padValue: padValue)
        return output
    }

    /// Dispatches once on the sample type so that every kernel below is specialized.
    private func run<S: KernelSample>(
        _ src: UnsafeRawPointer, _: S.Type, into dst: UnsafeMutableRawPointer,
        rowStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        if S.self == UInt8.self {
            runTyped(src, UInt8.self, into: dst, rowStride: rowStride, scratch: scratch)
        } else if S.self == UInt16.self {
            runTyped(src, UInt16.self, into: dst, rowStride: rowStride, scratch: scratch)
        } else if S.self == Float.self {
            runTyped(src, Float.self, into: dst, rowStride: rowStride, scratch: scratch)
        } else {
            preconditionFailure("unsupported sample type \(S.self)")
        }
    }

    private func runTyped<T: KernelSample>(
        _ src: UnsafeRawPointer, _: T.Type, into dst: UnsafeMutableRawPointer,
        rowStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        let rowScratch = ResizeKernel.scratchCount(inputWidth: horizontal.inputSize, channels: channels)
        if reduceX * reduceY > 1 {
            let reduced = scratch + rowScratch
            let line = reduced + horizontal.inputSize * vertical.inputSize * channels
            AreaReduceKernel.reduce(
                src, as: T.self, width: inputWidth, height: inputHeight, channels: channels,
                rowStride: inputWidth * channels, factorX: reduceX, factorY: reduceY,
                into: reduced, row: line)
            ResizeKernel.resample(
                UnsafeRawPointer(reduced), as: Float.self,
                sourceRowStride: horizontal.inputSize * channels,
                into: dst, as: T.self, destinationRowStride: rowStride, channels: channels,
                horizontal: horizontal, vertical: vertical, scratch: scratch)
        } else {
            ResizeKernel.resample(
                src, as: T.self, sourceRowStride: inputWidth * channels,
                into: dst, as: T.self, destinationRowStride: rowStride, channels: channels,
                horizontal: horizontal, vertical: vertical, scratch: scratch)
        }
    }
}

extension PixelBuffer where Sample: KernelSample {
    /// This image resized by `geometry` with `filter` (antialiased when reducing, as Pillow).
    ///
    /// Builds a ``Resizer`` per call; keep one and use ``Resizer/resize(_:into:scratch:padValue:)``
    /// in loops over images of one size.
    ///
    /// - Parameters:
    ///   - geometry: Output size rule.
    ///   - filter: Reconstruction filter.
    ///   - reducingGap: Optional integer pre-shrink (see ``Resizer/init(inputWidth:inputHeight:channels:geometry:filter:reducingGap:)``).
    ///   - padValue: Letterbox fill.
    /// - Complexity: O(input pixels * taps).
    public func resized(
        _ geometry: ResizeGeometry, filter: ResampleFilter, reducingGap: Double? = nil,
        padValue: Sample = .zero
    ) -> PixelBuffer<Sample> {
        Resizer(
            inputWidth: width, inputHeight: height, channels: channels, geometry: geometry, filter: filter,
            reducingGap: reducingGap
        ).resized(self, padValue: padValue)
    }
}
