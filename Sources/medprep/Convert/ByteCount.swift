import ArgumentParser
import Foundation

/// A byte count with an optional K, M, G suffix (powers of 1024): `--shard-bytes 1G`.
struct ByteCount: ExpressibleByArgument, Codable, Equatable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.uppercased().replacingOccurrences(of: "B", with: "").replacingOccurrences(of: "I", with: "")
        let multipliers: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = text.last, let multiplier = multipliers[last], let value = Double(text.dropLast()), value > 0 {
            bytes = Int(value * Double(multiplier))
        } else if let value = Int(text), value > 0 {
            bytes = value
        } else {
            return nil
        }
    }
}

extension ByteCount {
    /// The count as the flag takes it, in the largest unit that divides it (`512M`), for `--help`.
    var defaultValueDescription: String {
        for (suffix, shift) in [("T", 40), ("G", 30), ("M", 20), ("K", 10)] where bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(suffix)"
        }
        return "\(bytes)"
    }
}
