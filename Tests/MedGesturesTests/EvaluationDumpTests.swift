import Foundation
import MedCore
import MedGestures
import MedSynthetic
import Testing

/// Per-sample dumps of the evaluation set for diagnosis (not assertions): what the classifier saw and
/// said for every generated hand, next to the same hand with its depth, so that a failure without z
/// can be traced to the camera angle that caused it.
///
/// `DUMP_EVALUATION_CSV=/tmp/eval.csv swift test --filter EvaluationDumpTests` writes one row per
/// sample of ``EvaluationSetTests/run(_:classifier:)``, in the same order and with the same seeds.
@Suite("Evaluation set dumps")
struct EvaluationDumpTests {
    @Test(
        "Dump every evaluation sample with its prediction and its 3-D twin",
        .disabled(if: ProcessInfo.processInfo.environment["DUMP_EVALUATION_CSV"] == nil, "diagnosis only"))
    func dump() throws {
        var out =
            "setting,label,left,predicted,up,down,fist,verdict,distance,"
            + (0..<21).map { "x\($0),y\($0),z\($0)" }.joined(separator: ",") + ","
            + (0..<21).map { "wx\($0),wy\($0),wz\($0)" }.joined(separator: ",") + "\n"
        let arbiter = ThumbArbiter.generated()
        for (k, setting) in EvaluationSetTests.settings.enumerated() {
            // The generator draws the same numbers with and without depth, so the 3-D twin of a 2-D
            // sample is the same hand with z kept.
            var depthCamera = setting.camera
            depthCamera.depth = true
            var generator = RealisticHands(seed: setting.seed, camera: depthCamera)
            let classes = RealisticHands.classes.filter { $0 != "closed_fist" }
            let samples =
                generator.samples(classes, count: 120) + generator.samples(["closed_fist"], count: 300)
                + generator.samples(RealisticHands.letters, count: 600)
            let normalization = EvaluationSetTests.normalization(setting)
            for s in samples {
                var seen = s.hand
                if !setting.camera.depth {
                    seen.landmarks = seen.landmarks.map { $0.map { Landmark(x: $0.x, y: $0.y, z: nil) } }
                }
                guard let p = normalization.canonicalPoints(seen), let w = normalization.canonicalPoints(s.hand)
                else { continue }
                let prediction = RuleClassifier().predict(HandFeatures(canonical: p))
                let scores = [Gesture.thumbsUp, .thumbsDown, .closedFist].map { prediction.scores[$0] ?? 0 }
                // The 2-D arbiter's vote and nearest distance, consulted for every hand (not only
                // fist-like ones) so that a gate on it can be studied.
                let (verdict, distance) = setting.camera.depth ? (Gesture.none, -1) : arbiter.consult(p)
                out +=
                    "\(k),\(s.label),\(s.hand.handedness == .left ? 1 : 0),\(prediction.gesture.rawValue),"
                    + scores.map { String($0) }.joined(separator: ",") + ",\(verdict.rawValue),\(distance),"
                    + p.flatMap { [$0.x, $0.y, $0.z] }.map { String($0) }.joined(separator: ",") + ","
                    + w.flatMap { [$0.x, $0.y, $0.z] }.map { String($0) }.joined(separator: ",") + "\n"
            }
        }
        try out.write(
            toFile: ProcessInfo.processInfo.environment["DUMP_EVALUATION_CSV"]!, atomically: true, encoding: .utf8)
    }
}
