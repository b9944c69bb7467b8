import Foundation

/// Unique paths and folders under the system's temporary directory, and file trees in them, for
/// every test target (the one copy of what each test target used to write for itself).
///
/// Names are `<temporary directory>/medprep-tests-<pid>/medprep-<name>-<UUID>`, so parallel tests
/// never share a path (short enough for a Unix socket's 108 bytes under /tmp). A test removes what it made with ``remove(_:)`` (usually in a `defer`);
/// whatever is left, the process's whole folder, is removed when the test process exits normally,
/// so test runs do not pile files up in the temporary directory. Set `MEDPREP_KEEP_TEST_FILES=1` to
/// keep it for a look after a failure (the folder is printed then).
public enum TemporaryFolder {
    /// The folder every path of this test process lies in (created on first use).
    public static let processRoot: String = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("medprep-tests-\(getpid())").path
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the temporary folder \(root): \(error)")
        }
        if ProcessInfo.processInfo.environment["MEDPREP_KEEP_TEST_FILES"] == nil {
            atexit { try? FileManager.default.removeItem(atPath: TemporaryFolder.processRoot) }
        } else {
            print("test files are kept in \(root)")
        }
        return root
    }()

    /// A unique path in ``processRoot``; nothing is created there.
    ///
    /// - Parameter name: A word saying what the path is for; it becomes part of the file name.
    /// - Returns: An absolute path that does not exist yet.
    public static func path(_ name: String) -> String {
        processRoot + "/medprep-\(name)-\(UUID().uuidString)"
    }

    /// A new, empty folder under the temporary directory.
    ///
    /// A test cannot go on without its folder, so a failure to create one stops the test run with
    /// the path and the reason rather than letting later checks fail for an unrelated cause.
    ///
    /// - Parameter name: A word saying what the folder is for.
    /// - Returns: The folder's absolute path.
    public static func make(_ name: String = "test") -> String {
        let folder = path(name)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the temporary folder \(folder): \(error)")
        }
        return folder
    }

    /// Writes `files` (relative path to bytes) under `root`, creating the folders on the way.
    ///
    /// A file that cannot be written stops the test run with its path and the reason (see ``make(_:)``).
    public static func write(_ files: [String: [UInt8]], under root: String) {
        for (relative, bytes) in files {
            let file = URL(fileURLWithPath: root).appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: file)
            } catch {
                preconditionFailure("cannot write the test file \(file.path): \(error)")
            }
        }
    }

    /// Copies the files of `root` (hidden ones included) into a new temporary folder.
    ///
    /// - Returns: The new folder's path.
    public static func copy(_ root: String) -> String {
        let target = make("copy")
        write(files(in: root), under: target)
        return target
    }

    /// Every regular file under `root`, hidden ones included, with its bytes, by relative path.
    ///
    /// - Returns: An empty dictionary when `root` does not exist.
    public static func files(in root: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? [] {
            var isFolder: ObjCBool = false
            let path = root + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                let data = FileManager.default.contents(atPath: path)
            {
                result[name] = [UInt8](data)
            }
        }
        return result
    }

    /// Removes files and folders made by a test; paths that do not exist are passed over.
    public static func remove(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}
