// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses, a separate package so that `swift build` and `swift test` at the root never
// build them. Fuzz/run.sh builds them with `-sanitize=fuzzer,address` passed on the command line
// (so the package's own modules are instrumented too) and runs them; see Fuzz/README.md.
let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(name: "medprep", path: "../")  // a path dependency's identity is the folder name
    ],
    targets: [
        // What every image harness does with a decoded image: statistics and the convert pipeline.
        .target(name: "FuzzDriver"),
        .target(
            name: "FuzzImage",
            dependencies: [
                "FuzzDriver",
                .product(name: "MedImage", package: "medprep"), .product(name: "MedKernels", package: "medprep"),
                .product(name: "MedPipeline", package: "medprep"),
            ]),
        .executableTarget(name: "FuzzDICOM", dependencies: ["FuzzImage"]),
        .executableTarget(name: "FuzzPNG", dependencies: ["FuzzImage"]),
        .executableTarget(name: "FuzzJPEG", dependencies: ["FuzzImage"]),
        .executableTarget(
            name: "FuzzLabelsCSV", dependencies: ["FuzzDriver", .product(name: "MedLabels", package: "medprep")]),
        .executableTarget(
            name: "FuzzLandmarks", dependencies: ["FuzzDriver", .product(name: "MedGestures", package: "medprep")]),
    ]
)
