/// A `JSON` column: one column per typed path, one ``DynamicColumn`` per dynamic path, and
/// the shared data holding, per row, the paths beyond `max_dynamic_paths`.
///
/// Text output is the JSON object the server prints: paths sorted, dotted paths nested into
/// objects, NULL dynamic paths left out.
public struct JSONColumn: Column {
    public let type: CHType
    /// Typed paths, sorted.
    public var typedPaths: [String]
    /// The column of each typed path, in ``typedPaths`` order.
    public var typedColumns: [any Column]
    /// Dynamic paths present in this block, sorted.
    public var dynamicPaths: [String]
    /// The column of each dynamic path, in ``dynamicPaths`` order.
    public var dynamicColumns: [DynamicColumn]
    /// `max_dynamic_paths` as the server sent it in the block.
    public var maxDynamicPaths: Int
    /// Paths beyond `max_dynamic_paths`, per row, with their decoded values.
    public internal(set) var shared: JSONSharedData
    public let count: Int

    init(type: CHType, typedPaths: [String], typedColumns: [any Column], dynamicPaths: [String],
         dynamicColumns: [DynamicColumn], maxDynamicPaths: Int, count: Int, shared: JSONSharedData? = nil) {
        self.type = type
        self.typedPaths = typedPaths
        self.typedColumns = typedColumns
        self.dynamicPaths = dynamicPaths
        self.dynamicColumns = dynamicColumns
        self.maxDynamicPaths = maxDynamicPaths
        self.count = count
        self.shared = shared ?? JSONSharedData(emptyRows: count)
    }

    /// The row's paths and values (NULL dynamic paths left out), as a map from path to value.
    public func value(at row: Int) -> CHValue {
        var keys: [CHValue] = []
        var values: [CHValue] = []
        for (path, column, r) in members(at: row) {
            keys.append(.bytes(Array(path.utf8)))
            values.append(column.value(at: r))
        }
        return .map(keys, values)
    }

    /// Non-NULL members of `row` (typed, dynamic and shared-data paths) as (path, column, row
    /// in that column), sorted by path bytes.
    func members(at row: Int) -> [(String, any Column, Int)] {
        var out: [(String, any Column, Int)] = zip(typedPaths, typedColumns).map { ($0, $1, row) }
        for (p, c) in zip(dynamicPaths, dynamicColumns) where !c.isNull(at: row) { out.append((p, c, row)) }
        for i in shared.entries(ofRow: row) {
            guard let v = shared.values[i], !v.column.isNull(at: v.row) else { continue }
            out.append((shared.paths.string(at: i), v.column, v.row))
        }
        out.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return out
    }

    /// The row as a JSON object.
    func writeObject(at row: Int, to out: inout TextOutput) {
        var open: [Substring] = []
        var hasMember: [Bool] = [false]
        out.append(0x7B)
        for (path, column, r) in members(at: row) {
            let segments = path.split(separator: ".", omittingEmptySubsequences: false)
            let parents = segments.dropLast()
            var common = 0
            while common < open.count, common < parents.count, open[common] == parents[parents.startIndex + common] { common += 1 }
            while open.count > common {
                open.removeLast()
                hasMember.removeLast()
                out.append(0x7D)
            }
            for segment in parents.dropFirst(common) {
                if hasMember[hasMember.count - 1] { out.append(0x2C) }
                hasMember[hasMember.count - 1] = true
                JSONColumn.appendKey(segment, to: &out)
                out.append(0x7B)
                open.append(segment)
                hasMember.append(false)
            }
            if hasMember[hasMember.count - 1] { out.append(0x2C) }
            hasMember[hasMember.count - 1] = true
            JSONColumn.appendKey(segments.last ?? "", to: &out)
            column.writeText(at: r, to: &out, style: .json)
        }
        for _ in open { out.append(0x7D) }
        out.append(0x7D)
    }

    private static func appendKey(_ key: Substring, to out: inout TextOutput) {
        var k = String(key)
        k.withUTF8 { TextEscaping.appendJSON(UnsafeRawBufferPointer($0), to: &out) }
        out.append(0x3A)
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        if style == .json {
            writeObject(at: row, to: &out)
            return
        }
        var object = TextOutput()
        writeObject(at: row, to: &object)
        object.bytes.withUnsafeBytes { TextEscaping.appendEscaped($0, quoted: style == .quoted, to: &out) }
    }
}

/// JSON (object) serialization. Prefix: a UInt64 version (0 = V1 with `max_dynamic_paths`,
/// 2 = V2 without), the number of dynamic paths and their sorted names, then the prefixes of
/// the typed paths' columns and of each dynamic path's Dynamic. Body: typed paths, dynamic
/// paths, then the shared data (`Array(Tuple(String, String))` of paths beyond
/// `max_dynamic_paths`: per row, sorted paths and their binary-encoded Dynamic values).
///
/// Version 1 is the string serialization (``JSONStringColumn``: the body is a `String` column
/// of JSON texts) and version 3 the flattened one (``FlattenedJSON``: no `max_dynamic_paths`,
/// no shared data). A ``JSONColumn`` is written as V1, a ``JSONStringColumn`` as strings.
final class JSONCodec: ColumnCodec {
    let type: CHType
    let spec: JSONSpec
    let typed: [any ColumnCodec]
    private var maxDynamicPaths = 1024
    private var version: UInt64 = 0
    private var dynamicPaths: [String] = []
    private var dynamic: [DynamicCodec] = []

