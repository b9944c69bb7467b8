import Foundation
import Testing

@testable import MedImage

/// Values worked out by hand from PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT) and
/// C.11.2.1.3.1 (SIGMOID) for center 40, width 400 (a CT mediastinum window), output 0...255.
@Suite("VOI window formulas against hand-computed values")
struct VOIWindowTests {
    @Test("LINEAR: below c - 0.5 - (w-1)/2 = -160 is ymin, above c - 0.5 + (w-1)/2 = 239 is ymax")
    func linear() {
        let window = VOIWindow(center: 40, width: 400)
        #expect(window.mapped(-160, ymin: 0, ymax: 255) == 0)
        #expect(window.mapped(-1000, ymin: 0, ymax: 255) == 0)
        #expect(window.mapped(239.5, ymin: 0, ymax: 255) == 255)
        // ((39.5 - 39.5) / 399 + 0.5) * 255 = 127.5
        #expect(window.mapped(39.5, ymin: 0, ymax: 255) == 127.5)
        // ((139.5 - 39.5) / 399 + 0.5) * 255 = 191.4097744...
        #expect(abs(window.mapped(139.5, ymin: 0, ymax: 255) - 191.40977443609023) < 1e-9)
    }

    @Test("LINEAR_EXACT: the window is exactly center ± width / 2")
    func linearExact() {
        let window = VOIWindow(center: 40, width: 400, function: .linearExact)
        #expect(window.mapped(-160, ymin: 0, ymax: 255) == 0)
        #expect(window.mapped(240, ymin: 0, ymax: 255) == 255)
        #expect(window.mapped(40, ymin: 0, ymax: 255) == 127.5)
        #expect(window.mapped(140, ymin: 0, ymax: 255) == 191.25)
    }

    @Test("SIGMOID: 255 / (1 + exp(-4 (x - 40) / 400))")
    func sigmoid() {
        let window = VOIWindow(center: 40, width: 400, function: .sigmoid)
        #expect(window.mapped(40, ymin: 0, ymax: 255) == 127.5)
        #expect(abs(window.mapped(140, ymin: 0, ymax: 255) - 186.41993754) < 1e-6)  // 255 / (1 + e^-1)
        #expect(abs(window.normalized(-60) - 0.26894142137) < 1e-9)  // 1 / (1 + e^1)
    }
}
