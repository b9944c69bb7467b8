import Foundation
import MedLabels

/// Label tables of the real shape and size, generated deterministically for the benchmarks:
/// NIH `Data_Entry_2017.csv` (112,120 rows, 30,805 patients, trailing comma) and MIMIC-CXR-JPG
/// metadata / chexpert / split tables (377,110 images, 227,827 studies, 65,379 subjects), with the
/// matching folder listings.
enum SyntheticTables {
    /// A small linear congruential generator (Knuth MMIX), so the tables are the same every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }

    /// Writes the NIH table to `folder` and returns its path and the listing of the same 112,120 images.
    static func nih(in folder: String, rows: Int = 112_120, patients: Int = 30_805) -> (
        table: String, images: [ImageFile]
    ) {
        let findings = ChestXray14Labels.vocabulary.names.dropLast()
        var random = Generator(state: 1)
        var text =
            "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,"
            + "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],\n"
        var images: [ImageFile] = []
        images.reserveCapacity(rows)
        var previousPatient = -1
        var followUp = 0
        for index in 0..<rows {
            let patient = index * patients / rows + 1
            followUp = patient == previousPatient ? followUp + 1 : 0
            previousPatient = patient
            let name = pad(patient, 8) + "_" + pad(followUp, 3) + ".png"
            var labels: [String] = []
            if random.next() % 100 >= 54 {
                for finding in findings where random.next() % 10 == 0 { labels.append(finding) }
            }
            let label = labels.isEmpty ? "No Finding" : labels.joined(separator: "|")
            text +=
                "\(name),\(label),\(followUp),\(patient),\(20 + random.next() % 60),"
                + "\(random.next() % 2 == 0 ? "M" : "F"),"
                + "\(random.next() % 3 == 0 ? "AP" : "PA"),2500,2048,0.168,0.168,\n"
            images.append(ImageFile(relativePath: "images_\(pad(index / 10_000 + 1, 3))/images/\(name)"))
        }
        let path = folder + "/Data_Entry_2017.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return (path, images)
    }

    /// Writes the three MIMIC tables and returns their paths and the listing of the 377,110 images.
    static func mimic(in folder: String, images count: Int = 377_110, studies: Int = 227_827, subjects: Int = 65_379)
        -> (metadata: String, labels: String, split: String, images: [ImageFile])
    {
        var random = Generator(state: 2)
        var metadata =
            "dicom_id,subject_id,study_id,PerformedProcedureStepDescription,ViewPosition,Rows,Columns,"
            + "StudyDate,StudyTime,ProcedureCodeSequence_CodeMeaning,ViewCodeSequence_CodeMeaning,"
            + "PatientOrientationCodeSequence_CodeMeaning\n"
        var split = "dicom_id,study_id,subject_id,split\n"
        var labels = "subject_id,study_id," + MIMICCXRLabels.vocabulary.names.joined(separator: ",") + "\n"
        var images: [ImageFile] = []
        images.reserveCapacity(count)
        var lastStudy = -1
        let values = ["", "", "", "", "0.0", "1.0", "-1.0"]
        for index in 0..<count {
            let study = index * studies / count
            let subject = study * subjects / studies
            let subjectID = String(10_000_000 + subject * 137)
            let studyID = String(50_000_000 + study * 173)
            let dicom = (0..<5).map { _ in String(random.next() & 0xFFFF_FFFF, radix: 16) }.joined(separator: "-")
            let view = random.next() % 2 == 0 ? "PA" : "LATERAL"
            metadata +=
                "\(dicom),\(subjectID),\(studyID),CHEST (PA AND LAT),\(view),3056,2544,21800506,213014.531,"
                + "CHEST (PA AND LAT),postero-anterior,Erect\n"
            let officialSplit = subject % 100 == 0 ? "test" : (subject % 100 == 1 ? "validate" : "train")
            split += "\(dicom),\(studyID),\(subjectID),\(officialSplit)\n"
            if study != lastStudy {
                lastStudy = study
                labels +=
                    "\(subjectID),\(studyID),"
                    + (0..<14).map { _ in values[Int(random.next() % UInt64(values.count))] }.joined(separator: ",")
                    + "\n"
            }
            images.append(
                ImageFile(relativePath: MIMICCXRLabels.imagePath(subject: subjectID, study: studyID, dicom: dicom)))
        }
        let paths = [
            folder + "/mimic-cxr-2.0.0-metadata.csv", folder + "/mimic-cxr-2.0.0-chexpert.csv",
            folder + "/mimic-cxr-2.0.0-split.csv",
        ]
        for (path, text) in zip(paths, [metadata, labels, split]) {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
        return (paths[0], paths[1], paths[2], images)
    }

    /// The scratch folder, one fixed name so that repeated runs overwrite rather than pile up tables.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "medlabels-bench"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
