/// Metadata, the modality transformation, VOI windows and lookup tables, read from the data set.
///
/// Enhanced (multi-frame functional group) objects keep these in the Per-frame Functional Groups
/// Sequence (5200,9230) item of the frame, or in the Shared Functional Groups Sequence (5200,9229)
/// (PS3.3 C.7.6.16); the per-frame item wins, then the shared one, then the top-level attribute.
extension DICOMDecoder {
    /// The paths at which a functional-group macro `sequence` may hold `child`, most specific first.
    static func functionalGroupPaths(_ sequence: String, _ child: String, frame: Int) -> [String] {
        [
            DICOMTag.nested(DICOMTag.perFrameFunctionalGroups, frame, "\(sequence)[0].\(child)"),
            DICOMTag.nested(DICOMTag.sharedFunctionalGroups, 0, "\(sequence)[0].\(child)"),
        ]
    }

    static func metadata(of dataSet: DICOMDataSet, layout: DICOMPixelLayout, syntax: TransferSyntax, frame: Int)
        -> ImageMetadata
    {
        var metadata = ImageMetadata(
            format: .dicom, width: layout.columns, height: layout.rows, samplesPerPixel: layout.samplesPerPixel,
            frameCount: layout.frameCount, bitsAllocated: layout.bitsAllocated, bitsStored: layout.bitsStored,
            isSigned: layout.isSigned, photometric: layout.photometric, transferSyntax: syntax)
        metadata.pixelSpacing = pixelSpacing(of: dataSet, frame: frame)
        // Defined terms only: any other value (a name, an id, free text) is dropped, not carried out.
        let value = { (tag: String) in dataSet.string(tag) }
        metadata.modality = value(DICOMTag.modality).flatMap { HeaderValueText.term($0, in: HeaderValueText.modalityTerms) }
        metadata.viewPosition = value(DICOMTag.viewPosition).flatMap(HeaderValueText.viewPosition)
        metadata.bodyPart = value(DICOMTag.bodyPartExamined).flatMap(HeaderValueText.codeString)
        let laterality = { (tag: String) in
            value(tag).flatMap { HeaderValueText.term($0, in: HeaderValueText.lateralityTerms) }
        }
        metadata.laterality = laterality(DICOMTag.imageLaterality) ?? laterality(DICOMTag.laterality)
        metadata.sopInstanceUID = dataSet.string(DICOMTag.sopInstanceUID)
        metadata.studyInstanceUID = dataSet.string(DICOMTag.studyInstanceUID)
        metadata.seriesInstanceUID = dataSet.string(DICOMTag.seriesInstanceUID)
        metadata.patientID = dataSet.string(DICOMTag.patientID)
        return metadata
    }

    /// Pixel Spacing (top level, then Pixel Measures in functional groups), else Imager Pixel Spacing.
    static func pixelSpacing(of dataSet: DICOMDataSet, frame: Int) -> PixelSpacing? {
        let candidates =
            [DICOMTag.pixelSpacing]
            + functionalGroupPaths(DICOMTag.pixelMeasuresSequence, DICOMTag.pixelSpacing, frame: frame)
        for path in candidates {
            let values = dataSet.doubles(path)
            if values.count >= 2, values[0] > 0, values[1] > 0 {
                return PixelSpacing(row: values[0], column: values[1], source: .pixelSpacing)
            }
        }
        let imager = dataSet.doubles(DICOMTag.imagerPixelSpacing)
        if imager.count >= 2, imager[0] > 0, imager[1] > 0 {
            return PixelSpacing(row: imager[0], column: imager[1], source: .imagerPixelSpacing)
        }
        return nil
    }

    /// Rescale (per-frame, shared, top level) or the Modality LUT Sequence (PS3.3 C.11.1).
    static func modalityLUT(of dataSet: DICOMDataSet, layout: DICOMPixelLayout, frame: Int) -> ModalityLUT {
        if dataSet.itemCount(DICOMTag.modalityLUTSequence) > 0,
            let table = lookupTable(
                in: dataSet, item: DICOMTag.nested(DICOMTag.modalityLUTSequence, 0, ""),
                signedInput: layout.isSigned)
        {
            return .table(table)
        }
        let groups = [
            DICOMTag.nested(
                DICOMTag.perFrameFunctionalGroups, frame, "\(DICOMTag.pixelValueTransformationSequence)[0]."),
            DICOMTag.nested(DICOMTag.sharedFunctionalGroups, 0, "\(DICOMTag.pixelValueTransformationSequence)[0]."),
            "",
        ]
        for prefix in groups {
            let slope = dataSet.doubles(prefix + DICOMTag.rescaleSlope).first
            let intercept = dataSet.doubles(prefix + DICOMTag.rescaleIntercept).first
            if slope != nil || intercept != nil {
                let s = slope ?? 1, i = intercept ?? 0
                if s == 1 && i == 0 && dataSet.string(prefix + DICOMTag.rescaleType) == nil { return .identity }
                return .rescale(slope: s, intercept: i, type: dataSet.string(prefix + DICOMTag.rescaleType))
            }
        }
        return .identity
    }

