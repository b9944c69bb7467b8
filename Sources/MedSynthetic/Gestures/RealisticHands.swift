import Foundation
import MedCore
import MedGestures

/// Generated evaluation hands that reproduce what real trackers report, built with ``HandModel``
/// (never from the classifier): per-person variation of joint angles and proportions, V signs with
/// the narrow spreads real people make, fists and ASL letters whose thumb rests on or near the
/// curled fingers, a pinhole camera that foreshortens fingers pointing at it, MediaPipe's relative
/// z with its scale error, left and right hands, 2-D data and pixel coordinates.
public struct RealisticHands: Sendable {
    /// Image geometry and what the tracker reports.
    public struct Camera: Sendable {
        public var imageSize = ImageSize(width: 640, height: 480)
        /// Focal length in pixels (about 60 degrees of horizontal field of view at 640 px).
        public var focal = 560.0
        /// Keep z (MediaPipe) or drop it (OpenPose, 2-D CSV).
        public var depth = true
        /// Write pixels instead of 0...1.
        public var pixels = false
        /// Tracker noise, pixels.
        public var noise = 1.2

        /// A camera; every parameter defaults to the 640x480, 3-D, normalized setting.
        public init(
            imageSize: ImageSize = ImageSize(width: 640, height: 480), focal: Double = 560.0, depth: Bool = true,
            pixels: Bool = false, noise: Double = 1.2
        ) {
            self.imageSize = imageSize
            self.focal = focal
            self.depth = depth
            self.pixels = pixels
            self.noise = noise
        }
    }

    /// One generated hand with its label and what was drawn.
    public struct Sample: Sendable {
        public var hand: Hand
        public var label: String
        public var gesture: Gesture
        /// Angle between index and middle finger (MCP to tip) in 3-D, degrees.
        public var spreadDegrees: Double
        /// Distance of index and middle tips over the palm length (wrist to middle knuckle) in 3-D.
        public var tipSpread: Double
    }

    typealias F = HandModel.FingerAngles
    typealias T = HandModel.ThumbAngles

    /// Deliberate departures from the evaluation set's distribution, to check that a model fitted
    /// to generated hands carries over to hands drawn differently. The defaults draw exactly the
    /// evaluation set (the same random numbers in the same order).
    public struct Shift: Sendable {
        /// Multiplies every finger and thumb segment (the palm keeps its size): 0.85 or 1.15 for
        /// hands with fingers 15 % shorter or longer relative to the palm.
        public var fingerScale = 1.0
        /// Roll of a thumbs up/down about the thumb axis, degrees (default -60...130).
        public var thumbRoll: ClosedRange<Double> = -60...130
        /// Yaw of a thumbs up/down after the roll, degrees (default -30...30).
        public var thumbYaw: ClosedRange<Double> = -30...30

        /// No shift.
        public init() {}
    }

    var rng: SeededGenerator
    public var camera = Camera()
    /// Departures from the evaluation set's distribution (none by default).
    public var shift = Shift()

    public init(seed: UInt64, camera: Camera = Camera()) {
        rng = SeededGenerator(seed: seed)
        self.camera = camera
    }

    mutating func u(_ a: Double, _ b: Double) -> Double { Double.random(in: a...b, using: &rng) }

    mutating func curled() -> F { F(mcp: u(70, 95), pip: u(90, 110), dip: u(40, 70), abduction: u(-3, 3)) }
    mutating func extended(_ abduction: Double = 0) -> F {
        F(mcp: u(0, 12), pip: u(0, 10), dip: u(0, 8), abduction: abduction + u(-3, 3))
    }
    mutating func tucked() -> T { T(radial: u(-8, 5), palmar: u(38, 52), mcp: u(38, 52), ip: u(45, 65)) }

