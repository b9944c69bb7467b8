import Foundation

/// A k-nearest-neighbour gesture classifier on standardized ``HandFeatures``, stored as JSON.
///
/// Training keeps every labelled example (rows labelled with names outside ``Gesture`` count as
/// ``Gesture/none``, so unknown poses teach the model to reject). Features are standardized with
/// the training mean and standard deviation. A gesture's score is its share of the k votes
/// (weighted by 1 / (distance + 0.1)), damped when the nearest example is farther than
/// ``rejectDistance`` (1.5 times the 99th percentile of leave-one-out nearest distances), so a pose
/// unlike anything in training is rejected.
public struct KNNClassifier: GestureClassifier, Codable, Hashable {
    /// One stored example.
    public struct Example: Codable, Hashable, Sendable {
        /// Its gesture.
        public var label: Gesture
        /// Its standardized feature vector.
        public var features: [Double]
    }

    /// The model kind written to JSON, for readers that support several.
    public var kind = "knn"
    /// Format version of the JSON.
    public var version = 1
    /// Neighbours consulted.
    public var k: Int
    /// Feature names, in vector order (``HandFeatures/names``).
    public var featureNames: [String]
    /// Training mean per feature.
    public var mean: [Double]
    /// Training standard deviation per feature (at least 1e-6).
    public var standardDeviation: [Double]
    /// Distance beyond which scores are damped towards rejection.
    public var rejectDistance: Double
    /// The minimum score to name a gesture.
    public var threshold: Double
    /// The examples.
    public var examples: [Example]

    /// Trains a model.
    ///
    /// - Parameters:
    ///   - samples: Feature vectors with their gestures.
    ///   - k: Neighbours (default 5).
    ///   - threshold: Reject threshold (default 0.5).
    /// - Throws: ``GestureError`` `.insufficientData` with fewer than two examples.
    public init(training samples: [(HandFeatures, Gesture)], k: Int = 5, threshold: Double = 0.5) throws(GestureError) {
        guard samples.count >= 2 else {
            throw GestureError(
                .insufficientData, reason: "training needs at least 2 labelled hands, got \(samples.count)")
        }
        let vectors = samples.map { $0.0.vector }
        let n = Double(vectors.count)
        let dims = HandFeatures.names.count
        mean = (0..<dims).map { d in vectors.reduce(0) { $0 + $1[d] } / n }
        standardDeviation = (0..<dims).map { d in
            let m = vectors.reduce(0) { $0 + $1[d] } / n
            return max(1e-6, (vectors.reduce(0) { $0 + ($1[d] - m) * ($1[d] - m) } / n).squareRoot())
        }
        self.k = max(1, min(k, samples.count - 1))
        self.threshold = threshold
        featureNames = HandFeatures.names
        rejectDistance = 1
        examples = []
        examples = zip(vectors, samples).map { Example(label: $1.1, features: standardized($0)) }
        var nearest: [Double] = []
        for (i, a) in examples.enumerated() {
            var best = Double.infinity
            for (j, b) in examples.enumerated() where j != i { best = min(best, distance(a.features, b.features)) }
            nearest.append(best)
        }
        nearest.sort()
        let p99 = nearest[min(nearest.count - 1, Int(Double(nearest.count) * 0.99))]
        rejectDistance = max(1.5 * p99, 0.5)
    }

    /// Reads a model written by ``jsonData()``.
    ///
    /// - Parameters:
    ///   - data: JSON bytes.
    ///   - path: The path, for errors.
    /// - Throws: ``GestureError`` `.malformed` or `.unsupported`.
    public init(jsonData data: Data, path: String) throws(GestureError) {
        do { self = try JSONDecoder().decode(KNNClassifier.self, from: data) } catch {
            throw GestureError(.malformed, path: path, reason: "not a k-NN gesture model: \(error)")
        }
        guard kind == "knn", featureNames == HandFeatures.names, mean.count == featureNames.count,
            standardDeviation.count == featureNames.count,
            examples.allSatisfy({ $0.features.count == featureNames.count }),
            !examples.isEmpty
        else {
            throw GestureError(
                .unsupported, path: path, reason: "model features do not match this version of MedGestures")
        }
    }

    /// The model as pretty-printed JSON.
    ///
    /// - Returns: UTF-8 JSON.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Classifies one hand's features.
    ///
    /// - Parameter features: Hand features.
    /// - Returns: Vote shares per gesture and a decision, ``Gesture/none`` when rejected.
    public func predict(_ features: HandFeatures) -> GesturePrediction {
        let x = standardized(features.vector)
        var neighbours: [(d: Double, label: Gesture)] = []
        for example in examples {
            let d = distance(x, example.features)
            if neighbours.count < k {
                neighbours.append((d, example.label))
                neighbours.sort { $0.d < $1.d }
            } else if let last = neighbours.last, d < last.d {
                neighbours[neighbours.count - 1] = (d, example.label)
                neighbours.sort { $0.d < $1.d }
            }
        }
        var votes: [Gesture: Double] = [:]
        var total = 0.0
        for n in neighbours {
            let w = 1 / (n.d + 0.1)
            votes[n.label, default: 0] += w
            total += w
        }
        let nearest = neighbours.first?.d ?? .infinity
        let damping = nearest <= rejectDistance ? 1 : rejectDistance / nearest
        var scores: [Gesture: Double] = [:]
        for g in Gesture.recognized { scores[g] = total > 0 ? (votes[g] ?? 0) / total * damping : 0 }
        return GesturePrediction(scores: scores, threshold: threshold)
    }

    private func standardized(_ v: [Double]) -> [Double] {
        zip(v, zip(mean, standardDeviation)).map { ($0 - $1.0) / $1.1 }
    }

    private func distance(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<min(a.count, b.count) { sum += (a[i] - b[i]) * (a[i] - b[i]) }
        return sum.squareRoot()
    }
}
