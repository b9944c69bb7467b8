import FuzzDriver
import FuzzImage

/// libFuzzer harness: every input is decoded as a DICOM file, then inspected and converted.
@main
enum FuzzDICOM {
    static func main() {
        FuzzDriver.run { data, size in
            FuzzImage.exercise(UnsafeBufferPointer(start: data, count: size), decoder: .dicom)
            return 0
        }
    }
}
