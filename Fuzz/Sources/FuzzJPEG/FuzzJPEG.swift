import FuzzDriver
import FuzzImage

/// libFuzzer harness: every input is decoded as a JPEG file, then inspected and converted.
@main
enum FuzzJPEG {
    static func main() {
        FuzzDriver.run { data, size in
            FuzzImage.exercise(UnsafeBufferPointer(start: data, count: size), decoder: .jpeg)
            return 0
        }
    }
}
