import Foundation
import MedGestures

/// Anatomical poses for every gesture class, built with ``HandModel`` (never from the classifier).
public enum GesturePoses {
    typealias F = HandModel.FingerAngles
    typealias T = HandModel.ThumbAngles

    /// A pose with the thumb and index tips touching, found by a search over thumb angles.
    public static let okPose: HandModel.Pose = {
        let index = F(mcp: 40, pip: 55, dip: 35)
        var best = HandModel.Pose(thumb: .extended, fingers: [index, .extended, .extended, .extended])
        var bestDistance = Double.infinity
        for radial in stride(from: -10.0, through: 40, by: 5) {
            for palmar in stride(from: 0.0, through: 70, by: 5) {
                for mcp in stride(from: 0.0, through: 40, by: 5) {
                    let pose = HandModel.Pose(
                        thumb: T(radial: radial, palmar: palmar, mcp: mcp, ip: 15),
                        fingers: [index, F(mcp: 10, pip: 8, dip: 5, abduction: -2), .extended, .extended])
                    let p = HandModel.points(pose)
                    let d = (p[4] - p[8]).length
                    if d < bestDistance {
                        bestDistance = d
                        best = pose
                    }
                }
            }
        }
        return best
    }()

    /// The hand-frame points of a gesture, oriented in the world as people make it.
    public static func world(_ gesture: Gesture, variant: Int = 0) -> [Vector3] {
        let c = F.curled
        let e = F.extended
        switch gesture {
        case .openPalm:
            let p = HandModel.points(
                .init(
                    thumb: .spread,
                    fingers: [
                        F(mcp: 4, pip: 4, dip: 3, abduction: 6), e, F(mcp: 4, pip: 4, dip: 3, abduction: -4),
                        F(mcp: 4, pip: 4, dip: 3, abduction: -8),
                    ]))
            return variant == 1 ? p.map { HandModel.rotate($0, about: Vector3(0, 1, 0), degrees: 180) } : p
        case .closedFist:
            let p = HandModel.points(.init(thumb: .tucked, fingers: [c, c, c, c]))
            return variant == 1 ? p.map { HandModel.rotate($0, about: Vector3(0, 1, 0), degrees: 60) } : p
        case .pointingUp:
            return HandModel.points(.init(thumb: .tucked, fingers: [e, c, c, c]))
        case .victory:
            return HandModel.points(
                .init(
                    thumb: .tucked,
                    fingers: [
                        F(mcp: 4, pip: 4, dip: 3, abduction: 9), F(mcp: 4, pip: 4, dip: 3, abduction: -9), c, c,
                    ]))
        case .ok:
            return HandModel.points(okPose)
        case .iLoveYou:
            return HandModel.points(.init(thumb: .spread, fingers: [e, c, c, e]))
        case .thumbsUp, .thumbsDown:
            let p = HandModel.points(.init(thumb: .extended, fingers: [c, c, c, c]))
            let thumb = (p[4] - p[2]).normalized
            let target = Vector3(0, gesture == .thumbsUp ? 1 : -1, 0)
            let roll = [0.0, 50, -50, 120][variant % 4]
            return p.map {
                HandModel.rotate(HandModel.aligning($0, from: thumb, to: target), about: target, degrees: roll)
            }
        case .none:
            switch variant % 6 {
            case 4:  // "four": fingers extended, thumb folded across the palm
                return HandModel.points(
                    .init(thumb: T(radial: -25, palmar: 25, mcp: 35, ip: 30), fingers: [e, e, e, e]))
            case 5:  // open hand hanging fingers-down
                return HandModel.points(.init(thumb: .spread, fingers: [e, e, e, e]))
                    .map { HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: 180) }
            case 0: return HandModel.points(.init(thumb: .tucked, fingers: [e, e, e, c]))  // "three"
            case 1: return HandModel.points(.init(thumb: .spread, fingers: [c, c, c, e]))  // "call"
            case 2: return HandModel.points(.init(thumb: .tucked, fingers: [e, c, c, e]))  // "horns"
            default:  // index pointing sideways
                return HandModel.points(.init(thumb: .tucked, fingers: [e, c, c, c]))
                    .map { HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: 90) }
            }
        }
    }
}
