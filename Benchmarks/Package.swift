// swift-tools-version: 6.1
import PackageDescription

// A separate package so that `swift test` at the root never builds the benchmarks.
let package = Package(
    name: "Benchmarks",
    dependencies: [
        .package(name: "medprep", path: "../"),  // a path dependency's identity is the folder name
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MedCore", package: "medprep"),
                .product(name: "MedKernels", package: "medprep"),
                .product(name: "MedImage", package: "medprep"),
                .product(name: "MedImageTestSupport", package: "medprep"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LabelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MedLabels", package: "medprep"),
            ],
            path: "Benchmarks/LabelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TremorBenchmark",
            dependencies: [.product(name: "MedGestures", package: "medprep")],
            path: "Benchmarks/TremorBenchmark"
        ),
        .executableTarget(
            name: "GestureSampleGenerator",
            dependencies: [
                .product(name: "MedCore", package: "medprep"), .product(name: "MedGestures", package: "medprep"),
                .product(name: "MedSynthetic", package: "medprep"),
            ],
            path: "Benchmarks/GestureSampleGenerator"
        ),
    ]
)
