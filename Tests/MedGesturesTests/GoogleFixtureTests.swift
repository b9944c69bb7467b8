import Foundation
import MedGestures
import Testing

/// Google's own gesture-recognizer fixtures (real MediaPipe output on real photographs) are
/// classified as the gesture Google's tests expect: with z, without z, and in pixels, at the image
/// aspect ratios of photos (the fixtures do not record the image size; square, 4:3 and 3:4 are
/// tested. Stretched to 16:9 with z, `thumb_up_landmarks_earlier` reads as a fist: its thumb tip
/// then stays 0.07 hand sizes short of the curled fingers along the thumb).
@Suite("Google MediaPipe fixtures")
struct GoogleFixtureTests {
    static let sizes: [ImageSize?] = [
        nil, ImageSize(width: 640, height: 480), ImageSize(width: 480, height: 640),
    ]

    @Test("The fixtures hold 21 landmarks and one handedness label each", arguments: GoogleFixtures.cases)
    func fixturesRead(fixture: GoogleFixtures.Case) throws {
        let (label, points) = try GoogleFixtures.read(fixture.file)
        #expect(points.count == 21)
        #expect(label == "Left" || label == "Right")
        #expect(points.allSatisfy { (0...1).contains($0.0) && (0...1).contains($0.1) })
    }

    @Test("Each fixture is its gesture with z and without z, at every aspect ratio", arguments: GoogleFixtures.cases)
    func normalized(fixture: GoogleFixtures.Case) throws {
        for depth in [true, false] {
            let sequence = try GoogleFixtures.sequence(fixture.file, depth: depth)
            let hand = try #require(sequence.frames.first?.hands.first)
            #expect(hand.landmarks.allSatisfy { ($0?.z != nil) == depth })
            for size in Self.sizes {
                let normalization = HandNormalization(imageSize: size, imageRotationDegrees: fixture.rotation)
                let prediction = try #require(HandFeatures(hand: hand, normalization: normalization).map(RuleClassifier().predict))
                #expect(
                    prediction.gesture == fixture.gesture,
                    "depth \(depth), size \(String(describing: size)): \(prediction.gesture) \(prediction.scores)")
            }
        }
    }

    @Test("Each fixture is its gesture in pixel coordinates, with and without z", arguments: GoogleFixtures.cases)
    func pixels(fixture: GoogleFixtures.Case) throws {
        let (label, points) = try GoogleFixtures.read(fixture.file)
        for size in Self.sizes.compactMap({ $0 }) {
            for depth in [true, false] {
                let landmarks: [Landmark?] = points.map {
                    Landmark(x: $0.0 * size.width, y: $0.1 * size.height, z: depth ? $0.2 * size.width : nil)
                }
                let hand = Hand(handedness: Handedness(label: label), mirrored: true, landmarks: landmarks)
                let normalization = HandNormalization(
                    imageSize: size, coordinateSpace: .pixels, imageRotationDegrees: fixture.rotation)
                let prediction = try #require(HandFeatures(hand: hand, normalization: normalization).map(RuleClassifier().predict))
                #expect(prediction.gesture == fixture.gesture, "depth \(depth), size \(size): \(prediction.scores)")
            }
        }
    }

    @Test("Without the declared rotation the sideways fixtures are not read as their upright gesture")
    func rotationMatters() throws {
        for fixture in GoogleFixtures.cases where fixture.rotation != 0 {
            let hand = try #require(GoogleFixtures.sequence(fixture.file, depth: true).frames.first?.hands.first)
            let prediction = try #require(HandFeatures(hand: hand, normalization: HandNormalization()).map(RuleClassifier().predict))
            #expect(prediction.gesture != fixture.gesture, "\(fixture.file): \(prediction.scores)")
        }
    }
}
