/// A DICOM lookup table: Modality LUT, VOI LUT or one channel of a palette (PS3.3 C.11.1.1).
///
/// Input values below ``firstMappedValue`` map to the first entry, values past the last mapped
/// one to the last entry, as LUT Descriptor (0028,3002) specifies.
public struct LookupTable: Sendable, Codable, Equatable {
    /// The input value mapped to `entries[0]`; signed when the pixel data are signed.
    public var firstMappedValue: Int
    /// Bits per entry, from the LUT Descriptor's third value (8 to 16).
    public var bitsPerEntry: Int
    /// The table.
    public var entries: [UInt16]
    /// LUT Explanation (0028,3003), when present.
    public var explanation: String?

    /// Creates a table.
    ///
    /// - Precondition: `entries` is not empty and `bitsPerEntry` is in 1...16.
    public init(firstMappedValue: Int, bitsPerEntry: Int, entries: [UInt16], explanation: String? = nil) {
        precondition(!entries.isEmpty, "a lookup table needs at least one entry")
        precondition((1...16).contains(bitsPerEntry), "LUT bits per entry \(bitsPerEntry) is outside 1...16")
        self.firstMappedValue = firstMappedValue
        self.bitsPerEntry = bitsPerEntry
        self.entries = entries
        self.explanation = explanation
    }

    /// The largest value an entry can hold: `2^bitsPerEntry - 1`.
    public var maximumOutput: Int { (1 << bitsPerEntry) - 1 }

    /// The entry for input `x`, clamped at both ends of the table.
    public func callAsFunction(_ x: Int) -> UInt16 {
        let (index, overflow) = x.subtractingReportingOverflow(firstMappedValue)
        if overflow { return x < 0 ? entries[0] : entries[entries.count - 1] }
        if index <= 0 { return entries[0] }
        if index >= entries.count { return entries[entries.count - 1] }
        return entries[index]
    }

    /// The entry for a real input (a modality value): truncated toward minus infinity (PS3.3
    /// C.11.2.1.1 maps integers), clamped at both ends of the table; infinities take the end
    /// entries and NaN the first. Any value is safe, however large.
    public func callAsFunction(flooring x: Double) -> UInt16 {
        guard !x.isNaN else { return entries[0] }
        // ±2^40 lies beyond every table (at most 65536 entries from a 16-bit first value).
        return self(Int(Swift.min(Swift.max(x.rounded(.down), -0x1p40), 0x1p40)))
    }
}
