import Testing

@testable import MedKernels
import MedCore

/// CKernels' AVX-512 gathered horizontal pass against the Swift loop it replaces, byte for byte.
///
/// The Swift pass is the reference (the resize tests check it against Pillow, OpenCV and the Double
/// formulas, and it runs on CPUs without AVX-512).
@Suite("AVX-512 horizontal pass", .enabled(if: HorizontalPassAVX512.available, "this CPU has no AVX-512 F and VL"))
struct HorizontalPassAVX512Tests {
    struct Case: CustomTestStringConvertible {
        var seed: UInt64
        var testDescription: String { "seed \(seed)" }
    }

    static let cases = (1...400).map { Case(seed: UInt64($0)) }

    /// Row values: in range, out of range both ways, and the odd ones (-0, NaN, infinities, huge).
    static func value(_ g: inout SeededGenerator) -> Float {
        switch UInt64.random(in: 0...19, using: &g) {
        case 0: return -0.0
        case 1: return .nan
        case 2: return .infinity
        case 3: return -.infinity
        case 4: return Float.random(in: -1e30...1e30, using: &g)
        case 5...7: return Float.random(in: -300...600, using: &g)
        default: return Float(UInt8.random(in: 0...255, using: &g)) + Float.random(in: -0.5...0.5, using: &g)
        }
    }

    @Test("one row: the bytes of the Swift pass, for plans whose eight outputs span up to and past sixteen inputs",
          arguments: cases)
    func sameBytes(test: Case) throws {
        var g = SeededGenerator(stream: test.seed)
        let filter = ResampleFilter.allCases[Int(test.seed) % ResampleFilter.allCases.count]
        let inputSize = Int.random(in: 1...700, using: &g)
        // Output/input from 0.15 (wide spans, the fallback) to 1 for area, up to 2 for the others.
        let ratio = Double.random(in: 0.15...(filter.isArea ? 1 : 2), using: &g)
        let outputSize = max(1, min(filter.isArea ? inputSize : 2 * inputSize, Int(Double(inputSize) * ratio)))
        let plan = ResamplePlan(inputSize: inputSize, outputSize: outputSize, filter: filter)
        guard plan.taps <= ResamplePlan.gatheredTapLimit else { return }
        // The scratch row as the resize kernel lays it out: the input, then eight more floats.
        var row = (0..<(inputSize + 8)).map { _ in Self.value(&g) }
        if test.seed % 4 == 0 { row = row.map { $0.isFinite ? $0 : 17 } }
        var swift = [UInt8](repeating: 0xA5, count: outputSize + 3)
        var avx512 = swift
        row.withUnsafeMutableBytes { r in
            plan.starts.withUnsafeBufferPointer { starts in
                plan.gatheredWeights.withUnsafeBufferPointer { groups in
                    plan.weights.withUnsafeBufferPointer { weights in
                        swift.withUnsafeMutableBytes { out in
                            ResizeKernel.horizontalPassGathered(
                                r.baseAddress!, starts: starts.baseAddress!, groupWeights: groups.baseAddress ?? weights.baseAddress!,
                                weights: weights.baseAddress!, taps: plan.taps, count: outputSize, into: out.baseAddress!,
                                UInt8.self)
                        }
                        avx512.withUnsafeMutableBytes { out in
                            HorizontalPassAVX512.run(
                                r.baseAddress!, rowCount: inputSize + 8, starts: starts.baseAddress!,
                                groupWeights: groups.baseAddress ?? weights.baseAddress!, weights: weights.baseAddress!,
                                taps: plan.taps, count: outputSize, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        let differing = (0..<swift.count).filter { swift[$0] != avx512[$0] }
        #expect(differing.isEmpty,
                "\(inputSize) -> \(outputSize) \(filter.name), \(plan.taps) taps: \(differing.count) outputs differ, first \(differing.first.map { "\($0): \(swift[$0]) vs \(avx512[$0])" } ?? "")")
        // Nothing past the outputs is written.
        #expect(avx512[outputSize...].allSatisfy { $0 == 0xA5 })
    }
}
