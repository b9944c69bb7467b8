import MedCore
/// A failure to read, decode or interpret one input file.
///
/// Every error names the file, where in it the problem is when that is known, and a sentence for a
/// person that quotes the offending value: `scan/0001.dcm at (0028,0101): BitsStored 13 exceeds BitsAllocated 8`.
public struct ImageError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure. New kinds can be added without breaking clients.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unreadable, empty, truncated, malformed, unsupported, inconsistent, notAnImage, unknownFormat,
                 frameOutOfRange, tooLarge
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The file could not be opened or read.
        public static let unreadable = Code(.unreadable)
        /// The file has zero bytes.
        public static let empty = Code(.empty)
        /// The data ends before the structure it announces.
        public static let truncated = Code(.truncated)
        /// The bytes do not follow the format (corrupt stream, bad marker, bad chunk).
        public static let malformed = Code(.malformed)
        /// Valid, but a variant this build cannot decode (a transfer syntax, a bit depth).
        public static let unsupported = Code(.unsupported)
        /// Attributes contradict each other (Bits Stored > Bits Allocated, Pixel Data too short).
        public static let inconsistent = Code(.inconsistent)
        /// A valid DICOM object without Pixel Data (a structured report, a presentation state).
        public static let notAnImage = Code(.notAnImage)
        /// The bytes are none of DICOM, PNG or JPEG.
        public static let unknownFormat = Code(.unknownFormat)
        /// The requested frame does not exist.
        public static let frameOutOfRange = Code(.frameOutOfRange)
        /// The image would need more memory than the decoder allows.
        public static let tooLarge = Code(.tooLarge)

        /// A stable, machine-readable name such as `truncated`, used in `errors.jsonl` and `--json`.
        public var name: String { kind.rawValue }
        public var description: String { kind.rawValue }
    }

    /// Where in the file the problem is.
    public enum Location: Hashable, Sendable, CustomStringConvertible {
        /// A byte offset from the start of the file.
        case byteOffset(Int)
        /// A zero-based frame number of a multi-frame image.
        case frame(Int)
        /// A DICOM data element, written `(gggg,eeee)`.
        case element(group: UInt16, element: UInt16)
        /// A zero-based pixel row.
        case row(Int)

        public var description: String {
            switch self {
            case .byteOffset(let offset): "offset \(offset)"
            case .frame(let frame): "frame \(frame)"
            case .element(let group, let element): "(\(Hex.uppercase(group, width: 4)),\(Hex.uppercase(element, width: 4)))"
            case .row(let row): "row \(row)"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The path of the input file as given by the caller.
    public var path: String
    /// Where in the file, when known.
    public var location: Location?
    /// A sentence for a person, quoting the offending value.
    public var reason: String

    /// Creates an error; see the properties for the meaning of each argument.
    public init(_ code: Code, path: String, location: Location? = nil, reason: String) {
        self.code = code
        self.path = path
        self.location = location
        self.reason = reason
    }

    /// `path at location: reason`, or `path: reason` without a location.
    public var description: String {
        if let location { return "\(path) at \(location): \(reason)" }
        return "\(path): \(reason)"
    }
}

