import MedImage

/// Exact geometric permutations: flips and quarter turns.
///
/// No sample value changes.
enum PermuteKernel {
    /// Mirrors each row (`horizontal`) or the row order (`vertical`) of `source` into `destination`.
    ///
    /// - Complexity: O(n); no allocation.
    static func flip<T: BitwiseCopyable>(
        _ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>,
        width: Int, height: Int, channels: Int, horizontal: Bool
    ) {
        let row = width &* channels
        for y in 0..<height {
            let s = source + y &* row
            if !horizontal {
                (destination + (height &- 1 &- y) &* row).update(from: s, count: row)
                continue
            }
            let d = destination + y &* row
            if channels == 1 {
                var x = 0
                while x < width { d[width &- 1 &- x] = s[x]; x &+= 1 }
            } else {
                for x in 0..<width {
                    let si = x &* channels, di = (width &- 1 &- x) &* channels
                    for c in 0..<channels { d[di &+ c] = s[si &+ c] }
                }
            }
        }
    }

    /// Rotates `source` (`width` x `height`) counterclockwise by `quarterTurns` (1, 2 or 3) times 90 degrees.
    ///
    /// Input pixel `(x, y)` goes to output index `offset + x * stepX + y * stepY` (in pixels). Quarter
    /// turns walk 32x32 tiles with the output-contiguous coordinate innermost, so both the
    /// strided reads and the writes stay in L1.
    /// - Complexity: O(n); no allocation.
    static func rotate<T: BitwiseCopyable>(
        _ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>,
        width w: Int, height h: Int, channels: Int, quarterTurns: Int
    ) {
        let (offset, stepX, stepY): (Int, Int, Int)
        switch quarterTurns {
        case 1: (offset, stepX, stepY) = ((w &- 1) &* h, -h, 1)
        case 2: (offset, stepX, stepY) = ((h &- 1) &* w &+ w &- 1, -1, -w)
        default: (offset, stepX, stepY) = (h &- 1, h, -1)
        }
        let tile = 32
        var ty = 0
        while ty < h {
            let yEnd = min(ty &+ tile, h)
            var tx = 0
            while tx < w {
                let xEnd = min(tx &+ tile, w)
                if quarterTurns == 2 {
                    for y in ty..<yEnd {
                        copyRun(
                            source, destination, channels, from: y &* w &+ tx, fromStep: 1,
                            to: offset &+ tx &* stepX &+ y &* stepY, toStep: stepX, count: xEnd &- tx)
                    }
                } else {
                    for x in tx..<xEnd {
                        copyRun(
                            source, destination, channels, from: ty &* w &+ x, fromStep: w,
                            to: offset &+ x &* stepX &+ ty &* stepY, toStep: stepY, count: yEnd &- ty)
                    }
                }
                tx &+= tile
            }
            ty &+= tile
        }
    }

    @inline(__always)
    private static func copyRun<T: BitwiseCopyable>(
        _ s: UnsafePointer<T>, _ d: UnsafeMutablePointer<T>, _ channels: Int,
        from: Int, fromStep: Int, to: Int, toStep: Int, count: Int
    ) {
        var i = from, o = to
        if channels == 1 {
            for _ in 0..<count { d[o] = s[i]; i &+= fromStep; o &+= toStep }
            return
        }
        for _ in 0..<count {
            for c in 0..<channels { d[o &* channels &+ c] = s[i &* channels &+ c] }
            i &+= fromStep
            o &+= toStep
        }
    }

    /// Runs `body` with the samples viewed as a concrete integer type of the same width, so the
    /// generic kernels above are specialized whatever `Sample` is.
    static func withConcrete<Sample>(
        _ input: PixelBuffer<Sample>, into output: inout PixelBuffer<Sample>,
        _ body: (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void
    ) {
        input.withUnsafeBufferPointer { s in
            output.withUnsafeMutableBufferPointer { d in
                body(UnsafeRawPointer(s.base), UnsafeMutableRawPointer(d.base), MemoryLayout<Sample>.stride)
            }
        }
    }
}

extension PixelBuffer {
    /// This image mirrored left to right.
    ///
    /// Exact; any sample type.
    ///
    /// - Complexity: O(pixels).
    public func flippedHorizontally() -> PixelBuffer {
        var out = self
        flip(horizontal: true, into: &out)
        return out
    }

