import MedCore

extension JSONValue {
    /// Reads a CSV field as the narrowest JSON value: empty → `null`, an integer → `int`,
    /// a finite real → `double`, anything else → `string`.
    ///
    /// - Parameter field: The CSV field.
    public init(csvField field: String) {
        if field.isEmpty {
            self = .null
        } else if let integer = Int(field) {
            self = .int(integer)
        } else if let real = Double(field), real.isFinite, field.first != "+" {
            self = .double(real)
        } else {
            self = .string(field)
        }
    }
}
