import Foundation
import MedTestSupport
import Testing

/// `medprep gestures train`: the options it takes (image rotation, the stored reject threshold)
/// and those of classifying that mean nothing to it (`--model`, the 2-D thumbs arbiter).
@Suite("medprep gestures train: its options")
struct GesturesTrainCommandTests {
    static let poses = Fixtures.sample("gestures/poses_labelled.csv")

    /// Trains on the sample poses with `arguments`; the model's JSON object.
    static func train(_ arguments: [String], name: String) throws -> [String: Any] {
        let model = TemporaryFolder.path(name) + ".json"
        defer { try? FileManager.default.removeItem(atPath: model) }
        let result = try CommandRunner.medprep(["gestures", "train", poses, "-o", model] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(FileManager.default.contents(atPath: model))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("--threshold is stored in the model, --image-rotation (negative too) changes what is learned")
    func storedOptions() throws {
        let plain = try Self.train([], name: "model-plain")
        #expect(plain["threshold"] as? Double == 0.5)
        let stricter = try Self.train(["--threshold", "0.6"], name: "model-threshold")
        #expect(stricter["threshold"] as? Double == 0.6)
        let turned = try Self.train(["--image-rotation", "-90"], name: "model-turned")
        let examples = { (model: [String: Any]) in String(describing: model["examples"] ?? model) }
        #expect(examples(turned) != examples(plain), "the rotation did not reach the features")
    }

    @Test("Options of classifying that mean nothing to training are refused, out-of-range values too")
    func refusedOptions() throws {
        let model = TemporaryFolder.path("model-refused") + ".json"
        for extra in [["--model", model], ["--no-2d-thumb-arbiter"], ["--threshold", "1.5"], ["--image-rotation", "nan"]] {
            let result = try CommandRunner.medprep(["gestures", "train", Self.poses, "-o", model] + extra)
            #expect(result.status == 64, "\(extra): \(result.status)")
            #expect(!FileManager.default.fileExists(atPath: model))
        }
        let help = try CommandRunner.medprep(["gestures", "train", "--help"])
        #expect(!help.stdout.contains("--model") && !help.stdout.contains("arbiter"))
        #expect(help.stdout.contains("--image-rotation") && help.stdout.contains("--threshold"))
    }
}
