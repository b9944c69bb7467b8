// swift-tools-version: 6.1
import PackageDescription

/// DCMTK libraries linked by name: Debian's dcmtk.pc requires `sndfile` and is unusable.
/// Not `dcmimage`: CDCMTK uses none of its symbols, and it loaded libtiff with libwebp, libzstd, libLerc and libjbig
/// into every run (about 1.3 ms CPU of process start; Benchmarks/compare/RESULTS.md, speed6).
let dcmtkLibraries = [
    "dcmjpls", "dcmtkcharls", "dcmjpeg", "ijg8", "ijg12", "ijg16", "dcmimgle", "dcmdata", "oflog", "ofstd", "z",
]

let package = Package(
    name: "medprep",
    products: [
        .executable(name: "medprep", targets: ["medprep"]),
        .library(name: "MedCore", targets: ["MedCore"]),
        .library(name: "MedImage", targets: ["MedImage"]),
        .library(name: "MedKernels", targets: ["MedKernels"]),
        .library(name: "MedShards", targets: ["MedShards"]),
        .library(name: "MedLabels", targets: ["MedLabels"]),
        .library(name: "MedGestures", targets: ["MedGestures"]),
        .library(name: "MedQuality", targets: ["MedQuality"]),
        .library(name: "MedPipeline", targets: ["MedPipeline"]),
        .library(name: "MedSynthetic", targets: ["MedSynthetic"]),
        // The scalar reference kernels, a product only so that Benchmarks/ can time them; not an API.
        .library(name: "MedImageTestSupport", targets: ["MedImageTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // MARK: - C libraries
        // CPNG decodes with libpng and encodes with libdeflate (PNGWriter.c says why).
        .target(name: "CPNG", dependencies: ["CKernels"], linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z"), .linkedLibrary("deflate")]),
        .target(name: "CJPEG", dependencies: ["CKernels"], linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "CDCMTK", linkerSettings: dcmtkLibraries.map { .linkedLibrary($0) }),
        // CKernels: AVX2/AVX-512 builds of MedKernels' hottest loop, chosen at run time (CKernels.h says why), and RGB-to-luma.
        .target(name: "CKernels"),
        // COpenJPEG: JPEG 2000 and HTJ2K frames through OpenJPEG 2.5 (COpenJPEG.h).
        .target(name: "COpenJPEG", linkerSettings: [.linkedLibrary("openjp2")]),
        // CLosslessJPEG: our lossless JPEG (process 14) decoder, over 2x DCMTK's (its README says how).
        .target(name: "CLosslessJPEG", exclude: ["README.md"]),
        // CZlib: gzip label tables (.csv.gz) for MedLabels.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),

        // CBLAKE3: the official BLAKE3 C code with its SIMD assembly, dispatched at run time (README.md says how).
        .target(
            name: "CBLAKE3",
            exclude: [
                "README.md", "LICENSE", "vendor/blake3_neon.c", "vendor/blake3_sse2_x86-64_unix.S",
                "vendor/blake3_sse41_x86-64_unix.S", "vendor/blake3_avx2_x86-64_unix.S",
                "vendor/blake3_avx512_x86-64_unix.S",
            ]
        ),

        // MARK: - Libraries
        // MedCore: what every module shares (whole-file reader, seeded generator, stable hashes, hex, JSON value); no dependencies.
        .target(name: "MedCore"),
        .target(
            name: "MedImage", dependencies: ["MedCore", "CPNG", "CJPEG", "CDCMTK", "COpenJPEG", "CLosslessJPEG", "CKernels"],
            exclude: ["DICOM/README.md"]),
        .target(name: "MedKernels", dependencies: ["MedCore", "MedImage", "CKernels"], exclude: ["README.md"]),
        .target(
            name: "MedShards",
            dependencies: ["MedCore", "MedImage", "CBLAKE3", "MedQuality", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"]
        ),
        .target(name: "MedLabels", dependencies: ["MedCore", "CZlib"], exclude: ["README.md"]),
        .target(name: "MedGestures", dependencies: ["MedCore"], exclude: ["README.md"]),
        // MedQuality: per-sample quality measures, the perceptual hash and the near-duplicate index.
        .target(name: "MedQuality", dependencies: ["MedImage"]),
        // MedPipeline: convert's request -> plan -> per-image transform -> sample encoding -> shard writing.
        .target(
            name: "MedPipeline", dependencies: ["MedCore", "MedImage", "MedKernels", "MedShards", "MedLabels", "MedQuality"],
            exclude: ["README.md"]),
        // MedSynthetic: generated data for bench, Benchmarks/ and tests (radiograph corpora, gesture hands).
        .target(name: "MedSynthetic", dependencies: ["MedCore", "MedGestures", "MedImage"]),

        // MARK: - Tool
        .executableTarget(
            name: "medprep",
            dependencies: [
                "MedCore", "MedImage", "MedKernels", "MedShards", "MedLabels", "MedGestures", "MedQuality", "MedPipeline", "MedSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        // MedTestSupport: fixtures, temporary folders and the medprep runner, for every test target (no dependencies).
        .target(name: "MedTestSupport"),
        // MedImageTestSupport: the scalar reference kernels (over MedImage's types), for MedKernelsTests and Benchmarks/.
        .target(name: "MedImageTestSupport", dependencies: ["MedImage"]),
        .testTarget(name: "MedCoreTests", dependencies: ["MedCore", "MedTestSupport"]),
        .testTarget(name: "MedImageTests", dependencies: ["MedCore", "MedImage", "CPNG", "CLosslessJPEG", "MedTestSupport"]),
        .testTarget(name: "MedKernelsTests", dependencies: ["MedCore", "MedKernels", "MedTestSupport", "MedImageTestSupport"]),
        .testTarget(name: "MedShardsTests", dependencies: ["MedShards", "MedTestSupport"]),
        .testTarget(
            name: "MedLabelsTests",
            // CSV.swift is the independent RFC 4180 reference the tests compare our reader with.
            dependencies: ["MedCore", "MedLabels", "MedTestSupport", .product(name: "CSV", package: "CSV.swift")]
        ),
        .testTarget(name: "MedGesturesTests", dependencies: ["MedCore", "MedGestures", "MedSynthetic", "MedTestSupport"]),
        .testTarget(name: "MedQualityTests", dependencies: ["MedCore", "MedQuality", "MedTestSupport"]),
        .testTarget(name: "MedPipelineTests", dependencies: ["MedCore", "MedPipeline", "MedTestSupport", "MedImageTestSupport"]),
        .testTarget(name: "medprepTests", dependencies: ["medprep", "MedTestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)
