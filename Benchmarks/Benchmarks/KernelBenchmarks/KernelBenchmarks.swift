import Benchmark
import MedImage
import MedImageTestSupport
import MedKernels

/// One benchmark per kernel on realistic inputs, each beside its scalar `Double` reference.
///
/// The reference is ReferenceKernels (product MedImageTestSupport), the tests' reference, so that one run
/// gives the ratio of p50s. Throughput is in images (scaled iterations) per second: multiply by the input's
/// megapixels (5.12 for 2048x2500 and 2500x2048, 1.05 for 1024x1024) for Mpx/s.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal] + .arc
    let fast = Benchmark.Configuration(
        metrics: metrics, timeUnits: .microseconds, warmupIterations: 3, scalingFactor: .one,
        maxDuration: .seconds(3), maxIterations: 300)
    let slow = Benchmark.Configuration(
        metrics: metrics, timeUnits: .microseconds, warmupIterations: 1, scalingFactor: .one,
        maxDuration: .seconds(4), maxIterations: 8)
    BenchmarkInputs.dumpIfRequested()
    let radiograph = BenchmarkInputs.radiograph
    let wide8 = BenchmarkInputs.radiograph8Wide
    let square8 = BenchmarkInputs.square8
    let window = VOIWindow(center: 2048, width: 3000)

    // MARK: Normalization
    let table8 = NormalizationTable<UInt16, UInt8>(mapping: radiograph.intensityMapping(.window(window)))
    let win8 = OutputBox<UInt8>(0)
    Benchmark("window u16->u8 2048x2500 (table)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            table8.apply(radiograph, into: &win8.image)
            blackHole(win8.image)
        }
    }
    let radiographDouble = radiograph.samples.map(Double.init)
    Benchmark("window u16->u8 2048x2500 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                ReferenceKernels.windowImage(
                    radiographDouble, modality: .identity, window: window, ymax: 255,
                    invert: false))
        }
    }
    let table16 = NormalizationTable<UInt16, UInt16>(mapping: radiograph.intensityMapping(.window(window)))
    let win16 = OutputBox<UInt16>(0)
    Benchmark("window u16->u16 2048x2500 (table)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            table16.apply(radiograph, into: &win16.image)
            blackHole(win16.image)
        }
    }
    Benchmark("percentile 0.5-99.5 u16->u8 2048x2500 (histogram + table + apply)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(radiograph.normalized(.percentile(low: 0.5, high: 99.5), as: UInt8.self))
        }
    }
    let floats = BenchmarkInputs.square32
    let floatOut = OutputBox<UInt8>(0)
    let floatMapping = floats.intensityMapping(.window(VOIWindow(center: 0.5, width: 0.8, function: .linearExact)))
    Benchmark("window f32->u8 1024x1024 (SIMD linear map)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            floats.apply(floatMapping, into: &floatOut.image)
            blackHole(floatOut.image)
        }
    }
    let floatsDouble = floats.samples.map(Double.init)
    Benchmark("window f32->u8 1024x1024 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                ReferenceKernels.windowImage(
                    floatsDouble, modality: .identity,
                    window: VOIWindow(center: 0.5, width: 0.8, function: .linearExact),
                    ymax: 255, invert: false))
        }
    }

    // MARK: Resize
    for filter in ResampleFilter.allCases {
        for size in [512, 224] {
            let resizer = Resizer(
                inputWidth: 2048, inputHeight: 2500, geometry: .stretch(width: size, height: size),
                filter: filter)
            let box = OutputBox<UInt16>(0)
            Benchmark("resize \(filter) u16 2048x2500->\(size)", configuration: fast) { benchmark in
                for _ in benchmark.scaledIterations {
                    resizer.resize(radiograph, into: &box.image, scratch: &box.scratch)
                    blackHole(box.image)
                }
            }
        }
        Benchmark("resize \(filter) u16 2048x2500->512 (reference)", configuration: slow) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(
                    ReferenceKernels.resize(
                        radiographDouble, width: 2048, height: 2500, channels: 1,
                        outWidth: 512, outHeight: 512, filter: filter.name))
            }
        }
        let resizer8 = Resizer(
            inputWidth: 2500, inputHeight: 2048, geometry: .stretch(width: 512, height: 512),
            filter: filter)
        let box8 = OutputBox<UInt8>(0)
        Benchmark("resize \(filter) u8 2500x2048->512", configuration: fast) { benchmark in
            for _ in benchmark.scaledIterations {
                resizer8.resize(wide8, into: &box8.image, scratch: &box8.scratch)
                blackHole(box8.image)
            }
        }
    }
    let letterbox = Resizer(
        inputWidth: 2048, inputHeight: 2500, geometry: .longerSide(512, letterbox: true),
        filter: .lanczos3, reducingGap: 2)
    let boxL = OutputBox<UInt16>(0)
    Benchmark("resize lanczos3 gap 2 letterbox u16 2048x2500->512", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            letterbox.resize(radiograph, into: &boxL.image, scratch: &boxL.scratch)
            blackHole(boxL.image)
        }
    }

    // MARK: Augmentation (1024 x 1024 UInt8)
    let square8Double = square8.samples.map(Double.init)
    let flipBox = OutputBox<UInt8>(0)
    Benchmark("flip horizontal u8 1024x1024", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            square8.flip(horizontal: true, into: &flipBox.image)
            blackHole(flipBox.image)
        }
    }
    Benchmark("flip horizontal u8 1024x1024 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                ReferenceKernels.permuted(
                    square8Double, width: 1024, height: 1024, channels: 1,
                    transform: { x, y in (1023 - x, y) }, outWidth: 1024, outHeight: 1024))
        }
    }
    let rotBox = OutputBox<UInt8>(0)
    Benchmark("rotate 90 u8 1024x1024", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            square8.rotate90(quarterTurns: 1, into: &rotBox.image)
            blackHole(rotBox.image)
        }
    }
    Benchmark("rotate 90 u8 1024x1024 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                ReferenceKernels.permuted(
                    square8Double, width: 1024, height: 1024, channels: 1,
                    transform: { x, y in (1023 - y, x) }, outWidth: 1024, outHeight: 1024))
        }
    }
    let matrix = AffineParameters(rotation: 12, scale: 1.1, translationX: 20, translationY: -10, shear: 4)
        .inverseMatrix(width: 1024, height: 1024)
    let warpBox = OutputBox<UInt8>(0)
    Benchmark("affine bilinear reflect u8 1024x1024", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            square8.warp(by: matrix, border: .reflect, into: &warpBox.image)
            blackHole(warpBox.image)
        }
    }
    Benchmark("affine bilinear reflect u8 1024x1024 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                ReferenceKernels.affine(
                    square8Double, width: 1024, height: 1024, channels: 1, matrix: matrix,
                    border: "reflect"))
        }
    }
    let jitter = IntensityJitter(brightness: 0.05, contrast: 1.1, gamma: 0.9)
    Benchmark("brightness+contrast+gamma u8 1024x1024 (table)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(square8.jittered(jitter)) }
    }
    Benchmark("brightness+contrast+gamma u8 1024x1024 (reference)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                square8Double.map {
                    ReferenceKernels.quantize(
                        ReferenceKernels.jitter($0 / 255, brightness: 0.05, contrast: 1.1, gamma: 0.9) * 255,
                        top: 255)
                })
        }
    }
    Benchmark("gaussian noise u8 1024x1024", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(square8.withNoise(sigma: 0.02, stream: 7)) }
    }
}
