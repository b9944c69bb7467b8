import Foundation
import MedCore
import MedGestures
import MedSynthetic
import Testing

/// The failures the evaluation set found, reproduced on fresh generated hands (other seeds than the
/// evaluation set's): thumbs up on fists and ASL A whose thumb lies beside the index, OK rings whose
/// tip landmarks are a few centimetres apart, and thumbs up seen without depth.
@Suite("Thumbs up and OK on generated hands")
struct ThumbFailureTests {
    static func rate(_ label: String, _ gesture: Gesture, setting: EvaluationSetTests.Setting, seed: UInt64, count: Int)
        -> Double
    {
        var generator = RealisticHands(seed: seed, camera: setting.camera)
        let normalization = EvaluationSetTests.normalization(setting)
        let samples = generator.samples([label], count: count)
        let hits = samples.filter {
            HandFeatures(hand: $0.hand, normalization: normalization).map(RuleClassifier().predict)?.gesture == gesture
        }
        return Double(hits.count) / Double(samples.count)
    }

    @Test(
        "With depth, ASL A and fists with the thumb beside the index are not thumbs up (at most 1 %)",
        arguments: [0, 2])
    func thumbBesideIndex(setting: Int) {
        let s = EvaluationSetTests.settings[setting]
        let letterA = Self.rate("asl_a", .thumbsUp, setting: s, seed: 700 + UInt64(setting), count: 600)
        #expect(letterA <= 0.01, "\(s.name): ASL A read as thumbs up \(letterA * 100)%")
        let fists = Self.rate("closed_fist", .thumbsUp, setting: s, seed: 710 + UInt64(setting), count: 600)
        #expect(fists <= 0.01, "\(s.name): fists read as thumbs up \(fists * 100)%")
    }

    @Test("With depth, thumbs up and down reach 0.95 and 0.93 recall", arguments: [0, 2])
    func thumbsWithDepth(setting: Int) {
        let s = EvaluationSetTests.settings[setting]
        let up = Self.rate("thumbs_up", .thumbsUp, setting: s, seed: 720 + UInt64(setting), count: 400)
        #expect(up >= 0.95, "\(s.name): thumbs up recall \(up)")
        let down = Self.rate("thumbs_down", .thumbsDown, setting: s, seed: 730 + UInt64(setting), count: 400)
        #expect(down >= 0.93, "\(s.name): thumbs down recall \(down)")
    }

    /// The rules named 6 % of ASL E thumbs down, in every setting: held upright, its thumb points
    /// down across the palm under the fingertips.
    @Test("ASL E, whose thumb points down across the palm, is not thumbs down (at most 1 %)", arguments: 0..<3)
    func letterE(setting: Int) {
        let s = EvaluationSetTests.settings[setting]
        let down = Self.rate("asl_e", .thumbsDown, setting: s, seed: 760 + UInt64(setting), count: 600)
        #expect(down <= 0.01, "\(s.name): ASL E read as thumbs down \(down * 100)%")
    }

    @Test("OK rings whose thumb and index tip landmarks are up to 0.4 hand sizes apart are OK", arguments: 0..<3)
    func okRings(setting: Int) {
        let s = EvaluationSetTests.settings[setting]
        var generator = RealisticHands(seed: 740 + UInt64(setting), camera: s.camera)
        let normalization = EvaluationSetTests.normalization(s)
        let samples = generator.samples(["ok"], count: 300)
        let features = samples.compactMap { HandFeatures(hand: $0.hand, normalization: normalization) }
        // The rings the generator makes do leave that gap (the failure being reproduced).
        #expect(features.filter { $0.pinchDistance > 0.3 }.count >= 15)
        let recall = Double(features.filter { RuleClassifier().predict($0).gesture == .ok }.count) / 300
        #expect(recall >= 0.95, "\(s.name): OK recall \(recall)")
    }

    /// Without z the thumbs up the evaluation set draws are partly indistinguishable from ASL A and
    /// fists by the rules' features (see the MedGestures README); this is a floor against
    /// regressions, below the 0.95 bar.
    @Test("Without depth, thumbs up keep their recall floor and fists their thumbs-up rate")
    func thumbsWithoutDepth() {
        let s = EvaluationSetTests.settings[1]
        let up = Self.rate("thumbs_up", .thumbsUp, setting: s, seed: 750, count: 400)
        // 0.69 since a thumb on top of the fist must also stand clear of the fingers (0.80 before;
        // the arbiter, `medprep`'s default, recovers side-on views: `ThumbArbiterTests`).
        #expect(up >= 0.65, "thumbs up recall without z \(up)")
        let fists = Self.rate("closed_fist", .thumbsUp, setting: s, seed: 751, count: 600)
        #expect(fists <= 0.03, "fists read as thumbs up without z \(fists * 100)%")
    }
}
