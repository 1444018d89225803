import CHNative

/// Where a statement's rows come from: the server's block stream or a result built by the
/// driver (catalog functions, `SQLGetTypeInfo`).
protocol ResultSource: AnyObject {
    var names: [String] { get }
    var types: [CHType] { get }
    /// The next block with rows, or `nil` at the end.
    func nextBlock() throws -> Block?
    /// Stops reading; the remaining rows are discarded.
    func close()
}

/// A server result read block by block (one block in memory at a time).
final class ServerResult: ResultSource {
    let result: QueryResult
    let names: [String]
    let types: [CHType]
    private(set) var finished = false

    init(result: QueryResult, header: Block) {
        self.result = result
        self.names = header.names
        self.types = header.columns.map(\.type)
    }

    func nextBlock() throws -> Block? {
        if finished { return nil }
        do {
            if let b = try result.next() { return b }
            finished = true
            return nil
        } catch {
            finished = true
            throw error
        }
    }

    /// Cancels the query when rows are left, then reads to the end so the connection is reusable.
    func close() {
        guard !finished else { return }
        finished = true
        if !result.isFinished { result.cancel() }
        do { try result.drain() } catch {}
    }
}

/// A value of a driver-built result.
enum LocalValue {
    case null
    case text(String)
    case int(Int)
}

/// A result built in memory by the driver.
final class LocalResult: ResultSource {
    let names: [String]
    let types: [CHType]
    private var block: Block?

    /// `columns` are (name, type) with type one of String, Int16, Int32 and their Nullable forms.
    init(columns: [(String, CHType)], rows: [[LocalValue]]) throws {
        names = columns.map(\.0)
        types = columns.map(\.1)
        guard !rows.isEmpty else { block = nil; return }
        var built: [any Column] = []
        for (i, (_, type)) in columns.enumerated() {
            let cells = rows.map { i < $0.count ? $0[i] : .null }
            built.append(try LocalResult.column(type: type, cells: cells))
        }
        block = try Block(names: names, columns: built)
    }

    private static func column(type: CHType, cells: [LocalValue]) throws -> any Column {
        if case .nullable(let inner) = type {
            let nulls: [UInt8] = cells.map { if case .null = $0 { return 1 } else { return 0 } }
            return try NullableColumn(nullMap: nulls, nested: try column(type: inner, cells: cells))
        }
        switch type {
        case .int16:
            return try FixedWidthColumn<Int16>(type: .int16, values: cells.map { if case .int(let v) = $0 { return Int16(clamping: v) } else { return 0 } })
        case .int32:
            return try FixedWidthColumn<Int32>(type: .int32, values: cells.map { if case .int(let v) = $0 { return Int32(clamping: v) } else { return 0 } })
        default:
            return StringColumn(cells.map { cell -> String in
                switch cell {
                case .text(let s): return s
                case .int(let v): return String(v)
                case .null: return ""
                }
            })
        }
    }

    func nextBlock() throws -> Block? {
        defer { block = nil }
        return block
    }

    func close() { block = nil }
}
