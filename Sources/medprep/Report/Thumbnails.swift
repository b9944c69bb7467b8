import Foundation
import MedImage
import MedShards

/// Small PNG thumbnails of chosen samples, read from their shards, as `data:` URLs for the page.
///
/// Each shard holding a wanted key is opened once; tar headers are read and member data skipped
/// with seeks, so a thumbnail costs its own member, not its shard. A `.png` member is decoded;
/// an 8-bit or 16-bit `.npy` member (`|u1`, `<u2`) is read directly; floating-point `.npy` members
/// are scaled by their own range. A sample that cannot be read gets no thumbnail, and the page says so.
struct Thumbnails {
    /// Longest side of a thumbnail, in pixels.
    static let side = 112

    /// `data:image/png;base64,...` per `folder \t name` (the sample's name in the report, ``ReportInput/Sample/name``).
    private(set) var urls: [String: String] = [:]

    init(keys: Set<String>, samples: [ReportInput.Sample], folders: [String]) {
        var wanted: [String: [(String, String, String)]] = [:]  // shard path -> [(key, ext, name)]
        for sample in samples where keys.contains(Self.id(folder: folders[sample.folder], key: sample.name)) {
            let ext = sample.members.first { $0 == "png" || $0 == "npy" } ?? "png"
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

    /// A gray or RGB 8-bit thumbnail of a member, PNG-encoded; `nil` when it cannot be read.
    static func thumbnail(name: String, bytes: [UInt8]) -> [UInt8]? {
        let plane: (width: Int, height: Int, channels: Int, values: [Float])?
        if name.hasSuffix(".npy") {
            plane = npyPlane(bytes)
        } else if let decoded = try? ImageDecoder.decode(bytes, path: name) {
            switch decoded.stored {
            case .uint8(let b): plane = (b.width, b.height, b.channels, b.samples.map { Float($0) })
            case .uint16(let b): plane = (b.width, b.height, b.channels, b.samples.map { Float($0) / 257 })
            default: plane = nil
            }
        } else {
            plane = nil
        }
        guard let plane, plane.width > 0, plane.height > 0 else { return nil }
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

    /// Samples of an `.npy` member on a 0...255 scale.
    static func npyPlane(_ bytes: [UInt8]) -> (width: Int, height: Int, channels: Int, values: [Float])? {
        guard let header = NPYHeader(bytes), !header.fortranOrder, header.shape.count >= 2,
            let count = header.elementCount, header.dataOffset + count * header.itemSize <= bytes.count
        else { return nil }
        let height = header.shape[0], width = header.shape[1], channels = header.shape.count > 2 ? header.shape[2] : 1
        guard channels == 1 || channels == 3 else { return nil }
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + header.dataOffset
            for i in 0..<count {
                switch header.descriptor {
                case "|u1": values[i] = Float(base.load(fromByteOffset: i, as: UInt8.self))
                case "<u2":
                    values[i] =
                        Float(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) / 257
                case "<f4":
                    values[i] = Float(
                        bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                case "<f2":
                    values[i] = Float(
                        Float16(
                            bitPattern: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                        ))
                default: values[i] = .nan
                }
            }
        }
        if header.descriptor.hasPrefix("<f") {
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? 0, high = finite.max() ?? 1
            let span = high > low ? high - low : 1
            for i in values.indices { values[i] = values[i].isFinite ? (values[i] - low) / span * 255 : 0 }
        } else if values.contains(where: \.isNaN) {
            return nil
        }
        return (width, height, channels, values)
    }
}
