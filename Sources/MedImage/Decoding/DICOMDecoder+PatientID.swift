extension DICOMDecoder {
    /// The Patient ID (0010,0020) of a DICOM file, without decoding its pixels.
    ///
    /// For splitting by patient before any image is decoded: `convert` without a label table puts
    /// all files of one Patient ID in one split. The value is trimmed as ``ImageMetadata/patientID``
    /// is, so both name the patient the same way.
    ///
    /// - Parameter bytes: The whole file (DCMTK reads values over 4 KiB, such as Pixel Data, only on demand).
    /// - Returns: The Patient ID, or `nil` when the data set cannot be parsed or has none (or a blank one).
    public static func patientID(in bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        return DICOMDataSet.withParsed(bytes) { parsed -> String? in
            guard case .success(let dataSet) = parsed else { return nil }
            return dataSet.string(DICOMTag.patientID)
        }
    }
}
