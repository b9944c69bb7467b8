import ArgumentParser
import Foundation
import MedImage
import MedPipeline
import MedShards

/// `medprep preview DIR --out sheet.png`: a contact sheet of samples with their keys and labels.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Draw a contact sheet (PNG) of samples from a shard folder, with their keys and labels.")

    @Argument(help: ArgumentHelp("The shard folder (holding manifest.json).", valueName: "dir"))
    var folder: String

    @Option(help: ArgumentHelp("The PNG to write.", valueName: "file"))
    var out: String

    @Option(help: "Number of samples, spread evenly over the folder.")
    var count: Int = 16

    @Option(help: "Thumbnails per row.")
    var columns: Int = 4

    @Option(help: "Thumbnail size in pixels.")
    var cell: Int = 192

    @Option(help: "Only samples of this split.")
    var split: String?

    func validate() throws {
        if count < 1 || columns < 1 || cell < 32 {
            throw ValidationError("--count and --columns must be positive, --cell at least 32")
        }
    }

    func run() throws {
        do {
            let manifest = try Manifest.read(folder: folder)
            let candidates = manifest.samples.filter { split == nil || $0.split == split }
            guard !candidates.isEmpty else {
                throw ValidationError("no samples\(split.map { " in split \($0)" } ?? "") in \(folder)")
            }
            let picked = (0..<min(count, candidates.count)).map {
                candidates[$0 * candidates.count / min(count, candidates.count)]
            }
            var tiles: [ContactSheet.Tile] = []
            var membersByShard: [String: [String: [UInt8]]] = [:]
            for sample in picked {
                if membersByShard[sample.shard] == nil {
                    let bytes = try InputFile(path: folder + "/" + sample.shard, relativePath: sample.shard).contents()
                    var members: [String: [UInt8]] = [:]
                    for member in try TarReader.members(of: bytes, path: sample.shard) {
                        members[member.name] = member.contents
                    }
                    membersByShard = [sample.shard: members]  // keep one shard in memory at a time
                }
                let members = membersByShard[sample.shard] ?? [:]
                let imageName =
                    sample.members.first { MemberFormat.named($0)?.isImage == true }.map { sample.key + "." + $0 } ?? ""
                let image = try members[imageName].map { try Self.gray8($0, name: imageName) }
                let caption = Self.caption(
                    json: members[sample.key + "." + MemberFormat.json.fileExtension],
                    cls: members[sample.key + "." + MemberFormat.cls.fileExtension])
                tiles.append(ContactSheet.Tile(image: image, title: sample.key, caption: caption))
            }
            let sheet = ContactSheet.render(tiles, columns: columns, cell: cell)
            try Data(try PNGEncoder.encode(sheet, compressionLevel: 6)).write(to: URL(fileURLWithPath: out))
            print("wrote \(out): \(tiles.count) samples from \(folder)")
        } catch let error as ValidationError {
            throw error
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
    }

    /// A member's pixels as 8-bit gray (RGB averaged; 16-bit and float data rescaled to their range).
    static func gray8(_ bytes: [UInt8], name: String) throws -> PixelBuffer<UInt8> {
        let s = try MemberFormat.pixels(name: name, contents: bytes)
        return ContactSheet.gray(s.doubleSamples, width: s.width, height: s.height, channels: s.channels)
    }

    /// The positive findings, or the class index, from the sample's JSON.
    static func caption(json: [UInt8]?, cls: [UInt8]?) -> String {
        if let json, let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] {
            if let findings = object["findings"] as? [String] {
                return findings.isEmpty ? "no finding" : findings.joined(separator: ",")
            }
            if let value = object["cls"] as? Int { return "class \(value)" }
            if let split = object["split"] as? String { return split }
        }
        if let cls { return "class " + String(decoding: cls, as: UTF8.self) }
        return ""
    }
}
