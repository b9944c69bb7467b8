import Foundation
import MedGestures

// Tremor benchmark: gesture accuracy and flicker under simulated tremor, with and without the
// 1€ tremor preset, plus jitter reduction and the notch comparison at equal lag.
//
// Poses come from samples/gestures/poses_labelled.csv (every class, both hands, rotations of
// -20, 0 and 20 degrees). Run from the repository root:
//   cd Benchmarks && swift run -c release TremorBenchmark [path/to/poses_labelled.csv]

let arguments = CommandLine.arguments.dropFirst()
let path =
    arguments.first
    ?? {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/gestures/poses_labelled.csv").path
    }()
let imageSize = ImageSize(width: 640, height: 480)

let sequence: LandmarkSequence
do {
    sequence = try LandmarkFile.read(path, options: LandmarkReadOptions(imageSize: imageSize))
} catch {
    print("cannot read \(path): \(error)")
    exit(1)
}
let poses = LabelledPoses.poses(in: sequence)
let matrix = LabelledPoses.evaluate(
    poses, classifier: RuleClassifier(), normalization: HandNormalization(for: sequence))
print("# Tremor benchmark\n")
print("poses: \(poses.count) from \(path)\n")
print("## Rule classifier, static poses\n")
print(matrix.table)

let start = Date()
for jitter in [0.004, 0.015] {
    var evaluation = TremorEvaluation()
    evaluation.jitter = jitter
    let rows = evaluation.run(poses.map { (hand: $0.hand, truth: $0.gesture) }, imageSize: imageSize)
    print("## Simulated tremor, tracker jitter sd \(jitter) (3 s clips at 30 fps, 1€ tremor preset)\n")
    print(TremorEvaluation.table(rows))
}

print("## 1€ tremor preset against a notch at the estimated tremor frequency, equal steady lag\n")
print("  f Hz     A  | f0 est | jitter raw | 1€ preset (lag ms) | notch (lag ms) | 1€ at notch lag")
let pose = poses.first { $0.gesture == .openPalm } ?? poses[0]
for frequency in [4.0, 6, 8, 12] {
    for amplitude in [0.01, 0.05, 0.1] {
        let still = TremorSimulation.still(pose.hand, duration: 4, fps: 30, imageSize: imageSize)
        let trembling = TremorSimulation(frequency: frequency, amplitude: amplitude, jitter: 0.004, seed: 9).applied(
            to: still)
        let c = SmoothingComparison(trembling, smoother: LandmarkSmoother())
        print(
            String(
                format: "%5.1f  %5.3f | %6.2f | %.4f     | %.4f (%3.0f)      | %.4f (%3.0f)   | %.4f",
                frequency, amplitude, c.tremorFrequency ?? .nan, c.jitterBefore, c.jitterOneEuro, c.lagOneEuro * 1000,
                c.jitterNotch ?? .nan, (c.lagNotch ?? .nan) * 1000, c.jitterOneEuroAtNotchLag ?? .nan))
    }
}
print(String(format: "\nelapsed %.1f s", Date().timeIntervalSince(start)))
