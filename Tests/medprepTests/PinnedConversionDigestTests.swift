import Foundation
import MedTestSupport
import Testing

/// Pins the bytes of fixed conversions of `samples/`: every shard, manifest and error list.
///
/// A refactoring that moves code must leave these digests unchanged. A change that is meant to
/// change output bytes updates the digests here and says so in its commit message. The digests
/// are computed by `sha256sum` (coreutils), not by medprep's own hashing.
@Suite("Pinned digests of fixed conversions of samples/", .serialized)
struct PinnedConversionDigestTests {
    static let key = "pin-key-0123456789abcdef"

    /// One fixed conversion: its options and the SHA-256 of every file it writes.
    struct Pinned {
        var name: String
        var options: [String]
        var digests: [String: String]
    }

    /// A label table for the samples (two files of patient p1, so the split is patient-level).
    static let labels = """
        file,finding,patient
        chest_cr_monochrome1_window.dcm,effusion,p1
        chest_ct_jpeg_lossless.dcm,normal,p2
        chest_dx_monochrome2_16bit.dcm,effusion,p1
        chest_like_1160x1414.jpg,normal,p3
        chest_like_16bit.png,nodule,p4
        chest_like_512.png,normal,p5

        """

    static let conversions: [Pinned] = [
        Pinned(
            name: "demo",
            options: ["--size", "512", "--geometry", "letterbox", "--normalize", "window", "--format", "png8"],
            digests: [
                "errors.jsonl": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "manifest.json": "259592afef0ae0881961866d8416070ee0664a0c46e58151fb24402cd30dbd12",
                "test-000000.tar": "054f97a742c2184726f6036ccad6bb9457bbdf8ada0ea311d5517ecb991162f0",
                "train-000000.tar": "5be9bc86e8dbf8e6440b2c55f1180f0cd38db2d62dbae4f5e98d8f8eab7a5402",
                "val-000000.tar": "bd01063c802d0aea1e17a201093841baf4d4e6cec0729f212a6241d966b4fee5",
            ]),
        Pinned(
            name: "npy-f32 crop lanczos augment",
            options: [
                "--size", "96x64", "--geometry", "center-crop", "--resize", "lanczos", "--normalize", "percentile",
                "--format", "npy-f32", "--augment", "2", "--seed", "7", "--shard-samples", "2", "--pseudonymize-paths",
            ],
            digests: [
                "errors.jsonl": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "manifest.json": "0b087e368ba726fac73d2c720fd80754bb15b90ac4574e4157949becdd4b42ec",
                "train-000000.tar": "f0aef2d4ec6277a6e52205113720c3801ba99357c3eefe7ea18441641d5696cb",
                "train-000001.tar": "9b03cecc6f71d237f61e9edc75a6f3a15a4cab1dd1ae3c8864bcf3d8244f0ce1",
                "train-000002.tar": "5bca50dbc96ae798430e8ede0aa0c8de49f4a94fac873d63e9f10c2c18fa0814",
                "train-000003.tar": "e073c1b554df46a59123352c344ff5378787c09baf02654e83aad80fe4911c72",
                "train-000004.tar": "aa81ee7b9be02f5a6174786ac49fc1ddda1f80ba6641541b154afe44035ad20e",
                "train-000005.tar": "be650b54ed6406ce5660cc9354f4839493ed9297a53520a9e4139d31b65428a2",
                "train-000006.tar": "c4422683c3b5dc759937744be22934dbfb6191feb1a1b9e40f11cd279a32fc90",
                "train-000007.tar": "3fe74f78d35948f28c448e744a28fb2da58fe588afcdde3348a623a7348c2eb8",
                "train-000008.tar": "ff21f42c51024630ebbf0de166d63b2faafacb1b2510765508762215f6b48c1d",
            ]),
        Pinned(
            name: "png16 shorter bicubic rgb sha256",
            options: [
                "--size", "128", "--geometry", "shorter", "--resize", "bicubic", "--normalize", "minmax",
                "--format", "png16", "--color", "rgb", "--keep-monochrome1", "--hash", "sha256",
            ],
            digests: [
                "errors.jsonl": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "manifest.json": "7209e8a33e92d1e13feb23d628bf2714ebcc0421d1b45d5b8bfd1c47231554ed",
                "test-000000.tar": "3e7547281ca2d1b054a04f4bb77ab929cbf387decff2a94937ab5ca5f6efbb48",
                "train-000000.tar": "bc86424d338d0e720dd4370b8fecebf605d33366428ccd14c2993b278c29794e",
                "val-000000.tar": "923d095857b330c890332e55eb8b20a68cad7fb956aef139c51c1d047eceb26b",
            ]),
        Pinned(
            name: "npy-u16 bilinear dedupe",
            options: [
                "--size", "64", "--resize", "bilinear", "--format", "npy-u16", "--dedupe", "report",
                "--window", "40,400",
            ],
            digests: [
                "errors.jsonl": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "manifest.json": "5eba32ad45d794cb7d3f4074cca98b229c6fc08e09ea1e3fa34edf0399dcb5ef",
                "test-000000.tar": "ae39e14b71087c5968bf4b9c0aa8dae1b267d44cb41ecdaa6f39a0ffeeae2365",
                "train-000000.tar": "142c6cffb4660c725383679d93daf1fba523a76e627b3152e9b4ec9a9eb327b6",
                "val-000000.tar": "a16d14a66fa3eb9da29501964087ef584e288b6248659ad3c7f9384782cfe372",
            ]),
        Pinned(
            name: "generic labels patient split",
            options: [
                "--dataset", "generic", "--labels", "labels.csv", "--key-column", "file", "--class-column", "finding",
                "--patient-column", "patient", "--split", "0.5,0.25,0.25", "--seed", "3", "--size", "64",
                "--format", "npy-u8", "--extra-column", "finding",
            ],
            digests: [
                "errors.jsonl": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "manifest.json": "6fdce00ae3f39d7ce2b97595741b7f4c3472ca40c8e793aaf04ef597271c1be4",
                "test-000000.tar": "7092ca4fd20e0a281682b1d2013a7b5a65637fe43e35fb8f2051437ca96756eb",
                "train-000000.tar": "7443523c1187abce8acaeab78cd99c98f27eebd70eb0b6bd48b0727b4c2cf1fd",
                "val-000000.tar": "7146b5035e879a1fb533981985b6132fbea3f669a68ed606c3655cdd10e3bd45",
            ]),
    ]

