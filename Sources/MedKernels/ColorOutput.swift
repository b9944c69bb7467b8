import MedImage

/// What a pipeline does with color sources.
///
/// Chest X-ray models expect one channel, yet most public collections store their gray radiographs
/// as RGB JPEG or PNG. ``gray`` reduces color to BT.601 luma (``GrayReduction`` says how each source
/// was reduced: equal channels taken as they are, luma weights as OpenCV's `COLOR_RGB2GRAY`, or a
/// JPEG's own luminance); ``rgb`` keeps three channels.
public enum ColorOutput: String, Sendable, Hashable, Codable, CaseIterable {
    /// One gray channel for every source.
    case gray
    /// Color sources keep their three channels; gray sources stay gray.
    case rgb
}
