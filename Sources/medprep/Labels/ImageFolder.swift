import ArgumentParser
import Foundation
import MedLabels

/// Lists the image files under a folder for `labels check`.
///
/// `convert` has its own archive walker; this one only needs names: regular files with one of the
/// given extensions (case-insensitive), hidden files and folders skipped, sorted by relative path so
/// that reports come out in the same order on every machine.
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
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else {
            throw ValidationError("cannot list '\(root)'")
        }
        var images: [ImageFile] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            let ext = (name as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else { continue }
            images.append(ImageFile(relativePath: relative, absolutePath: base + "/" + relative))
        }
        return images.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
    }
}
