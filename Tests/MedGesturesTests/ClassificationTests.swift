import Foundation
import MedGestures
import MedSynthetic
import Testing

@Suite("Gesture classification on anatomical poses")
struct ClassificationTests {
    static let upright: [Gesture] = [.openPalm, .closedFist, .pointingUp, .victory, .ok, .iLoveYou]
    static let rotations: [Double] = [-30, -15, 0, 15, 30]
    let classifier = RuleClassifier()

    func predict(_ hand: Hand, rotation: Double = 0) -> GesturePrediction? {
        let normalization = HandNormalization(
            imageSize: ImageSize(width: 640, height: 480), imageRotationDegrees: rotation)
        return HandFeatures(hand: hand, normalization: normalization).map(classifier.predict)
    }

    @Test(
        "Upright gestures are recognized in both hands at in-image rotations of -30 to 30 degrees",
        arguments: upright, rotations)
    func uprightGestures(gesture: Gesture, rotation: Double) throws {
        for left in [false, true] {
            let hand = HandModel.hand(GesturePoses.world(gesture), imageRotation: rotation, leftHand: left)
            let prediction = try #require(predict(hand))
            #expect(prediction.gesture == gesture, "left: \(left), scores: \(prediction.scores)")
        }
    }

    @Test(
        "Thumbs up stays thumbs up under small rotations and becomes thumbs down when inverted",
        arguments: [Gesture.thumbsUp, .thumbsDown], [-30.0, -15, 0, 15, 30])
    func thumbs(gesture: Gesture, rotation: Double) throws {
        for variant in 0..<4 {
            for left in [false, true] {
                let world = GesturePoses.world(gesture, variant: variant)
                let hand = HandModel.hand(world, imageRotation: rotation, leftHand: left)
                #expect(try #require(predict(hand)).gesture == gesture, "variant \(variant) left \(left)")
                let inverted = HandModel.hand(world, imageRotation: rotation + 180, leftHand: left)
                let opposite: Gesture = gesture == .thumbsUp ? .thumbsDown : .thumbsUp
                #expect(try #require(predict(inverted)).gesture == opposite, "variant \(variant) left \(left)")
            }
        }
    }

    @Test("Without depth (OpenPose, 2D CSV) every gesture is still recognized", arguments: Gesture.recognized)
    func withoutDepth(gesture: Gesture) throws {
        for left in [false, true] {
            var hand = HandModel.hand(GesturePoses.world(gesture), imageRotation: 10, leftHand: left)
            hand.landmarks = hand.landmarks.map { $0.map { Landmark(x: $0.x, y: $0.y) } }
            #expect(try #require(predict(hand)).gesture == gesture, "left \(left)")
        }
    }

    @Test("Aspect ratio is corrected: the same hand in a 1280x720 image is classified the same")
    func aspectRatio() throws {
        let size = ImageSize(width: 1280, height: 720)
        for gesture in Gesture.recognized {
            let hand = HandModel.hand(GesturePoses.world(gesture), imageSize: size, pixelsPerPalm: 150)
            let features = try #require(HandFeatures(hand: hand, normalization: HandNormalization(imageSize: size)))
            #expect(classifier.predict(features).gesture == gesture)
        }
    }

    @Test("Unknown poses are rejected as none", arguments: 0..<6)
    func unknown(variant: Int) throws {
        for left in [false, true] {
            let hand = HandModel.hand(GesturePoses.world(.none, variant: variant), leftHand: left)
            let prediction = try #require(predict(hand))
            #expect(prediction.gesture == .none, "variant \(variant): \(prediction.scores)")
        }
    }

    @Test("A declared image rotation is undone: a thumbs up filmed sideways stays thumbs up")
    func declaredRotation() throws {
        let hand = HandModel.hand(GesturePoses.world(.thumbsUp), imageRotation: -90)
        #expect(try #require(predict(hand, rotation: 90)).gesture == .thumbsUp)
        #expect(try #require(predict(hand, rotation: 0)).gesture != .thumbsUp)
    }

    @Test("A mirrored selfie image of a right hand gives the same features as the unmirrored one")
    func mirroredSelfie() throws {
        let world = GesturePoses.world(.openPalm)
        let plain = try #require(
            HandFeatures(hand: HandModel.hand(world), normalization: .init(imageSize: .init(width: 640, height: 480))))
        let selfie = try #require(
            HandFeatures(
                hand: HandModel.hand(world, mirroredImage: true),
                normalization: .init(imageSize: .init(width: 640, height: 480))))
        for (a, b) in zip(plain.vector, selfie.vector) { #expect(abs(a - b) < 1e-9) }
        #expect(plain.palmFacing > 0.8)
    }

    @Test("Palm facing flips sign when the back of the hand faces the camera")
    func palmFacing() throws {
        let n = HandNormalization(imageSize: .init(width: 640, height: 480))
        let front = try #require(HandFeatures(hand: HandModel.hand(GesturePoses.world(.openPalm)), normalization: n))
        let back = try #require(
            HandFeatures(hand: HandModel.hand(GesturePoses.world(.openPalm, variant: 1)), normalization: n))
        #expect(front.palmFacing > 0.8)
        #expect(back.palmFacing < -0.8)
        #expect(RuleClassifier().predict(back).gesture == .openPalm)
    }

    @Test("Dump features", .disabled(if: ProcessInfo.processInfo.environment["DUMP_FEATURES"] == nil, "debug only"))
    func dump() {
        let n = HandNormalization(imageSize: .init(width: 640, height: 480))
        let fist = HandModel.points(.init(thumb: .tucked, fingers: [.curled, .curled, .curled, .curled]))
        for (i, q) in fist.enumerated() { print(i, String(format: "%.2f %.2f %.2f", q.x, q.y, q.z)) }
        for g in Gesture.allCases {
            for v in 0..<6 {
                guard let f = HandFeatures(hand: HandModel.hand(GesturePoses.world(g, variant: v)), normalization: n)
                else { continue }
                let s = RuleClassifier().scores(f).filter { $0.value > 0.05 }.map {
                    "\($0.key.rawValue)=\(String(format: "%.2f", $0.value))"
                }
                print(
                    g.rawValue, v, f.fingerExtension.map { String(format: "%.2f", $0) }, "thumbUp",
                    String(format: "%.2f", f.thumbUp),
                    "reach", String(format: "%.2f", f.thumbReach), "out", String(format: "%.2f", f.thumbOut), "pinch",
                    String(format: "%.2f", f.pinchDistance),
                    "spread", String(format: "%.0f", f.indexMiddleSpreadDegrees), s)
            }
        }
    }
}
