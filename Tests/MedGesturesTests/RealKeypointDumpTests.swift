import Foundation
import MedGestures
import MedSynthetic
import Testing

/// Per-row dumps of the real `keypoint.csv` sources for diagnosis (not assertions): recall per
/// source and class with the rules alone and with `medprep`'s default, and for every row its
/// features, both answers, the arbiter's verdict and nearest distance, and its canonical points.
///
/// `PRINT_REAL_KEYPOINTS=1 swift test --filter RealKeypointDumpTests` prints the table;
/// `DUMP_REAL_KEYPOINTS_CSV=/tmp/real.csv` also writes the rows.
@Suite("Real keypoint.csv dumps")
struct RealKeypointDumpTests {
    @Test(
        "Print recall per source and class; dump every row",
        .disabled(
            if: ProcessInfo.processInfo.environment["PRINT_REAL_KEYPOINTS"] == nil
                && ProcessInfo.processInfo.environment["DUMP_REAL_KEYPOINTS_CSV"] == nil, "diagnosis only"))
    func dump() throws {
        let arbiter = RealKeypointSetTests.arbitrated.arbiter
        var table = "source,class,gesture,rows,rules,default,answers(default)\n"
        var out =
            "source,class,gesture,rules,default,verdict,distance,thumbUp,handUp,thumbAbove,thumbAbovePW,"
            + "thumbTipToFingers,thumbTipToFist,thumbBeyond,thumbOut,thumbHandAngle,"
            + "ext0,ext1,ext2,ext3,ext4,reach1,reach2,reach3,reach4,"
            + (0..<21).map { "x\($0),y\($0)" }.joined(separator: ",") + "\n"
        for source in RealKeypointSets.sources {
            let sequence = try RealKeypointSets.read(source)
            let normalization = HandNormalization(for: sequence)
            let rules = try RealKeypointSetTests.predictions(source, classifier: RuleClassifier())
            let standard = try RealKeypointSetTests.predictions(source, classifier: RealKeypointSetTests.arbitrated)
            let poses = LabelledPoses.poses(in: sequence, aliases: RealKeypointSets.aliases)
            for index in Set(rules.map(\.0)).sorted() {
                let r = rules.filter { $0.0 == index }
                let d = standard.filter { $0.0 == index }
                let gesture = r[0].1
                guard gesture != .none else { continue }
                let rr = Double(r.filter { $0.2 == gesture }.count) / Double(r.count)
                let dr = Double(d.filter { $0.2 == gesture }.count) / Double(d.count)
                let other = Dictionary(grouping: d.filter { $0.2 != gesture }, by: { $0.2.rawValue })
                    .map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: " ")
                table += "\(source),\(index),\(gesture.rawValue),\(r.count),"
                    + String(format: "%.3f,%.3f,", rr, dr) + other + "\n"
            }
            for (k, pose) in poses.enumerated() {
                guard let p = normalization.canonicalPoints(pose.hand) else { continue }
                let f = HandFeatures(canonical: p)
                let (verdict, distance) = arbiter.consult(p)
                let values: [Double] =
                    [
                        f.thumbUp, f.handUp, f.thumbAbove, f.thumbAbovePalmWidths, f.thumbTipToFingers, f.thumbTipToFist,
                        f.thumbBeyond, f.thumbOut, f.thumbHandAngleDegrees,
                    ] + f.fingerExtension + f.palmReach + p.flatMap { [$0.x, $0.y] }
                out += "\(source),\(rules[k].0),\(rules[k].1.rawValue),\(rules[k].2.rawValue),"
                    + "\(standard[k].2.rawValue),\(verdict.rawValue),\(distance),"
                    + values.map { String(format: "%.4f", $0) }.joined(separator: ",") + "\n"
            }
        }
        if ProcessInfo.processInfo.environment["PRINT_REAL_KEYPOINTS"] != nil { print(table) }
        if let path = ProcessInfo.processInfo.environment["DUMP_REAL_KEYPOINTS_CSV"] {
            try out.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