    /// A thumb whose tip lies on or near the curled fingers: across them (S, most fists), on the
    /// index's middle phalanx (the common relaxed fist), or alongside the index (ASL A).
    mutating func restingThumb(_ kind: Int) -> T {
        switch kind % 3 {
        case 0: return tucked()
        case 1: return T(radial: u(-5, 8), palmar: u(25, 40), mcp: u(15, 35), ip: u(10, 35))
        default: return T(radial: u(-12, -2), palmar: u(0, 12), mcp: u(0, 12), ip: u(0, 15))
        }
    }

    /// The thumb angles that bring the thumb tip closest to `target` (hand frame), by a pattern search.
    static func thumbReaching(_ target: Vector3, fingers: [F]) -> T {
        func distance(_ a: [Double]) -> Double {
            let t = T(radial: a[0], palmar: a[1], mcp: a[2], ip: a[3])
            return (HandModel.points(.init(thumb: t, fingers: fingers))[4] - target).length
        }
        let low = [-30.0, 0, 0, 0]
        let high = [45.0, 90, 60, 70]
        var best = [10.0, 40, 20, 20]
        var bestDistance = distance(best)
        var step = 16.0
        while step > 0.5 {
            var improved = false
            for k in 0..<4 {
                for sign in [-1.0, 1] {
                    var a = best
                    a[k] = min(high[k], max(low[k], a[k] + sign * step))
                    let d = distance(a)
                    if d < bestDistance {
                        (best, bestDistance, improved) = (a, d, true)
                    }
                }
            }
            if !improved { step /= 2 }
        }
        return T(radial: best[0], palmar: best[1], mcp: best[2], ip: best[3])
    }

    /// Scales every segment by a person's proportions (±8 %) around the wrist.
    public mutating func person(_ p: [Vector3]) -> [Vector3] {
        let s = u(0.92, 1.08)
        return p.map { $0 * s }
    }