    init(type: CHType, spec: JSONSpec) throws {
        self.type = type
        self.spec = spec
        self.typed = try spec.typedPaths.map { try makeCodec(for: $0.type) }
    }

    private var dynamicType: CHType { .dynamic(maxTypes: spec.maxDynamicTypes) }

    func readPrefix(_ r: ReadBuffer) throws {
        version = try r.readLE(UInt64.self)
        switch version {
        case 0: maxDynamicPaths = try r.readLength(limit: 1 << 20, what: "JSON max_dynamic_paths")
        case 1: return
        case 2: break
        case 3: maxDynamicPaths = spec.maxDynamicPaths ?? 1024
        default:
            throw ClickHouseError.unsupportedType("\(type.name): JSON serialization version \(version) is not supported (CHNative reads V1 (0), V2 (2), the string serialization (1) and the flattened one (3))")
        }
        let n = try r.readLength(limit: 1 << 20, what: "JSON dynamic path count")
        dynamicPaths = []
        for _ in 0..<n { dynamicPaths.append(try r.readString()) }
        for c in typed { try c.readPrefix(r) }
        dynamic = dynamicPaths.map { _ in DynamicCodec(type: dynamicType) }
        for d in dynamic { try d.readPrefix(r) }
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        if version == 1 {
            guard let texts = try StringCodec().read(r, rows: rows, context: context) as? StringColumn else {
                throw ClickHouseError.protocolViolation("\(type.name): the JSON texts did not decode as String")
            }
            return JSONStringColumn(type: type, texts: texts)
        }
        var typedColumns: [any Column] = []
        for c in typed { typedColumns.append(try c.read(r, rows: rows, context: context)) }
        var dynamicColumns: [DynamicColumn] = []
        for (i, d) in dynamic.enumerated() {
            guard let c = try d.read(r, rows: rows, context: context) as? DynamicColumn else {
                throw ClickHouseError.protocolViolation("\(type.name): path '\(dynamicPaths[i])' did not decode as Dynamic")
            }
            dynamicColumns.append(c)
        }
        var shared = JSONSharedData()
        var paths = dynamicPaths
        if version == 3 {
            // Without paths the flattened rows take no bytes: refuse what the data cannot back
            // (an Array(JSON) offset or a block row count of 2^40 would allocate terabytes).
            if typed.isEmpty && dynamic.isEmpty && rows > FlattenedJSON.maximumRowsWithoutPaths {
                throw ClickHouseError.protocolViolation("\(type.name): \(rows) rows of a flattened JSON column without paths (at most \(FlattenedJSON.maximumRowsWithoutPaths))")
            }
            (paths, dynamicColumns, shared) = try FlattenedJSON.limitPaths(paths, dynamicColumns, maxDynamicPaths: maxDynamicPaths, rows: rows)
        } else if rows > 0 {
            shared = try JSONSharedData.read(r, rows: rows, context: context, what: type.name)
        }
        return JSONColumn(type: type, typedPaths: spec.typedPaths.map(\.path), typedColumns: typedColumns,
                          dynamicPaths: rows > 0 ? paths : [], dynamicColumns: rows > 0 ? dynamicColumns : [],
                          maxDynamicPaths: maxDynamicPaths, count: rows, shared: shared)
    }

    private func cast(_ column: any Column) throws -> JSONColumn {
        guard let c = column as? JSONColumn, c.typedColumns.count == typed.count else {
            throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)")
        }
        return c
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        if column is JSONStringColumn {
            w.writeLE(UInt64(1))
            return
        }
        let c = try cast(column)
        w.writeLE(UInt64(0))
        w.writeVarUInt(UInt64(c.maxDynamicPaths))
        w.writeVarUInt(UInt64(c.dynamicPaths.count))
        for p in c.dynamicPaths { w.writeString(p) }
        for (codec, col) in zip(typed, c.typedColumns) { try codec.writePrefix(col, to: w) }
        let d = DynamicCodec(type: dynamicType)
        for col in c.dynamicColumns { try d.writePrefix(col, to: w) }
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        if let s = column as? JSONStringColumn {
            try StringCodec().write(s.texts, to: w)
            return
        }
        let c = try cast(column)
        for (codec, col) in zip(typed, c.typedColumns) { try codec.write(col, to: w) }
        let d = DynamicCodec(type: dynamicType)
        for col in c.dynamicColumns { try d.write(col, to: w) }
        try c.shared.write(to: w, rows: c.count)
    }
}
