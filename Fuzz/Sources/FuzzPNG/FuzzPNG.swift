import FuzzDriver
import FuzzImage

/// libFuzzer harness: every input is decoded as a PNG file, then inspected and converted.
@main
enum FuzzPNG {
    static func main() {
        FuzzDriver.run { data, size in
            FuzzImage.exercise(UnsafeBufferPointer(start: data, count: size), decoder: .png)
            return 0
        }
    }
}
