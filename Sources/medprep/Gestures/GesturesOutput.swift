import Foundation

/// Output helpers of the gesture commands, namespaced so they cannot clash with other commands
/// in the `medprep` target.
enum GesturesOutput {
    /// Parses "4,6,8" into numbers; nil when any item is not a finite number.
    static func numberList(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0?.isFinite == true }) else { return nil }
        return values.compactMap { $0 }
    }
}