    /// Window Center/Width pairs, each value pair one window (PS3.3 C.11.2.1.2).
    ///
    /// Widths the standard does not allow (below 1 for LINEAR, not positive otherwise) are skipped.
    static func windows(of dataSet: DICOMDataSet, frame: Int) -> [VOIWindow] {
        var prefixes = [
            DICOMTag.nested(DICOMTag.perFrameFunctionalGroups, frame, "\(DICOMTag.frameVOILUTSequence)[0]."),
            DICOMTag.nested(DICOMTag.sharedFunctionalGroups, 0, "\(DICOMTag.frameVOILUTSequence)[0]."),
        ]
        prefixes.append("")
        for prefix in prefixes {
            let centers = dataSet.strings(prefix + DICOMTag.windowCenter).map { Double($0) }
            let widths = dataSet.strings(prefix + DICOMTag.windowWidth).map { Double($0) }
            guard !centers.isEmpty, !widths.isEmpty else { continue }
            let explanations = dataSet.strings(prefix + DICOMTag.windowExplanation)
            let function =
                VOIFunction(rawValue: (dataSet.string(prefix + DICOMTag.voiLUTFunction) ?? "LINEAR").uppercased())
                ?? .linear
            var windows: [VOIWindow] = []
            for index in 0..<min(centers.count, widths.count) {
                guard let center = centers[index], let width = widths[index], center.isFinite, width.isFinite,
                    function == .linear ? width >= 1 : width > 0
                else { continue }
                let explanation = index < explanations.count && !explanations[index].isEmpty ? explanations[index] : nil
                windows.append(VOIWindow(center: center, width: width, function: function, explanation: explanation))
            }
            if !windows.isEmpty { return windows }
        }
        return []
    }

    /// Items of the VOI LUT Sequence (per-frame, shared, top level).
    static func voiLUTs(of dataSet: DICOMDataSet, signedInput: Bool, frame: Int) -> [LookupTable] {
        let sequences = [
            DICOMTag.nested(
                DICOMTag.perFrameFunctionalGroups, frame,
                "\(DICOMTag.frameVOILUTSequence)[0].\(DICOMTag.voiLUTSequence)"),
            DICOMTag.nested(
                DICOMTag.sharedFunctionalGroups, 0, "\(DICOMTag.frameVOILUTSequence)[0].\(DICOMTag.voiLUTSequence)"),
            DICOMTag.voiLUTSequence,
        ]
        for sequence in sequences {
            let count = dataSet.itemCount(sequence)
            guard count > 0 else { continue }
            // The VOI LUT's input is the modality output, so whether its first mapped value is
            // signed (PS3.3 C.11.2.1.1) is decided by the caller from the modality transformation.
            let tables = (0..<count).compactMap {
                lookupTable(in: dataSet, item: "\(sequence)[\($0)].", signedInput: signedInput)
            }
            if !tables.isEmpty { return tables }
        }
        return []
    }

    /// Red, green and blue palette tables for PALETTE COLOR (PS3.3 C.7.6.3.1.5), segmented ones expanded.
    static func palette(of dataSet: DICOMDataSet) -> [LookupTable]? {
        var tables: [LookupTable] = []
        for channel in 0..<3 {
            guard let descriptor = dataSet.words(DICOMTag.paletteDescriptors[channel]), descriptor.count >= 3 else {
                return nil
            }
            let count = descriptor[0] == 0 ? 65536 : Int(descriptor[0])
            let first = Int(descriptor[1])
            let bits = Int(descriptor[2])
            guard (1...16).contains(bits) else { return nil }
            var entries: [UInt16]
            if let data = dataSet.words(DICOMTag.paletteData[channel]) {
                entries = data
            } else if let segmented = dataSet.words(DICOMTag.segmentedPaletteData[channel]),
                let expanded = SegmentedLUT.expand(segmented, count: count)
            {
                entries = expanded
            } else {
                return nil
            }
            entries = unpackedEntries(entries, count: count, bits: bits)
            guard !entries.isEmpty else { return nil }
            tables.append(LookupTable(firstMappedValue: first, bitsPerEntry: bits, entries: entries))
        }
        return tables
    }

    /// A LUT from an item holding LUT Descriptor, LUT Data and LUT Explanation.
    static func lookupTable(in dataSet: DICOMDataSet, item prefix: String, signedInput: Bool) -> LookupTable? {
        guard let descriptor = dataSet.words(prefix + DICOMTag.lutDescriptor), descriptor.count >= 3,
            let data = dataSet.words(prefix + DICOMTag.lutData)
        else { return nil }
        let count = descriptor[0] == 0 ? 65536 : Int(descriptor[0])
        let first = signedInput ? Int(Int16(bitPattern: descriptor[1])) : Int(descriptor[1])
        let bits = Int(descriptor[2])
        guard (1...16).contains(bits) else { return nil }
        let entries = unpackedEntries(data, count: count, bits: bits)
        guard !entries.isEmpty else { return nil }
        return LookupTable(
            firstMappedValue: first, bitsPerEntry: bits, entries: entries,
            explanation: dataSet.string(prefix + DICOMTag.lutExplanation))
    }

    /// LUT entries, unpacking 8-bit entries that some writers pack two to a 16-bit word.
    static func unpackedEntries(_ words: [UInt16], count: Int, bits: Int) -> [UInt16] {
        if bits <= 8, words.count * 2 == count || (words.count * 2 == count + 1) {
            var bytes: [UInt16] = []
            bytes.reserveCapacity(words.count * 2)
            for word in words { bytes.append(word & 0xFF); bytes.append(word >> 8) }
            return Array(bytes.prefix(count))
        }
        return Array(words.prefix(count))
    }
}
