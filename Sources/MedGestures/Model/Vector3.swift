import Foundation

/// A 3-vector of `Double` for hand geometry.
public struct Vector3: Hashable, Sendable, Codable {
    /// Components.
    public var x, y, z: Double

    /// Creates a vector.
    ///
    /// - Parameters:
    ///   - x: First component.
    ///   - y: Second component.
    ///   - z: Third component.
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The zero vector.
    public static let zero = Vector3(0, 0, 0)

    /// Euclidean length.
    public var length: Double { (x * x + y * y + z * z).squareRoot() }

    /// This vector scaled to length 1; zero stays zero.
    public var normalized: Vector3 {
        let l = length
        return l > 0 ? self / l : .zero
    }

    /// Dot product.
    ///
    /// - Parameter other: The other vector.
    /// - Returns: The dot product.
    public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }

    /// Cross product.
    ///
    /// - Parameter other: The other vector.
    /// - Returns: `self × other`.
    public func cross(_ other: Vector3) -> Vector3 {
        Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
    }

    /// The angle to `other` in radians, 0...pi; 0 when either is zero.
    ///
    /// - Parameter other: The other vector.
    /// - Returns: The angle in radians.
    public func angle(to other: Vector3) -> Double {
        let denominator = length * other.length
        guard denominator > 0 else { return 0 }
        return acos(min(1, max(-1, dot(other) / denominator)))
    }

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
}
