/// Block cursors and `SQLGetData` (`SQL_GD_BLOCK`): after a fetch of a rowset of more than one
/// row, the cursor stands on the rowset's first row; `SQLSetPos(n, SQL_POSITION,
/// SQL_LOCK_NO_CHANGE)` moves it to row n, and `SQLGetData` reads that row. A rowset can span
/// blocks, so the rows are remembered as (block, row) with the column readers of each block the
/// rowset touched: memory stays bounded by the rowset size.
struct RowsetPositions {
    var blocks: [[ColumnCursor]] = []
    var rows: [(block: Int, row: Int)] = []
    /// 0-based row of the rowset that `SQLGetData` reads.
    var current = 0
    /// Whether the last fetch used a rowset of more than one row.
    var active = false

    mutating func begin(block size: Int) {
        blocks.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        current = 0
        active = size > 1
    }

    mutating func clear() { begin(block: 1) }

    /// Records the row the cursor just moved to; `newBlock` when it is the first of a block.
    mutating func add(cursors: [ColumnCursor], row: Int, newBlock: Bool) {
        if newBlock || blocks.isEmpty { blocks.append(cursors) }
        rows.append((blocks.count - 1, row))
    }

    /// The readers and row `SQLGetData` reads, or nil when no rowset row is current.
    var position: (cursors: [ColumnCursor], row: Int)? {
        guard active, current >= 0, current < rows.count else { return nil }
        let r = rows[current]
        return (blocks[r.block], r.row)
    }
}

extension StatementHandle {
    /// `SQLSetPos`: only `SQL_POSITION` with `SQL_LOCK_NO_CHANGE` (the cursor is read-only).
    func setPosition(row: Int, operation: UInt16, lock: UInt16) throws {
        switch operation {
        case K.SQL_POSITION: break
        case K.SQL_REFRESH, K.SQL_UPDATE, K.SQL_DELETE, K.SQL_ADD:
            throw ODBCError.notImplemented("SQLSetPos operation \(operation): the cursor is read-only; only SQL_POSITION is supported")
        default: throw ODBCError("HY092", "invalid SQLSetPos operation \(operation)")
        }
        guard lock == K.SQL_LOCK_NO_CHANGE else {
            if lock <= 2 { throw ODBCError.notImplemented("SQLSetPos lock type \(lock): only SQL_LOCK_NO_CHANGE is supported") }
            throw ODBCError("HY092", "invalid SQLSetPos lock type \(lock)")
        }
        guard result != nil, hasCurrentRow else { throw ODBCError("24000", "invalid cursor state: no rowset was fetched") }
        let count = rowset.active ? rowset.rows.count : 1
        guard row >= 1, row <= count else {
            throw ODBCError("HY109", "invalid cursor position: row \(row) of a rowset of \(count) row(s)\(row == 0 ? " (0, all rows, is not valid with SQL_POSITION)" : "")")
        }
        rowset.current = row - 1
        pieces = nil
    }
}