    /// A working folder holding a copy of `samples/{dicom,png,jpeg}` and the label table, so that
    /// the relative paths the manifest records are the same on every machine.
    static func workingFolder() throws -> String {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("medprep-pinned-\(UUID().uuidString)").path
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path
        for folder in ["dicom", "png", "jpeg"] {
            try FileManager.default.createDirectory(atPath: "\(root)/samples", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(samples)/\(folder)", toPath: "\(root)/samples/\(folder)")
        }
        try Data(labels.utf8).write(to: URL(fileURLWithPath: "\(root)/labels.csv"))
        return root
    }

    /// `sha256sum` of every file in `folder`, by file name.
    static func digests(of folder: String) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let result = try CommandRunner.run("/usr/bin/sha256sum", names, currentDirectory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        var digests: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            digests[parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " *"))] = String(parts[0])
        }
        return digests
    }

    @Test("Each fixed conversion writes exactly the pinned bytes", arguments: conversions)
    func pinned(_ conversion: Pinned) throws {
        let work = try Self.workingFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let result = try CommandRunner.medprep(
            ["convert", "samples/dicom", "samples/png", "samples/jpeg", "--out", "out", "--no-progress", "--jobs", "2"]
                + conversion.options,
            environment: ["MEDPREP_PSEUDONYM_KEY": Self.key], currentDirectory: work)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try Self.digests(of: "\(work)/out")
        if ProcessInfo.processInfo.environment["PRINT_PINNED_DIGESTS"] != nil {
            print("\(conversion.name): \(written.sorted { $0.key < $1.key })")
        }
        #expect(!written.isEmpty)
        #expect(written == conversion.digests, "\(conversion.name)")
    }
}

extension PinnedConversionDigestTests.Pinned: CustomTestStringConvertible {
    var testDescription: String { name }
}
