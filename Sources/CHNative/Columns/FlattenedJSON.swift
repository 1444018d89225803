/// The flattened `JSON` serialization (object serialization version 3), which the server sends
/// with `output_format_native_use_flattened_dynamic_and_json_serialization = 1`.
///
/// Prefix (after the UInt64 version 3): the number of dynamic paths and their sorted names —
/// every path of the block, also those the normal serialization keeps in the shared data —
/// then the prefixes of the typed paths' columns and of each path's `Dynamic` (itself
/// flattened, ``FlattenedDynamicReader``). Body: the typed paths' columns, then each dynamic
/// path's; there is no shared data.
///
/// Decoding yields the same ``JSONColumn`` the normal serialization gives: when there are more
/// paths than `max_dynamic_paths`, the most used keep columns of their own and the others go
/// to the shared data, so the column prints, boxes and re-inserts like any other.
enum FlattenedJSON {
    /// The most rows a flattened JSON column without typed or dynamic paths may claim: such
    /// rows take no bytes, so only this bound keeps a tiny input from sizing a huge column.
    static let maximumRowsWithoutPaths = 1 << 20

    /// Keeps the `maxDynamicPaths` most used of `paths` (sorted) as columns and moves the
    /// others' non-NULL values into shared data.
    static func limitPaths(_ paths: [String], _ columns: [DynamicColumn], maxDynamicPaths: Int, rows: Int)
        throws -> (paths: [String], columns: [DynamicColumn], shared: JSONSharedData) {
        guard paths.count > maxDynamicPaths else { return (paths, columns, JSONSharedData(emptyRows: rows)) }
        let used = columns.map { c in (0..<rows).reduce(0) { $0 + (c.isNull(at: $1) ? 0 : 1) } }
        let byUse = paths.indices.sorted { used[$0] != used[$1] ? used[$0] > used[$1] : $0 < $1 }
        let kept = byUse.prefix(maxDynamicPaths).sorted()
        let moved = byUse.dropFirst(maxDynamicPaths).sorted()
        var shared = JSONSharedData()
        for row in 0..<rows {
            for p in moved {
                let c = columns[p]
                guard let type = c.valueType(at: row), let (column, r) = c.storage(at: row), !column.isNull(at: r) else { continue }
                let raw = try RowBinaryValueWriter.dynamicValue(column, row: r, type: type)
                shared.append(path: Array(paths[p].utf8), raw: raw, value: DynamicSharedValue(type: type, column: column, row: r))
            }
            shared.endRow()
        }
        return (kept.map { paths[$0] }, kept.map { columns[$0] }, shared)
    }
}
