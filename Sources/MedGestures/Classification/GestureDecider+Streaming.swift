import Foundation

extension GestureDecider {
    /// The decision rule of ``GestureDecider``, applied one observation at a time, for recordings too
    /// long to hold; ``GestureDecider/decide(_:hand:)`` is a loop over it.
    ///
    /// Segments are still dated back to when their candidate began, so an observation's label is
    /// handed out only once no later observation can change it, that is once it lies before the current candidate's start and
    /// before the time the held gesture's score fell below the exit threshold. Only the observations
    /// after that point are kept, normally less than ``Parameters/minimumDuration`` plus
    /// ``Parameters/releaseDuration`` of them.
    public struct Stream: Sendable {
        /// The decision rule.
        public let parameters: Parameters
        /// The track name for segments.
        public let hand: String
        /// Segments completed so far; ``takeSegments()`` hands them out.
        private var segments: [Segment] = []
        /// Observations whose label is not final yet, from index `base` on, with the label a close set.
        private var pending: [(observation: Observation, label: Gesture)] = []
        private var base = 0
        private var count = 0
        /// The last observation handed out (a segment may end on it).
        private var lastFinal: Observation?
        private var held: (gesture: Gesture, start: Int, first: Observation)?
        /// Sum of the held gesture's scores over the held observations already handed out, in order.
        private var heldSum = 0.0
        private var candidate: (gesture: Gesture, start: Int, time: Double)?
        private var belowSince: (index: Int, time: Double)?
        private var firstFree = 0

        /// Creates a stream for one hand track.
        ///
        /// - Parameters:
        ///   - parameters: Thresholds and durations.
        ///   - hand: The track name.
        public init(parameters: Parameters = .init(), hand: String) {
            self.parameters = parameters
            self.hand = hand
        }

        /// Adds the next observation of the track.
        ///
        /// - Parameter observation: The observation (times increasing, as for `decide`).
        /// - Returns: The labels of the oldest observations that became final, in order (possibly none).
        public mutating func add(_ observation: Observation) -> [Gesture] {
            step(observation)
            return finalize(upTo: min(count, belowSince?.index ?? count, candidate?.start ?? count))
        }

        /// Ends the track.
        ///
        /// - Returns: The labels of every observation not handed out yet, in order.
        public mutating func finish() -> [Gesture] {
            if held != nil { close(endingBefore: belowSince?.index ?? count) }
            return finalize(upTo: count)
        }

        /// The gesture held after the last observation added, as a live user sees it now
        /// (``Gesture/none`` while nothing is held); unlike the labels `add` hands out, it is
        /// not dated back to when the candidate began.
        public var heldGesture: Gesture { held?.gesture ?? .none }

        /// The segments completed since the last call, in the order they ended.
        public mutating func takeSegments() -> [Segment] {
            defer { segments = [] }
            return segments
        }

        private func pendingObservation(_ index: Int) -> Observation {
            index >= base ? pending[index - base].observation : lastFinal!
        }

        private mutating func finalize(upTo end: Int) -> [Gesture] {
            guard base < end else { return [] }
            var labels: [Gesture] = []
            labels.reserveCapacity(end - base)
            for k in 0..<(end - base) {
                var (observation, label) = pending[k]
                if let current = held, base + k >= current.start {
                    label = current.gesture
                    heldSum += observation.scores?[current.gesture] ?? 0
                }
                labels.append(label)
                lastFinal = observation
            }
            pending.removeFirst(end - base)
            base = end
            return labels
        }

        private mutating func close(endingBefore end: Int) {
            guard let current = held, end > current.start else {
                held = nil
                return
            }
            var sum = heldSum
            for index in max(base, current.start)..<max(base, end) {
                pending[index - base].label = current.gesture
                sum += pending[index - base].observation.scores?[current.gesture] ?? 0
            }
            let last = pendingObservation(end - 1)
            segments.append(
                Segment(
                    hand: hand, gesture: current.gesture, startFrame: current.first.frame, endFrame: last.frame,
                    start: current.first.time, end: last.time, confidence: sum / Double(end - current.start)))
            firstFree = end
            held = nil
            heldSum = 0
        }

        private mutating func step(_ observation: Observation) {
            let i = count
            pending.append((observation, .none))
            count += 1
            let scores = observation.scores ?? [:]
            let best = scores.filter { $0.key != .none }.max {
                $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key)
            }
            if let current = held {
                if (scores[current.gesture] ?? 0) >= parameters.exitThreshold {
                    belowSince = nil
                } else {
                    let since = belowSince ?? (i, observation.time)
                    belowSince = since
                    if observation.time - since.time >= parameters.releaseDuration {
                        close(endingBefore: since.index)
                        belowSince = nil
                    }
                }
            }
            // The candidate has hysteresis too: it needs one frame at the enter threshold, then
            // only has to stay at the exit threshold, so a tremor dip does not restart its clock.
            if let c = candidate {
                if (scores[c.gesture] ?? 0) < parameters.exitThreshold || c.gesture == held?.gesture {
                    candidate = nil
                } else if let best, best.key != c.gesture, best.value >= parameters.enterThreshold,
                    best.value > scores[c.gesture] ?? 0
                {
                    candidate = (best.key, i, observation.time)
                }
            }
            if candidate == nil, let best, best.value >= parameters.enterThreshold, best.key != held?.gesture {
                candidate = (best.key, i, observation.time)
            }
            if let c = candidate, observation.time - c.time >= parameters.minimumDuration {
                if let current = held { close(endingBefore: max(c.start, current.start)) }
                let start = max(c.start, firstFree)
                held = (c.gesture, start, pendingObservation(start))
                candidate = nil
                belowSince = nil
            }
        }
    }
}
