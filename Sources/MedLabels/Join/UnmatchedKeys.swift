/// The keys of rows no listed image has, kept as hashes beside their rows rather than in a hash table:
/// a million-row table leaves most rows here, and one sort of 16-byte pairs finds repeated keys and
/// answers later lookups for a fraction of what inserting each key into a dictionary cost.
struct UnmatchedKeys {
    private var entries: [(hash: Int, row: Int)] = []
    private var sorted = false

    /// Notes that `rows[row]` has `key`.
    mutating func append(_ key: String, row: Int) {
        entries.append((HashedKey(key).hash, row))
        sorted = false
    }

    /// Removes the rows that repeat an earlier row's key, returning them as duplicates in file order.
    ///
    /// - Parameter rows: The rows the entries point into, in file order; repeats are removed from it.
    /// - Returns: One ``DuplicateRow`` per repeated row, naming the first row of its key.
    mutating func removeRepeats(from rows: inout [RowReference]) -> [DuplicateRow] {
        entries.sort { ($0.hash, $0.row) < ($1.hash, $1.row) }
        sorted = true
        var repeatOf = [Int: Int]()
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].hash == entries[start].hash { end += 1 }
            if end - start > 1 {
                // Equal hashes: compare the keys; each row repeats the first earlier row with its key.
                for later in (start + 1)..<end {
                    for earlier in start..<later
                    where repeatOf[entries[earlier].row] == nil
                        && rows[entries[earlier].row].key == rows[entries[later].row].key
                    {
                        repeatOf[entries[later].row] = entries[earlier].row
                        break
                    }
                }
            }
            start = end
        }
        guard !repeatOf.isEmpty else { return [] }
        let duplicates = repeatOf.sorted { $0.key < $1.key }.map {
            DuplicateRow(key: rows[$0.key].key, first: rows[$0.value].source, duplicate: rows[$0.key].source)
        }
        // Rows are renumbered once the repeats go; lookups only need the surviving keys.
        var kept: [RowReference] = []
        kept.reserveCapacity(rows.count - repeatOf.count)
        var newIndex = [Int](repeating: -1, count: rows.count)
        for index in rows.indices where repeatOf[index] == nil {
            newIndex[index] = kept.count
            kept.append(rows[index])
        }
        rows = kept
        entries = entries.compactMap { newIndex[$0.row] >= 0 ? ($0.hash, newIndex[$0.row]) : nil }
        return duplicates
    }

    /// Whether one of `rows` has `key`; call after ``removeRepeats(from:)``.
    func contains(_ key: String, in rows: [RowReference]) -> Bool {
        precondition(sorted, "UnmatchedKeys.contains before removeRepeats")
        let hash = HashedKey(key).hash
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        while low < entries.count, entries[low].hash == hash {
            if rows[entries[low].row].key == key { return true }
            low += 1
        }
        return false
    }
}
