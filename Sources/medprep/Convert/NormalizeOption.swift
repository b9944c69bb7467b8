import ArgumentParser

/// `--normalize`: how stored values become output values (with `--percentiles` and `--window`).
enum NormalizeOption: String, CaseIterable, Codable, ExpressibleByArgument {
    case window, minmax, percentile, none
}
