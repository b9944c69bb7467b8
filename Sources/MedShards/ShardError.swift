#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure to write, read, resume, merge or verify a shard folder.
///
/// Every error names the file it concerns and, where it applies, the shard and the tar member:
/// `out/train-000003.tar member 000123.png: sha256 differs from the manifest`.
public struct ShardError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure.
    ///
    /// New kinds can be added without breaking clients.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case io, outputNotEmpty, invalidKey, duplicateKey, manifestMismatch, corruptShard, corruptManifest,
                missingShard, hashMismatch, countMismatch, undecodableMember, missingKey, incompatibleManifests,
                invalidArgument
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A system call failed (open, write, fsync, rename); the reason carries `strerror`.
        public static let io = Code(.io)
        /// The output folder holds files and neither resume nor overwrite was asked for.
        public static let outputNotEmpty = Code(.outputNotEmpty)
        /// A sample key is empty, contains a dot, a slash or a control character.
        public static let invalidKey = Code(.invalidKey)
        /// Two inputs map to the same sample key.
        public static let duplicateKey = Code(.duplicateKey)
        /// A resumed run's parameters or inputs differ from those in the folder's manifest.
        public static let manifestMismatch = Code(.manifestMismatch)
        /// A tar shard is not a valid ustar stream.
        public static let corruptShard = Code(.corruptShard)
        /// `manifest.json` cannot be read or decoded.
        public static let corruptManifest = Code(.corruptManifest)
        /// A shard listed in the manifest is missing.
        public static let missingShard = Code(.missingShard)
        /// A shard's SHA-256 or size differs from the manifest.
        public static let hashMismatch = Code(.hashMismatch)
        /// A shard holds a different number of samples or different keys than the manifest says.
        public static let countMismatch = Code(.countMismatch)
        /// A member's payload (PNG, NPY, JSON) does not decode.
        public static let undecodableMember = Code(.undecodableMember)
        /// Patient ids would be written but no pseudonym key was given.
        public static let missingKey = Code(.missingKey)
        /// Manifests given to merge come from different pipelines or overlap.
        public static let incompatibleManifests = Code(.incompatibleManifests)
        /// A parameter is out of range (shard size 0, worker index beyond the count).
        public static let invalidArgument = Code(.invalidArgument)

        /// A stable, machine-readable name such as `hashMismatch`.
        public var name: String { kind.rawValue }
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The file or folder concerned.
    public var path: String
    /// The shard file name, when the problem is inside one.
    public var shard: String?
    /// The tar member name, when the problem is one member.
    public var member: String?
    /// A sentence for a person, quoting the offending value.
    public var reason: String

    /// Creates an error; see the properties for the meaning of each argument.
    public init(_ code: Code, path: String, shard: String? = nil, member: String? = nil, reason: String) {
        self.code = code
        self.path = path
        self.shard = shard
        self.member = member
        self.reason = reason
    }

    /// `path [shard S] [member M]: reason`.
    public var description: String {
        var text = path
        if let shard, !path.hasSuffix(shard) { text += " shard \(shard)" }
        if let member { text += " member \(member)" }
        return text + ": " + reason
    }
}

extension ShardError {
    /// An `io` error carrying the current `errno`'s text.
    static func system(_ call: String, path: String) -> ShardError {
        ShardError(.io, path: path, reason: "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
