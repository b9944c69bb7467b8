import Foundation

/// The Pillow and OpenCV cases in `Tests/Fixtures/kernels/`, written by
/// `Tests/Fixtures/generate_kernel_fixtures.py`.
public struct KernelFixtureCase: Decodable, Sendable, CustomStringConvertible {
    /// `resize` or `affine`.
    public var kind: String
    /// `pillow` or `opencv`.
    public var library: String
    /// `area`, `bilinear`, `bicubic` or `lanczos3`.
    public var filter: String
    /// File name of the raw 8-bit input.
    public var input: String
    public var width: Int
    public var height: Int
    public var channels: Int
    public var outputWidth: Int
    public var outputHeight: Int
    /// File name of the raw 8-bit expected output.
    public var output: String
    /// Affine cases: the 2x3 matrix from output to input coordinates (pixel centers at integers).
    public var matrix: [Double]?
    public var rotation: Double?
    public var scale: Double?
    public var translationX: Double?
    public var translationY: Double?
    public var shear: Double?

    public var description: String { output }

    /// Loads every case of the fixture set.
    public static func all() throws -> [KernelFixtureCase] {
        struct File: Decodable { var cases: [KernelFixtureCase] }
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.fixture("kernels/cases.json")))
        return try JSONDecoder().decode(File.self, from: data).cases
    }

    /// The input samples.
    public func inputSamples() throws -> [UInt8] { try Fixtures.fixtureBytes("kernels/" + input) }
    /// The expected output samples.
    public func outputSamples() throws -> [UInt8] { try Fixtures.fixtureBytes("kernels/" + output) }
}
