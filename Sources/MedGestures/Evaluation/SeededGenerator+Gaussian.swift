import Foundation
import MedCore

extension SeededGenerator {
    /// A standard normal sample (Box-Muller), for simulations and generated hands.
    ///
    /// Built on the standard library's `Double.random(in:using:)` and libm's `log` and `cos`, so
    /// it promises the same values only with the same Swift release and C library; nothing that
    /// feeds shard bytes uses it (MedKernels draws with ``SeededGenerator/normal()``).
    ///
    /// - Returns: A value from N(0, 1).
    public mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
