import Foundation
import MedGestures
import MedSynthetic
import Testing

@Suite("1€ filter")
struct OneEuroFilterTests {
    /// Values worked out by hand from the paper's equations.
    ///
    /// Casiez, Roussel and Vogel 2012, section 3:
    /// alpha = 1 / (1 + tau / Te), tau = 1 / (2 pi fc), dx = (x - x̂_prev) / Te,
    /// dx̂ = alpha(dcutoff) dx + (1 - alpha(dcutoff)) dx̂_prev, fc = mincutoff + beta |dx̂|,
    /// x̂ = alpha(fc) x + (1 - alpha(fc)) x̂_prev; first sample x̂ = x, dx̂ = 0.
    /// mincutoff 1 Hz, beta 0.5, dcutoff 1 Hz; samples (t, x) = (0, 0), (0.1, 1), (0.25, 1.5), (0.3, 1.2).
    ///
    /// Step 2: Te 0.1, dx 10, alpha_d 0.385869545, dx̂ 3.858695451, fc 2.929347725, alpha 0.647957170.
    /// Step 3: Te 0.15, dx (1.5 - 0.647957170) / 0.15 = 5.680285536 (from the *filtered* value),
    ///         alpha_d 0.485193601, dx̂ 4.742519303, fc 3.371259652, alpha 0.760613062.
    /// Step 4: Te 0.05, dx -1.920641520, alpha_d 0.239057224, dx̂ 3.149642576, fc 2.574821288, alpha 0.447179054.
    static let expected: [Double] = [0, 0.6479571695923358, 1.2960320760190205, 1.2530885430700076]

    @Test("Matches values computed by hand from the paper's equations, with a variable frame rate")
    func handComputed() {
        var filter = OneEuroFilter(.init(minCutoff: 1, beta: 0.5, derivativeCutoff: 1))
        let samples: [(Double, Double)] = [(0, 0), (0.1, 1), (0.25, 1.5), (0.3, 1.2)]
        for ((t, x), expected) in zip(samples, Self.expected) {
            #expect(abs(filter.filter(x, at: t) - expected) < 1e-12)
        }
    }

    @Test("The same steps re-derived in the test from the equations agree")
    func rederived() {
        func alpha(_ fc: Double, _ te: Double) -> Double { 1 / (1 + (1 / (2 * Double.pi * fc)) / te) }
        var filter = OneEuroFilter(.init(minCutoff: 0.8, beta: 0.02, derivativeCutoff: 1.3))
        var xHat = 3.0, dxHat = 0.0, previous = 0.0
        #expect(filter.filter(3, at: 0) == 3)
        for (i, t) in [0.033, 0.07, 0.1, 0.2, 0.21, 0.25].enumerated() {
            let x = 3 + sin(Double(i))
            let te = t - previous
            let dx = (x - xHat) / te
            dxHat = alpha(1.3, te) * dx + (1 - alpha(1.3, te)) * dxHat
            let a = alpha(0.8 + 0.02 * abs(dxHat), te)
            xHat = a * x + (1 - a) * xHat
            previous = t
            #expect(abs(filter.filter(x, at: t) - xHat) < 1e-12)
        }
    }

    @Test("alpha is 1 / (1 + tau / Te)")
    func alpha() {
        let tau = 1 / (2 * Double.pi * 2)
        #expect(abs(OneEuroFilter.alpha(cutoff: 2, period: 0.01) - 1 / (1 + tau / 0.01)) < 1e-15)
    }

    @Test("A timestamp that does not advance returns the previous output")
    func repeatedTimestamp() {
        var filter = OneEuroFilter(.tremor)
        _ = filter.filter(1, at: 0)
        let y = filter.filter(2, at: 0.1)
        #expect(filter.filter(5, at: 0.1) == y)
        #expect(filter.filter(.nan, at: 0.2) == y)
    }

    @Test("Smoothing divides by the hand size: a hand twice as large gives exactly twice the output")
    func scaleInvariance() throws {
        let base = HandModel.hand(GesturePoses.world(.openPalm), center: (0, 0))
        func clip(_ scale: Double) -> LandmarkSequence {
            let frames = (0..<30).map { i -> Frame in
                var hand = base
                hand.landmarks = base.landmarks.map { p in
                    p.map {
                        Landmark(x: scale * ($0.x + 0.02 * sin(Double(i))), y: scale * $0.y, z: $0.z.map { scale * $0 })
                    }
                }
                return Frame(index: i, timestamp: Double(i) / 30 + (i % 3 == 0 ? 0.004 : 0), hands: [hand])
            }
            return LandmarkSequence(frames: frames)
        }
        let small = LandmarkSmoother().smoothed(clip(1))
        let large = LandmarkSmoother().smoothed(clip(2))
        for (a, b) in zip(small.frames, large.frames) {
            for (p, q) in zip(a.hands[0].landmarks, b.hands[0].landmarks) {
                let (p, q) = (try #require(p), try #require(q))
                #expect(abs(2 * p.x - q.x) < 1e-12 && abs(2 * p.y - q.y) < 1e-12)
            }
        }
    }

    @Test("Smoothing reduces jitter on a trembling still hand and keeps the frames and format")
    func reducesJitter() {
        let hand = HandModel.hand(GesturePoses.world(.thumbsUp))
        let still = TremorSimulation.still(hand, duration: 3, fps: 30, imageSize: ImageSize(width: 640, height: 480))
        let trembling = TremorSimulation(frequency: 6, amplitude: 0.02, jitter: 0.004).applied(to: still)
        let smoothed = LandmarkSmoother().smoothed(trembling)
        #expect(smoothed.frames.count == trembling.frames.count)
        #expect(TremorAnalysis.jitter(smoothed) < 0.5 * TremorAnalysis.jitter(trembling))
    }

    @Test("Without hand scaling, the smoother is a plain 1€ filter on each coordinate")
    func unscaled() throws {
        let sequence = try Samples.read("mediapipe_python.json")
        var smoother = LandmarkSmoother(parameters: .paperDefault)
        smoother.scalesByHandSize = false
        let smoothed = smoother.smoothed(sequence)
        var filter = OneEuroFilter(.paperDefault)
        for (raw, out) in zip(sequence.frames, smoothed.frames) {
            let x = try #require(raw.hands[0].landmarks[8]?.x)
            let expected = filter.filter(x, at: try #require(raw.timestamp))
            #expect(abs((out.hands[0].landmarks[8]?.x ?? 0) - expected) < 1e-15)
        }
    }
}
