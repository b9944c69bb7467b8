import MedQuality

extension SampleMetadata {
    /// `KEY.json` written byte by byte: the bytes `ManifestCoding.line(self)` gives (Foundation's
    /// `JSONEncoder`, sorted keys, slashes unescaped), at a tenth of its cost per sample.
    ///
    /// `JSONEncoder` took about 0.1 ms a sample (1.3% of converting an RGB-encoded JPEG X-ray to
    /// 512, `perf`), most of it generic container boxing, not writing. This writer covers the
    /// metadata of a sample without label extras or augmentation parameters, whose strings need no
    /// escaping and whose numbers are finite; anything else returns `nil` and goes through
    /// `JSONEncoder`. Keys are written in `JSONEncoder`'s sorted order (byte order), absent
    /// optionals are left out, a `Double` is its `description` without a trailing `.0` (`1e-06`,
    /// `0.5`, `3`), as `JSONEncoder` writes it.
    /// `SampleMetadataJSONTests` compares the two on generated metadata.
    ///
    /// - Returns: the compact JSON, or `nil` when `JSONEncoder` must write it.
    public func compactJSON() -> [UInt8]? {
        guard extras == nil, augmentation == nil else { return nil }
        var out = JSONBytes()
        out.bytes.reserveCapacity(512)
        out.open()
        if let cls { out.key("cls"); out.integer(cls) }
        if let decodedScale { out.key("decodedScale"); out.integer(decodedScale) }
        if let findings { out.key("findings"); guard out.strings(findings) else { return nil } }
        out.key("format"); guard out.string(format) else { return nil }
        if let grayFrom { out.key("grayFrom"); guard out.string(grayFrom) else { return nil } }
        out.key("key"); guard out.string(key) else { return nil }
        if let labels { out.key("labels"); out.integers(labels) }
        if let mask { out.key("mask"); out.integers(mask) }
        if let modality { out.key("modality"); guard out.string(modality) else { return nil } }
        out.key("originalSize"); out.integers(originalSize)
        if let patient { out.key("patient"); guard out.string(patient) else { return nil } }
        if let quality {
            out.key("quality")
            out.open()
            out.key("atCeiling"); guard out.double(quality.atCeiling) else { return nil }
            out.key("atFloor"); guard out.double(quality.atFloor) else { return nil }
            out.key("blank"); out.literal(quality.blank ? "true" : "false")
            out.key("dynamicRange"); guard out.double(quality.dynamicRange) else { return nil }
            out.key("entropy"); guard out.double(quality.entropy) else { return nil }
            out.key("phash"); guard out.string(quality.phash.hex) else { return nil }
            out.key("scale"); guard out.string(quality.scale.rawValue) else { return nil }
            out.close()
        }
        out.key("size"); out.integers(size)
        if let sourceBLAKE3 { out.key("sourceBLAKE3"); guard out.string(sourceBLAKE3) else { return nil } }
        if let sourceSHA256 { out.key("sourceSHA256"); guard out.string(sourceSHA256) else { return nil } }
        if let spacing {
            out.key("spacing")
            out.open()
            out.key("column"); guard out.double(spacing.column) else { return nil }
            out.key("row"); guard out.double(spacing.row) else { return nil }
            out.key("source"); guard out.string(spacing.source) else { return nil }
            out.close()
        }
        out.key("split"); guard out.string(split) else { return nil }
        if let view { out.key("view"); guard out.string(view) else { return nil } }
        if let warnings { out.key("warnings"); guard out.strings(warnings) else { return nil } }
        out.close()
        return out.bytes
    }
}

/// Compact JSON as `JSONEncoder` writes it, for the few value kinds `KEY.json` holds.
private struct JSONBytes {
    var bytes: [UInt8] = []
    /// Whether the next member of the open object or array needs a comma before it.
    private var needsComma = false

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// A string that needs no escaping; `false` (nothing written) for one holding `"`, `\` or a
    /// control character below U+0020, which `JSONEncoder` escapes.
    mutating func string(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
            return true
        }
    }

    mutating func strings(_ texts: [String]) -> Bool {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for text in texts {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            guard string(text) else { return false }
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
        return true
    }

    mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func integers(_ values: [some BinaryInteger]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(value).utf8)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `JSONEncoder`'s number text: the shortest round-tripping `description`, less a trailing `.0`;
    /// `false` (nothing written) for NaN and infinity, on which `JSONEncoder` throws.
    mutating func double(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
        return true
    }
}
