import Foundation
import MedCore
import MedImage
import MedKernels

/// Inputs built once, outside every measured closure, and output buffers reused across
/// iterations so that steady-state allocations show as zero.
enum BenchmarkInputs {
    /// A 2048 x 2500 12-bit radiograph-like image: smooth anatomy-sized structure plus noise.
    static let radiograph: PixelBuffer<UInt16> = {
        var rng = SeededGenerator(stream: 2048)
        let (w, h) = (2048, 2500)
        var samples = [UInt16](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let fx = Double(x) / Double(w), fy = Double(y) / Double(h)
                let body = 1800 + 1400 * (1 - 4 * (fx - 0.5) * (fx - 0.5)) * (0.6 + 0.4 * fy)
                let ribs = 250 * ((Double(y) / 37).truncatingRemainder(dividingBy: 2) < 1 ? 1 : -1) * fx * (1 - fx)
                samples[y * w + x] = UInt16(min(max(body + ribs + rng.uniform(-60...60), 0), 4095))
            }
        }
        return PixelBuffer(width: w, height: h, samples: samples)
    }()

    /// The radiograph windowed to 8 bits and transposed to 2500 x 2048 (OpenCV's comparison size).
    static let radiograph8Wide: PixelBuffer<UInt8> =
        radiograph.windowed(by: VOIWindow(center: 2048, width: 4096), as: UInt8.self).rotated90(quarterTurns: 1)

    /// A 1024 x 1024 8-bit image.
    static let square8: PixelBuffer<UInt8> = {
        let source = radiograph8Wide
        return source.resized(.stretch(width: 1024, height: 1024), filter: .area)
    }()

    /// Writes the inputs as raw little-endian files to `$MEDPREP_KERNEL_INPUTS`, when set, so that
    /// `Benchmarks/compare_kernels.py` times OpenCV and Pillow on the very same pixels.
    static func dumpIfRequested() {
        guard let folder = ProcessInfo.processInfo.environment["MEDPREP_KERNEL_INPUTS"] else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write<S>(_ image: PixelBuffer<S>, _ name: String) {
            let data = image.samples.withUnsafeBytes { Data($0) }
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: data)
        }
        write(radiograph, "radiograph_u16_2048x2500.raw")
        write(radiograph8Wide, "radiograph_u8_2500x2048.raw")
        write(square8, "square_u8_1024x1024.raw")
    }

    /// `square8` as floats in 0...1.
    static let square32: PixelBuffer<Float> = PixelBuffer(
        width: 1024, height: 1024, samples: square8.samples.map { Float($0) / 255 })
}

/// Reusable output storage, captured by the benchmark closures.
final class OutputBox<S: BitwiseCopyable & Sendable>: @unchecked Sendable {
    var image: PixelBuffer<S>
    var scratch: [Float] = []
    init(_ seed: S) { image = PixelBuffer(width: 1, height: 1, repeating: seed) }
}
