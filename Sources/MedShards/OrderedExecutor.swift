import Foundation

/// Runs `work(i)` for every index on a fixed number of threads and hands the results to one
/// consumer strictly in index order.
///
/// At most `window` results exist at any moment (computed and not yet consumed, or being computed),
/// so memory is bounded by the window, not by the number of items: a worker that runs ahead waits.
/// The consumer runs on the calling thread. With one job, everything runs on the calling thread.
/// Used by the conversion runner and by `medprep bench`, so both schedule work the same way.
public enum OrderedExecutor {
    /// Runs `work` for `0..<count` on `jobs` threads and calls `consume` in index order.
    ///
    /// - Parameters:
    ///   - count: Number of items.
    ///   - jobs: Worker threads (at least 1).
    ///   - window: Most results alive at once (raised to `jobs` if smaller).
    ///   - work: The per-item function; runs on a worker thread.
    ///   - consume: Receives each result in index order on the calling thread.
    /// - Throws: What `consume` throws; the workers are stopped first.
    public static func run<Output: Sendable>(
        count: Int, jobs: Int, window: Int,
        work: @escaping @Sendable (Int) -> Output,
        consume: (Int, Output) throws -> Void
    ) throws {
        precondition(jobs >= 1 && window >= 1, "jobs and window must be positive")
        if jobs == 1 || count <= 1 {
            var times = ThreadTimes.enabled ? ThreadTimes(name: "main (worker and consumer)") : nil
            for i in 0..<count {
                try consume(i, work(i))
                times?.addItem()
            }
            times?.report()
            return
        }
        let state = State<Output>(window: max(window, jobs))
        let workers = min(jobs, count)
        for _ in 0..<workers {
            let thread = Thread { state.workLoop(count: count, work: work) }
            thread.stackSize = 16 << 20  // decoders (DCMTK) recurse deeper than Thread's 512 KiB default
            thread.start()
        }
        var times = ThreadTimes.enabled ? ThreadTimes(name: "consumer") : nil
        do {
            for i in 0..<count {
                try consume(i, state.take(i, times: &times))
                times?.addItem()
            }
            times?.report()
        } catch {
            state.cancel()
            state.waitForWorkers(workers)
            throw error
        }
        state.waitForWorkers(workers)
    }

    private final class State<Output: Sendable>: @unchecked Sendable {
        // Every field is read and written only with `condition` locked.
        let condition = NSCondition()
        var slots: [Output?]
        var next = 0
        var delivered = 0
        var cancelled = false
        var finished = 0

        init(window: Int) { slots = Array(repeating: nil, count: window) }

        func workLoop(count: Int, work: @Sendable (Int) -> Output) {
            var times = ThreadTimes.enabled ? ThreadTimes(name: "worker") : nil
            defer { times?.report() }
            while true {
                condition.lock()
                let begin = times == nil ? 0 : ThreadTimes.wall()
                while !cancelled && next < count && next >= delivered + slots.count { condition.wait() }
                times?.addWait(since: begin)
                if cancelled || next >= count {
                    finished += 1
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let index = next
                next += 1
                condition.unlock()
                let output = work(index)
                times?.addItem()
                condition.lock()
                slots[index % slots.count] = output
                condition.broadcast()
                condition.unlock()
            }
        }

        func take(_ index: Int, times: inout ThreadTimes?) -> Output {
            condition.lock()
            defer { condition.unlock() }
            let begin = times == nil ? 0 : ThreadTimes.wall()
            defer { times?.addWait(since: begin) }
            while true {
                if let output = slots[index % slots.count] {
                    slots[index % slots.count] = nil
                    delivered = index + 1
                    condition.broadcast()
                    return output
                }
                condition.wait()
            }
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }

        func waitForWorkers(_ count: Int) {
            condition.lock()
            while finished < count { condition.wait() }
            condition.unlock()
        }
    }
}
