import Benchmark
import MedLabels

/// Joins of full-size label tables to folder listings of the same size.
///
/// The tables are generated with the real column layouts: NIH ChestX-ray14 (112,120 rows) and
/// MIMIC-CXR-JPG (377,110 images, three tables),
/// plus the CSV reader alone on the 377,110-row metadata table. Each iteration reads the tables
/// from disk (page cache), folds them, matches every image and splits by patient.
let benchmarks: @Sendable () -> Void = {
    let folder = SyntheticTables.folder()
    let nih = SyntheticTables.nih(in: folder)
    let mimic = SyntheticTables.mimic(in: folder)
    let split = SplitOptions(
        fractions: (try? SplitFractions(train: 0.8, val: 0.1, test: 0.1)) ?? fallbackFractions,
        seed: 42)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, .throughput],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 5)

    Benchmark("NIH join 112,120 rows x 112,120 images", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let adapter = ChestXray14Labels(dataEntry: nih.table)
            blackHole(try LabelJoiner.join(images: nih.images, adapter: adapter, split: split))
        }
    }

    Benchmark("MIMIC join 377,110 images (metadata + chexpert + split)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let adapter = MIMICCXRLabels(metadata: mimic.metadata, labels: mimic.labels, split: mimic.split)
            blackHole(try LabelJoiner.join(images: mimic.images, adapter: adapter, split: split))
        }
    }

    Benchmark("CSV read 377,110-row MIMIC metadata", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var reader = try CSVReader(path: mimic.metadata)
            var rows = 0
            while try reader.next() != nil { rows += 1 }
            blackHole(rows)
        }
    }
}

private let fallbackFractions: SplitFractions = {
    guard let fractions = try? SplitFractions(train: 1, val: 0, test: 0) else { preconditionFailure("valid fractions") }
    return fractions
}()
