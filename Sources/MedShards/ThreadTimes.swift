#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Where one thread of ``OrderedExecutor`` spent its wall-clock time, for `MEDPREP_TRACE_THREADS=1`:
/// on a CPU, waiting for a CPU (run queue), waiting in the executor (window full, or the consumer
/// waiting for the next result), and the rest, blocked in the kernel (reads, page faults, fsync,
/// locks). The run-queue share is what a loaded machine adds; the others it does not fake.
///
/// Reads Linux's `/proc/thread-self/schedstat` (on-CPU and run-queue nanoseconds); elsewhere, or
/// when the variable is unset, it measures nothing and prints nothing.
struct ThreadTimes {
    /// Whether `MEDPREP_TRACE_THREADS` is set to `1`.
    static let enabled = ProcessInfo.processInfo.environment["MEDPREP_TRACE_THREADS"] == "1"

    private let name: String
    private let start: (wall: UInt64, cpu: UInt64, queue: UInt64)
    private(set) var waited: UInt64 = 0
    private(set) var items = 0

    /// Starts measuring the calling thread.
    init(name: String) {
        self.name = name
        start = Self.now()
    }

    /// Nanoseconds of a monotonic clock.
    static func wall() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Adds time spent waiting in the executor.
    mutating func addWait(since begin: UInt64) { waited += Self.wall() - begin }

    /// Counts one item done by this thread.
    mutating func addItem() { items += 1 }

    /// Prints one line to standard error: milliseconds of wall, CPU, run queue, executor wait and the rest.
    func report() {
        let end = Self.now()
        let ms = { (ns: UInt64) in String(format: "%.1f", Double(ns) / 1e6) }
        let wall = end.wall - start.wall, cpu = end.cpu - start.cpu, queue = end.queue - start.queue
        let rest = Int64(wall) - Int64(cpu) - Int64(queue) - Int64(waited)
        let line =
            "medprep thread \(name): items \(items) wall \(ms(wall)) ms, cpu \(ms(cpu)), runqueue \(ms(queue)), "
            + "executor wait \(ms(waited)), blocked other \(String(format: "%.1f", Double(rest) / 1e6))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func now() -> (wall: UInt64, cpu: UInt64, queue: UInt64) {
        let wall = wall()
        guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else {
            return (wall, 0, 0)
        }
        let fields = text.split(separator: " ").compactMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return fields.count >= 2 ? (wall, fields[0], fields[1]) : (wall, 0, 0)
    }
}