    /// Rotates hand-frame points: roll about the view axis, then yaw about the vertical, then pitch.
    func oriented(_ p: [Vector3], roll: Double, yaw: Double, pitch: Double) -> [Vector3] {
        p.map {
            let r = HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: roll)
            let y = HandModel.rotate(r, about: Vector3(0, 1, 0), degrees: yaw)
            return HandModel.rotate(y, about: Vector3(1, 0, 0), degrees: pitch)
        }
    }

    /// World points (palm lengths) of a gesture, oriented as people show it to a camera.
    public mutating func world(_ label: String) -> [Vector3] {
        let c = { (g: inout RealisticHands) in g.curled() }
        switch label {
        case "open_palm":
            let p = HandModel.points(
                .init(
                    thumb: T(radial: u(28, 50), palmar: u(0, 20), mcp: u(0, 10), ip: u(0, 10)),
                    fingers: [extended(u(0, 8)), extended(), extended(u(-6, 0)), extended(u(-10, -2))]))
            return oriented(p, roll: u(-25, 25), yaw: u(-40, 40) + (u(0, 1) < 0.25 ? 180 : 0), pitch: u(-30, 30))
        case "closed_fist":
            let fingers = [c(&self), c(&self), c(&self), c(&self)]
            let p = HandModel.points(.init(thumb: restingThumb(Int(u(0, 2.99))), fingers: fingers))
            return oriented(p, roll: u(-35, 35), yaw: u(-70, 70) + (u(0, 1) < 0.3 ? 180 : 0), pitch: u(-45, 45))
        case "thumbs_up", "thumbs_down":
            let p = HandModel.points(
                .init(
                    thumb: T(radial: u(15, 35), palmar: u(5, 25), mcp: u(0, 15), ip: u(-10, 15)),
                    fingers: [c(&self), c(&self), c(&self), c(&self)]))
            let thumb = (p[4] - p[2]).normalized
            let target = Vector3(0, label == "thumbs_up" ? 1 : -1, 0)
            let roll = u(shift.thumbRoll.lowerBound, shift.thumbRoll.upperBound)
            let aligned = p.map {
                HandModel.rotate(HandModel.aligning($0, from: thumb, to: target), about: target, degrees: roll)
            }
            return oriented(
                aligned, roll: u(-25, 25), yaw: u(shift.thumbYaw.lowerBound, shift.thumbYaw.upperBound),
                pitch: u(-20, 20))
        case "pointing_up":
            let p = HandModel.points(.init(thumb: tucked(), fingers: [extended(), c(&self), c(&self), c(&self)]))
            return oriented(p, roll: u(-25, 25), yaw: u(-40, 40), pitch: u(-30, 30))
        case "victory", "victory_narrow":
            // Real V signs: 7.7-9.5 degrees between index and middle; wider ones are common too.
            let spread = label == "victory_narrow" ? u(7.7, 9.5) : u(10, 30)
            let half = (spread - 8) / 2  // the knuckles already point 8 degrees apart
            let (mcp, pip, dip) = (u(0, 8), u(0, 6), u(0, 5))  // equal flexion keeps the spread in 3-D
            let p = HandModel.points(
                .init(
                    thumb: tucked(),
                    fingers: [
                        F(mcp: mcp, pip: pip, dip: dip, abduction: half),
                        F(mcp: mcp, pip: pip, dip: dip, abduction: -half),
                        c(&self), c(&self),
                    ]))
            return oriented(p, roll: u(-25, 25), yaw: u(-40, 40), pitch: u(-30, 30))
        case "ok":
            let index = F(mcp: u(30, 45), pip: u(45, 65), dip: u(25, 40))
            let fingers = [index, extended(), extended(u(-6, 0)), extended(u(-10, -2))]
            let tip = HandModel.points(.init(thumb: .extended, fingers: fingers))[8]
            let p = HandModel.points(.init(thumb: Self.thumbReaching(tip, fingers: fingers), fingers: fingers))
            return oriented(p, roll: u(-25, 25), yaw: u(-40, 40), pitch: u(-25, 25))
        case "i_love_you":
            let p = HandModel.points(
                .init(
                    thumb: T(radial: u(30, 50), palmar: u(0, 15), mcp: u(0, 10), ip: u(0, 10)),
                    fingers: [extended(), c(&self), c(&self), extended(u(-10, -2))]))
            return oriented(p, roll: u(-25, 25), yaw: u(-40, 40), pitch: u(-30, 30))
        case "asl_o", "asl_c":
            // Every finger curved, the thumb tip on (O) or near (C) the index and middle tips.
            let curve = label == "asl_o" ? 1.0 : 0.6
            let fingers = (0..<4).map { _ in
                F(mcp: u(35, 55) * curve, pip: u(55, 80) * curve, dip: u(25, 40) * curve, abduction: u(-3, 3))
            }
            let q = HandModel.points(.init(thumb: .extended, fingers: fingers))
            let target = (q[8] + q[12]) / 2 + Vector3(0, 0, label == "asl_o" ? 0 : 0.25)
            let p = HandModel.points(.init(thumb: Self.thumbReaching(target, fingers: fingers), fingers: fingers))
            return oriented(p, roll: u(-30, 30), yaw: u(20, 90) * (u(0, 1) < 0.5 ? 1 : -1), pitch: u(-25, 25))
        case "asl_j", "asl_i":
            // Pinky up, the thumb across the curled fingers; J sweeps the pinky down and around.
            let p = HandModel.points(
                .init(thumb: restingThumb(Int(u(0, 1.99))), fingers: [c(&self), c(&self), c(&self), extended()]))
            let roll = label == "asl_j" ? u(-20, 120) : u(-20, 20)
            return oriented(p, roll: roll, yaw: u(-60, 60), pitch: u(-30, 30))
        case "asl_a", "asl_s", "asl_e":
            // A: fist, thumb alongside the index; S: thumb across the fingers; E: fingertips on the thumb.
            let fingers =
                label == "asl_e"
                ? (0..<4).map { _ in F(mcp: u(20, 40), pip: u(95, 115), dip: u(60, 80)) }
                : [c(&self), c(&self), c(&self), c(&self)]
            let thumb = label == "asl_a" ? restingThumb(2) : label == "asl_s" ? restingThumb(0) : tucked()
            return oriented(
                HandModel.points(.init(thumb: thumb, fingers: fingers)), roll: u(-30, 30), yaw: u(-60, 60),
                pitch: u(-30, 30))
        default:  // none: three, call, horns, index sideways, four, hanging open hand
            let kind = Int(u(0, 5.99))
            let e = { (g: inout RealisticHands) in g.extended() }
            let p: [Vector3]
            switch kind {
            case 0: p = HandModel.points(.init(thumb: tucked(), fingers: [e(&self), e(&self), e(&self), c(&self)]))
            case 1:
                p = HandModel.points(.init(thumb: .spread, fingers: [c(&self), c(&self), c(&self), e(&self)]))
            case 2: p = HandModel.points(.init(thumb: tucked(), fingers: [e(&self), c(&self), c(&self), e(&self)]))
            case 3:
                p = HandModel.points(.init(thumb: tucked(), fingers: [e(&self), c(&self), c(&self), c(&self)]))
                    .map { HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: 90) }
            case 4:
                p = HandModel.points(
                    .init(
                        thumb: T(radial: -25, palmar: 25, mcp: 35, ip: 30),
                        fingers: [e(&self), e(&self), e(&self), e(&self)]))
            default:
                p = HandModel.points(.init(thumb: .spread, fingers: [e(&self), e(&self), e(&self), e(&self)]))
                    .map { HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: 180) }
            }
            return oriented(p, roll: u(-20, 20), yaw: u(-35, 35), pitch: u(-25, 25))
        }
    }

    /// Projects world points through the pinhole camera into a tracker's hand.
    ///
    /// - Parameters:
    ///   - world: Hand points in palm lengths (x right, y up, z toward the camera).
    ///   - left: Mirror into a left hand.
    ///   - distance: Wrist distance from the camera in metres.
    ///   - palm: Palm length in metres.
    ///   - center: Where the wrist lands, as fractions of the image.
    mutating func project(
        _ world: [Vector3], left: Bool, distance: Double? = nil, palm: Double? = nil, center: (Double, Double)? = nil
    ) -> Hand {
        let distance = distance ?? u(0.35, 0.8)
        let palm = palm ?? u(0.085, 0.105)
        let (w, h) = (camera.imageSize.width, camera.imageSize.height)
        let cx = (center?.0 ?? u(0.3, 0.7)) * w
        let cy = (center?.1 ?? u(0.35, 0.75)) * h
        let zScale = u(0.6, 1.4)  // MediaPipe's z is only roughly in x's scale
        let wristDepth = distance
        var landmarks: [Landmark?] = []
        for q in world {
            let x = (left ? -q.x : q.x) * palm
            let y = q.y * palm
            let depth = wristDepth - q.z * palm
            let px = cx + camera.focal * x / depth + camera.noise * rng.nextGaussian()
            let py = cy - camera.focal * y / depth + camera.noise * rng.nextGaussian()
            let z = (depth - wristDepth) * camera.focal / wristDepth / w * zScale + 0.004 * rng.nextGaussian()
            // Pixel files scale every coordinate, z too (MediaPipe's z has the scale of x).
            let scale = camera.pixels ? (1.0, 1.0, w) : (w, h, 1.0)
            landmarks.append(
                Landmark(
                    x: px / scale.0, y: py / scale.1, z: camera.depth ? (landmarks.isEmpty ? 0 : z * scale.2) : nil))
        }
        if center == nil {
            // A tracker only reports hands it sees: slide the hand inside the image.
            let unit = camera.pixels ? (w, h) : (1.0, 1.0)
            let xs = landmarks.compactMap { $0?.x }
            let ys = landmarks.compactMap { $0?.y }
            func shift(_ low: Double, _ high: Double, _ size: Double) -> Double {
                low < 0.02 * size ? 0.02 * size - low : high > 0.98 * size ? 0.98 * size - high : 0
            }
            let dx = shift(xs.min() ?? 0, xs.max() ?? 0, unit.0)
            let dy = shift(ys.min() ?? 0, ys.max() ?? 0, unit.1)
            landmarks = landmarks.map { $0.map { Landmark(x: $0.x + dx, y: $0.y + dy, z: $0.z) } }
        }
        return Hand(handedness: left ? .left : .right, handednessScore: 0.95, landmarks: landmarks)
    }

    /// A labelled sample.
    public mutating func sample(_ label: String, left: Bool) -> Sample {
        var p = person(world(label))
        if shift.fingerScale != 1 {
            // Each digit's joints move along the digit away from (or toward) its base joint.
            for base in [1, 5, 9, 13, 17] {
                let origin = p[base]
                for k in (base + 1)...(base + 3) { p[k] = origin + (p[k] - origin) * shift.fingerScale }
            }
        }
        let spread = (p[8] - p[5]).angle(to: p[12] - p[9]) * 180 / .pi
        let tips = (p[8] - p[12]).length / (p[9] - p[0]).length
        var hand = project(p, left: left)
        hand.label = label
        let gesture = Gesture(label: label.hasPrefix("victory") ? "victory" : label) ?? .none
        return Sample(hand: hand, label: label, gesture: gesture, spreadDegrees: spread, tipSpread: tips)
    }

    /// `count` samples of each label, alternating right and left hands.
    public mutating func samples(_ labels: [String], count: Int) -> [Sample] {
        labels.flatMap { label in (0..<count).map { sample(label, left: $0 % 2 == 1) } }
    }

    /// The classes of the evaluation set (`victory_narrow` is a V with a real, narrow spread).
    public static let classes = [
        "thumbs_up", "thumbs_down", "open_palm", "closed_fist", "pointing_up", "victory", "victory_narrow", "ok",
        "i_love_you", "none",
    ]
    /// Letters with the thumb on or near curled fingers: never a thumbs up.
    public static let letters = ["asl_o", "asl_c", "asl_j", "asl_i", "asl_a", "asl_s", "asl_e"]

    /// A single-frame labelled dataset of samples, in the camera's units.
    public func sequence(_ samples: [Sample]) -> LandmarkSequence {
        LandmarkSequence(
            frames: samples.enumerated().map { Frame(index: $0, timestamp: nil, hands: [$1.hand]) },
            coordinateSpace: camera.pixels ? .pixels : .normalized, imageSize: camera.imageSize,
            zIsRelativeToWrist: camera.depth, sourceFormat: .labelledCSV)
    }

    /// A recording at `fps` in which the fingers swing toward the camera and back (MCP flexion up to
    /// `flexion` degrees) while the whole hand pitches by up to `pitch` degrees, so that finger bones
    /// shrink to a third of their length in the image, as real trackers report them.
    public mutating func foreshortenedRecording(frames: Int = 90, fps: Double = 30, flexion: Double = 72, pitch: Double = 8)
        -> LandmarkSequence
    {
        let base = (0..<4).map { _ in extended() }
        let distance = u(0.4, 0.6)
        let palm = u(0.085, 0.1)
        let left = u(0, 1) < 0.5
        let center = (u(0.4, 0.6), u(0.5, 0.7))
        let scale = u(0.92, 1.08)
        var result: [Frame] = []
        for f in 0..<frames {
            let phase = sin(.pi * Double(f) / Double(max(frames - 1, 1)))
            let fingers = base.map {
                F(mcp: $0.mcp + flexion * phase, pip: $0.pip, dip: $0.dip, abduction: $0.abduction)
            }
            let p = HandModel.points(.init(thumb: .spread, fingers: fingers)).map { $0 * scale }
            let q = oriented(p, roll: 10 * phase, yaw: 0, pitch: pitch * phase)
            var hand = project(q, left: left, distance: distance, palm: palm, center: center)
            hand.label = "open_palm"
            result.append(Frame(index: f, timestamp: Double(f) / fps, hands: [hand]))
        }
        return LandmarkSequence(
            frames: result, coordinateSpace: camera.pixels ? .pixels : .normalized, imageSize: camera.imageSize,
            zIsRelativeToWrist: camera.depth, sourceFormat: .csv)
    }
}
