/// One sample as it goes into a shard: a key and its members, in the order they are written.
public struct ShardSample: Sendable, Equatable {
    /// One tar member `KEY.EXTENSION`.
    public struct Member: Sendable, Equatable {
        /// The extension without a dot: `png`, `npy`, `json`, `cls`.
        public var fileExtension: String
        /// The member's bytes.
        public var contents: [UInt8]

        /// Creates a member.
        public init(fileExtension: String, contents: [UInt8]) {
            self.fileExtension = fileExtension
            self.contents = contents
        }
    }

    /// The sample key (see ``SampleKey``).
    public var key: String
    /// The members; written in this order.
    public var members: [Member]
    /// What the manifest records of the sample for `medprep report` (``Manifest/Sample/profile``).
    public var profile: SampleProfile?

    /// Creates a sample.
    public init(key: String, members: [Member], profile: SampleProfile? = nil) {
        self.key = key
        self.members = members
        self.profile = profile
    }

    /// Bytes the sample takes in a tar shard, headers and padding included.
    public var encodedSize: Int {
        members.reduce(0) { $0 + TarWriter.encodedSize(name: key + "." + $1.fileExtension, size: $1.contents.count) }
    }
}
