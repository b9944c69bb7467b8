#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of command-line arguments as the shell passed them.
///
/// `CommandLine.arguments` decodes `argv` as UTF-8 and replaces invalid bytes with U+FFFD, so a path
/// such as `caf\xe9` (Windows-1252) could never be opened under its decoded name. For an argument
/// holding U+FFFD this finds the `argv` element (or its part after `=`, for `--option=value`) that
/// decodes to it, taking the elements in order, and returns its bytes.
enum RawArguments {
    /// The bytes of each of `values`, in order.
    static func bytes(of values: [String]) -> [[UInt8]] {
        let argv = (0..<Int(CommandLine.argc)).map { index -> [UInt8] in
            guard let argument = CommandLine.unsafeArgv[index] else { return [] }
            return Array(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
        var used = Set<Int>()
        return values.map { value in
            guard value.unicodeScalars.contains("\u{FFFD}") else { return Array(value.utf8) }
            for (index, argument) in argv.enumerated().dropFirst() where !used.contains(index) {
                var candidates = [argument]
                if argument.starts(with: Array("--".utf8)), let equals = argument.firstIndex(of: UInt8(ascii: "=")) {
                    candidates.append(Array(argument[(equals + 1)...]))
                }
                if let match = candidates.first(where: { String(decoding: $0, as: UTF8.self) == value }) {
                    used.insert(index)
                    return match
                }
            }
            return Array(value.utf8)
        }
    }
}
