#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MedCore
import MedImage

/// Why an entry met while listing inputs was not taken as an input: the `code` of its ``ErrorRecord``.
///
/// Every entry that is neither a listed file nor hidden gets one record, so a skipped entry is always
/// counted and reported (in `errors.jsonl` and convert's summary), never dropped silently.
public enum ListingIssue {
    /// A folder, root or list file that could not be read (`EACCES`, `ENOENT`, too many open files).
    public static let unreadable = "unreadable"
    /// A FIFO (named pipe): reading it would wait for a writer.
    public static let fifo = "fifo"
    /// A Unix-domain socket.
    public static let socket = "socket"
    /// A character or block device.
    public static let device = "device"
    /// A symbolic link whose target does not exist.
    public static let danglingLink = "danglingLink"
    /// A symbolic link that loops, or leads to a folder that contains it (a cycle).
    public static let linkLoop = "linkLoop"
    /// A symbolic link leading outside its input root, with ``LinkPolicy/withinRoot``.
    public static let linkOutsideRoot = "linkOutsideRoot"
    /// A file or folder already listed under another path (through symbolic links, or given twice).
    public static let duplicate = "duplicate"

    /// All codes, for summaries.
    public static let all = [unreadable, fifo, socket, device, danglingLink, linkLoop, linkOutsideRoot, duplicate]

    /// The code and reason for an entry of `mode` that is not a regular file or folder, or `nil` for those.
    ///
    /// - Parameter throughLink: whether the entry is a symbolic link to it.
    static func special(mode: mode_t, throughLink: Bool) -> (code: String, reason: String)? {
        let code: String
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: code = fifo
        case S_IFSOCK: code = socket
        case S_IFCHR, S_IFBLK: code = device
        default: code = unreadable
        }
        let kind = WholeFile.kindDescription(mode: mode)
        return (code, (throughLink ? "a symbolic link to " : "") + kind + ", not a regular file; not read")
    }

    /// The code and reason for a symbolic link that `stat` could not follow (`errno`).
    static func brokenLink(errno code: Int32) -> (code: String, reason: String) {
        switch code {
        case ENOENT, ENOTDIR: (danglingLink, "a symbolic link whose target does not exist")
        case ELOOP: (linkLoop, "a symbolic link that loops (too many levels of symbolic links)")
        default: (unreadable, "a symbolic link that cannot be followed: " + String(cString: strerror(code)))
        }
    }
}

/// Which symbolic links the walk follows.
public enum LinkPolicy: String, Sendable, CaseIterable, Codable {
    /// Links to files and folders are followed wherever they lead; a cycle is reported, not followed.
    case follow
    /// Only links whose target lies inside the input root are followed; the others are reported
    /// (``ListingIssue/linkOutsideRoot``).
    case withinRoot = "within-root"
}