    /// This image mirrored top to bottom.
    ///
    /// Exact; any sample type.
    ///
    /// - Complexity: O(pixels).
    public func flippedVertically() -> PixelBuffer {
        var out = self
        flip(horizontal: false, into: &out)
        return out
    }

    /// This image turned counterclockwise by `quarterTurns * 90` degrees (negative turns go clockwise).
    ///
    /// Exact; an odd number of turns swaps width and height.
    /// - Complexity: O(pixels).
    public func rotated90(quarterTurns: Int) -> PixelBuffer {
        var out = self
        rotate90(quarterTurns: quarterTurns, into: &out)
        return out
    }

    /// Mirrors into a caller-owned buffer (replaced only when its size differs): no allocation in steady state.
    ///
    /// - Parameter horizontal: `true` mirrors left to right, `false` top to bottom.
    public func flip(horizontal: Bool, into output: inout PixelBuffer) {
        precondition([1, 2, 4, 8].contains(MemoryLayout<Sample>.stride), "samples of 1, 2, 4 or 8 bytes")
        if output.width != width || output.height != height || output.channels != channels { output = self }
        let (w, h, ch) = (width, height, channels)
        PermuteKernel.withConcrete(self, into: &output) { s, d, size in
            switch size {
            case 1:
                PermuteKernel.flip(
                    s.assumingMemoryBound(to: UInt8.self), into: d.assumingMemoryBound(to: UInt8.self),
                    width: w, height: h, channels: ch, horizontal: horizontal)
            case 2:
                PermuteKernel.flip(
                    s.assumingMemoryBound(to: UInt16.self), into: d.assumingMemoryBound(to: UInt16.self),
                    width: w, height: h, channels: ch, horizontal: horizontal)
            case 4:
                PermuteKernel.flip(
                    s.assumingMemoryBound(to: UInt32.self), into: d.assumingMemoryBound(to: UInt32.self),
                    width: w, height: h, channels: ch, horizontal: horizontal)
            default:
                PermuteKernel.flip(
                    s.assumingMemoryBound(to: UInt64.self), into: d.assumingMemoryBound(to: UInt64.self),
                    width: w, height: h, channels: ch, horizontal: horizontal)
            }
        }
    }

    /// Turns into a caller-owned buffer (replaced only when its size differs): no allocation in steady state.
    public func rotate90(quarterTurns: Int, into output: inout PixelBuffer) {
        precondition([1, 2, 4, 8].contains(MemoryLayout<Sample>.stride), "samples of 1, 2, 4 or 8 bytes")
        let turns = ((quarterTurns % 4) + 4) % 4
        let (ow, oh) = turns % 2 == 1 ? (height, width) : (width, height)
        if output.width != ow || output.height != oh || output.channels != channels {
            output = PixelBuffer(width: ow, height: oh, channels: channels, samples: samples)
        }
        if turns == 0 {
            output.samples = samples
            return
        }
        let (w, h, ch) = (width, height, channels)
        PermuteKernel.withConcrete(self, into: &output) { s, d, size in
            switch size {
            case 1:
                PermuteKernel.rotate(
                    s.assumingMemoryBound(to: UInt8.self), into: d.assumingMemoryBound(to: UInt8.self),
                    width: w, height: h, channels: ch, quarterTurns: turns)
            case 2:
                PermuteKernel.rotate(
                    s.assumingMemoryBound(to: UInt16.self), into: d.assumingMemoryBound(to: UInt16.self),
                    width: w, height: h, channels: ch, quarterTurns: turns)
            case 4:
                PermuteKernel.rotate(
                    s.assumingMemoryBound(to: UInt32.self), into: d.assumingMemoryBound(to: UInt32.self),
                    width: w, height: h, channels: ch, quarterTurns: turns)
            default:
                PermuteKernel.rotate(
                    s.assumingMemoryBound(to: UInt64.self), into: d.assumingMemoryBound(to: UInt64.self),
                    width: w, height: h, channels: ch, quarterTurns: turns)
            }
        }
    }
}
