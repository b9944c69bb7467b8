import ArgumentParser
import Foundation
import MedLabels
import MedShards

/// Lists the image files under a folder for `labels check`.
///
/// Walks with `InputCatalog`, the same walker `convert` uses (hidden files skipped, symbolic links
/// followed with cycles and duplicates reported, sorted by the bytes of relative paths), so the check
/// reports the join that `convert` will make; it then keeps only the given extensions, since the
/// check does not open files. Entries skipped while listing are printed on stderr as warnings.
enum ImageFolder {
    /// The images under `root`.
    ///
    /// - Parameters:
    ///   - root: The input root.
    ///   - extensions: Lower-case extensions without the dot.
    /// - Returns: The images, sorted by relative path.
    static func images(under root: String, extensions: Set<String>) throws -> [ImageFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--images '\(root)' is not a folder")
        }
        let listing = InputCatalog.list(roots: RawArguments.bytes(of: [root]))
        if let failure = listing.errors.first(where: { $0.path == root }) {
            throw ValidationError("cannot list '\(failure.path)': \(failure.reason)")
        }
        // Entries skipped while listing (FIFOs, dangling links, cycles...) are reported, never dropped silently.
        for record in listing.errors {
            printDiagnostic("warning: \(record.path): \(record.reason) (\(record.code))")
        }
        return listing.files
            .filter { extensions.contains(fileExtension($0.relativePath)) }
            .map { ImageFile(relativePath: $0.relativePath, absolutePath: $0.path) }
    }

    /// The lower-cased extension of a path's last component, without the dot ("" for none); by bytes,
    /// since bridging every one of 112,120 paths through NSString cost a fifth of the listing.
    static func fileExtension(_ path: String) -> String {
        let utf8 = path.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        if let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash > dot { return "" }
        if dot == utf8.startIndex || utf8[utf8.index(before: dot)] == UInt8(ascii: "/") { return "" }
        return String(decoding: utf8[utf8.index(after: dot)...], as: UTF8.self).lowercased()
    }
}
