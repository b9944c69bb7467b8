/// How a label row's key is compared with an image's path relative to the input root.
public enum MatchRule: Sendable, Hashable {
    /// The key is the image's file name: `00000001_000.png` (NIH `Image Index`).
    case fileName
    /// The key is the file name without its extension: RSNA `patientId` against `ID.dcm`.
    case stem
    /// Key and relative path are compared by whole `/`-separated components from the end; they
    /// match when one is a suffix of the other, whatever the local root. `anchorComponents` trailing
    /// components of the key index the table and must be present in the image path (3 for CheXpert:
    /// `patient00001/study1/view1_frontal.jpg`; 1 for MIMIC, whose DICOM ids are unique).
    case pathSuffix(anchorComponents: Int)
    /// The first capture group (or the whole match, if there is no group) of a regular
    /// expression applied to the relative path is the key; an image the regex does not match has
    /// no key.
    case regex(String)
}
