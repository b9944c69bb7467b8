import Foundation
import MedImage
import MedPipeline
import MedShards

/// Small PNG thumbnails of chosen samples, read from their shards, as `data:` URLs for the page.
///
/// Each shard holding a wanted key is opened once; tar headers are read and member data skipped
/// with seeks, so a thumbnail costs its own member, not its shard. The image member is read through
/// MedPipeline's member-format table (``MemberFormat/pixels(name:contents:)``, what `preview` draws),
/// so a new output format needs nothing here; 16-bit samples are divided by 257 and floating-point
/// ones scaled by their own range. A sample that cannot be read gets no thumbnail, and the page says so.
struct Thumbnails {
    /// Longest side of a thumbnail, in pixels.
    static let side = 112

    /// `data:image/png;base64,...` per `folder \t name` (the sample's name in the report, ``ReportInput/Sample/name``).
    private(set) var urls: [String: String] = [:]

    init(keys: Set<String>, samples: [ReportInput.Sample], folders: [String]) {
        var wanted: [String: [(String, String, String)]] = [:]  // shard path -> [(key, ext, name)]
        for sample in samples where keys.contains(Self.id(folder: folders[sample.folder], key: sample.name)) {
            let ext = sample.members.first { MemberFormat.named($0)?.isImage == true } ?? MemberFormat.png.fileExtension
            wanted[folders[sample.folder] + "/" + sample.shard, default: []].append((sample.key, ext, sample.name))
        }
        for (shard, list) in wanted {
            let folder = String(shard[..<shard.lastIndex(of: "/")!])
            let names = Dictionary(list.map { ($0.0 + "." + $0.1, $0.2) }, uniquingKeysWith: { a, _ in a })
            for (name, bytes) in Self.members(named: Set(names.keys), in: shard) {
                guard let key = names[name], let png = Self.thumbnail(name: name, bytes: bytes) else { continue }
                urls[Self.id(folder: folder, key: key)] = "data:image/png;base64," + Data(png).base64EncodedString()
            }
        }
    }

    static func id(folder: String, key: String) -> String { folder + "\t" + key }

    func url(folder: String, key: String) -> String? { urls[Self.id(folder: folder, key: key)] }

    /// The members of a tar file whose names are in `names`, read by seeking past the others.
    static func members(named names: Set<String>, in path: String) -> [(String, [UInt8])] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        var found: [(String, [UInt8])] = []
        var offset: UInt64 = 0
        while found.count < names.count {
            guard (try? handle.seek(toOffset: offset)) != nil,
                let header = try? handle.read(upToCount: 512), header.count == 512
            else { break }
            let bytes = [UInt8](header)
            if bytes.allSatisfy({ $0 == 0 }) { break }
            let name = String(decoding: bytes[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            let sizeText = String(decoding: bytes[124..<136].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            guard let size = UInt64(sizeText, radix: 8) else { break }
            if names.contains(name), let data = try? handle.read(upToCount: Int(size)), data.count == Int(size) {
                found.append((name, [UInt8](data)))
            }
            offset += 512 + (size + 511) / 512 * 512
        }
        return found
    }

    /// A gray or RGB 8-bit thumbnail of an image member, PNG-encoded; `nil` when it cannot be read.
    static func thumbnail(name: String, bytes: [UInt8]) -> [UInt8]? {
        guard let pixels = try? MemberFormat.pixels(name: name, contents: bytes),
            let plane = plane(pixels), plane.width > 0, plane.height > 0
        else { return nil }
        let scale = Double(side) / Double(max(plane.width, plane.height))
        let w = max(1, Int((Double(plane.width) * min(1, scale)).rounded()))
        let h = max(1, Int((Double(plane.height) * min(1, scale)).rounded()))
        var out = [UInt8](repeating: 0, count: w * h * plane.channels)
        for y in 0..<h {
            let y0 = y * plane.height / h, y1 = max(y0 + 1, (y + 1) * plane.height / h)
            for x in 0..<w {
                let x0 = x * plane.width / w, x1 = max(x0 + 1, (x + 1) * plane.width / w)
                for c in 0..<plane.channels {
                    var sum: Float = 0
                    for yy in y0..<y1 {
                        for xx in x0..<x1 { sum += plane.values[(yy * plane.width + xx) * plane.channels + c] }
                    }
                    let mean = sum / Float((y1 - y0) * (x1 - x0))
                    out[(y * w + x) * plane.channels + c] = UInt8(min(max(mean, 0), 255).rounded())
                }
            }
        }
        return try? PNGEncoder.encode(PixelBuffer(width: w, height: h, channels: plane.channels, samples: out))
    }

    /// A member's samples on a 0...255 scale: 8-bit as they are, 16-bit divided by 257, signed and
    /// floating-point samples scaled by their own finite range (non-finite ones drawn as 0);
    /// `nil` unless gray or RGB.
    static func plane(_ pixels: AnyPixelBuffer) -> (width: Int, height: Int, channels: Int, values: [Float])? {
        guard pixels.channels == 1 || pixels.channels == 3 else { return nil }
        var values: [Float]
        switch pixels {
        case .uint8(let b): values = b.samples.map { Float($0) }
        case .uint16(let b): values = b.samples.map { Float($0) / 257 }
        case .int16(let b): values = b.samples.map { Float($0) }
        case .float32(let b): values = b.samples
        case .float64(let b): values = b.samples.map { Float($0) }
        }
        switch pixels {
        case .uint8, .uint16: break
        case .int16, .float32, .float64:
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? 0, high = finite.max() ?? 1
            let span = high > low ? high - low : 1
            for i in values.indices { values[i] = values[i].isFinite ? (values[i] - low) / span * 255 : 0 }
        }
        return (pixels.width, pixels.height, pixels.channels, values)
    }
}
