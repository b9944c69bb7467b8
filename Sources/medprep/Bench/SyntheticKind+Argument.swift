import ArgumentParser
import MedSynthetic

/// `--synthetic dicom16|png8|jpeg8`: the library's corpus kinds, by their raw values.
extension SyntheticKind: ExpressibleByArgument {}
