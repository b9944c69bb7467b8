import Foundation

/// A separable reconstruction filter: a support radius and a weight function, as in Pillow's `Resample.c`.
///
/// The weight function runs only while a ``ResamplePlan`` is built, never in a pixel loop. When
/// downscaling, the plan stretches the support by the scale factor (antialiasing, as Pillow does).
/// ``area`` is special: its weights are the exact overlap of each input pixel with the output
/// pixel's footprint (OpenCV `INTER_AREA`), so it is exact for integer factors and correct for
/// fractional ones. Filters are encoded by ``name``.
public struct ResampleFilter: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The filter's name in manifests: `area`, `bilinear`, `bicubic` or `lanczos3`.
    public let name: String
    /// Radius of the kernel in input pixels at scale 1.
    public let support: Double
    /// The kernel; zero outside `-support...support`.
    let weight: @Sendable (Double) -> Double

    /// Box averaging by exact pixel overlap (OpenCV `INTER_AREA` for reductions).
    public static let area = ResampleFilter(name: "area", support: 0.5) { x in (x >= -0.5 && x < 0.5) ? 1 : 0 }
    /// Triangle filter; Pillow `BILINEAR`.
    public static let bilinear = ResampleFilter(name: "bilinear", support: 1) { x in
        let a = abs(x)
        return a < 1 ? 1 - a : 0
    }
    /// Keys cubic with `a = -0.5`; Pillow `BICUBIC`.
    public static let bicubic = ResampleFilter(name: "bicubic", support: 2) { x in
        let a = -0.5, t = abs(x)
        if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
        if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
        return 0
    }
    /// Lanczos windowed sinc with three lobes; Pillow `LANCZOS`.
    public static let lanczos3 = ResampleFilter(name: "lanczos3", support: 3) { x in
        if x <= -3 || x >= 3 { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    /// Every built-in filter.
    public static let allCases: [ResampleFilter] = [.area, .bilinear, .bicubic, .lanczos3]

    init(name: String, support: Double, weight: @escaping @Sendable (Double) -> Double) {
        self.name = name
        self.support = support
        self.weight = weight
    }

    /// Whether this is the exact-overlap area filter.
    var isArea: Bool { name == "area" }

    public var description: String { name }

    public static func == (a: ResampleFilter, b: ResampleFilter) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let filter = Self.allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown resample filter '\(name)'"))
        }
        self = filter
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

private func sinc(_ x: Double) -> Double {
    if x == 0 { return 1 }
    let px = Double.pi * x
    return sin(px) / px
}
