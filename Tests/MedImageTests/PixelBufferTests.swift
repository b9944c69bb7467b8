import MedImage
import Testing

/// ``PixelBuffer/init(width:height:channels:repeating:)``: zero values are filled with `memset`,
/// others sample by sample; both must hold exactly the value asked for, in every sample.
@Suite("Pixel buffers filled with one value")
struct PixelBufferTests {
    @Test("Zero and non-zero fills hold the value in every sample, for every sample type")
    func repeatingFill() {
        #expect(PixelBuffer<UInt8>(width: 7, height: 5, repeating: 0).samples == [UInt8](repeating: 0, count: 35))
        #expect(PixelBuffer<UInt8>(width: 7, height: 5, repeating: 200).samples == [UInt8](repeating: 200, count: 35))
        #expect(PixelBuffer<UInt16>(width: 3, height: 2, channels: 3, repeating: 0).samples == [UInt16](repeating: 0, count: 18))
        #expect(PixelBuffer<UInt16>(width: 3, height: 2, channels: 3, repeating: 0x0100).samples.allSatisfy { $0 == 0x0100 })
        #expect(PixelBuffer<Int16>(width: 4, height: 4, repeating: -1).samples.allSatisfy { $0 == -1 })
        #expect(PixelBuffer<Float>(width: 2, height: 3, repeating: 0.5).samples == [Float](repeating: 0.5, count: 6))
        // -0.0 is not all zero bytes: the sign bit must survive the fill.
        let negativeZero = PixelBuffer<Float>(width: 2, height: 2, repeating: -0.0)
        #expect(negativeZero.samples.allSatisfy { $0 == 0 && $0.sign == .minus })
        #expect(PixelBuffer<Double>(width: 1, height: 1, repeating: 0).samples == [0])
        let big = PixelBuffer<UInt8>(width: 2048, height: 2500, repeating: 0)
        #expect(big.samples.count == 2048 * 2500 && big.samples.allSatisfy { $0 == 0 })
    }
}
