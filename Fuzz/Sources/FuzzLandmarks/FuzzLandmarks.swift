import FuzzDriver
import Foundation
import MedGestures

/// The input, written to a file per process: LandmarkFile sniffs the format from name and bytes.
let landmarkPaths = ["csv", "json", "jsonl"].map { NSTemporaryDirectory() + "medprep-fuzz-landmarks-\(getpid()).\($0)" }

/// libFuzzer entry: the bytes as a landmark file under each extension, read and validated as
/// `medprep gestures validate` does.
func fuzzLandmarks(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let contents = Data(UnsafeBufferPointer(start: data, count: size))
    for path in landmarkPaths {
        guard FileManager.default.createFile(atPath: path, contents: contents) else { continue }
        guard let sequence = try? LandmarkFile.read(path) else { continue }
        _ = Validator().validate(sequence, path: path)
    }
    return 0
}

/// libFuzzer harness (see the test function above).
@main
enum FuzzLandmarksMain {
    static func main() { FuzzDriver.run { fuzzLandmarks($0, $1) } }
}
