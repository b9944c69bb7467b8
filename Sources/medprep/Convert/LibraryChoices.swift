import ArgumentParser
import MedKernels
import MedPipeline
import MedShards

// The choices of `convert`, `bench` and friends come from the libraries' own `allCases`, so a new
// case (an output format, a fit, a filter) is an option value without an edit here.

extension OutputFormat: ExpressibleByArgument {}
extension ResizeFit: ExpressibleByArgument {}
extension ColorOutput: ExpressibleByArgument {}
extension SourceHash: ExpressibleByArgument {}

/// `--resize`: a built-in ``ResampleFilter`` by its option name.
extension ResampleFilter: ExpressibleByArgument {
    /// The filter's name without a trailing lobe count (`lanczos3` is `lanczos`), as `--resize` spells it.
    var optionName: String { String(name.reversed().drop { $0.isNumber }.reversed()) }

    public init?(argument: String) {
        guard let filter = Self.allCases.first(where: { $0.optionName == argument }) else { return nil }
        self = filter
    }

    public static var allValueStrings: [String] { allCases.map(\.optionName) }

    public var defaultValueDescription: String { optionName }
}

/// `--size N` or `--size WxH`.
extension OutputSize: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x").map { Int($0) }
        if parts.count == 1, let n = parts[0], n > 0 {
            self.init(width: n, height: n)
        } else if parts.count == 2, let w = parts[0], let h = parts[1], w > 0, h > 0 {
            self.init(width: w, height: h)
        } else {
            return nil
        }
    }

    public var defaultValueDescription: String { "\(width)x\(height)" }
}
