/// The fields of a TabSeparated or TabSeparatedRaw row: split at tabs (not escaped ones),
/// `\N` for NULL, escapes decoded (TabSeparated), then parsed by the column's type.
struct TabSeparatedRowParser {
    let escapes: Bool
    private let scratch = TextEscapes.Scratch()

    init(escapes: Bool) { self.escapes = escapes }

    /// Appends the row's value to every column.
    func parse(_ row: UnsafeRawBufferPointer, into columns: ColumnSet) throws {
        if row.last == 0x0D, !(escapes && row.count >= 2 && row[row.count - 2] == UInt8(ascii: "\\")) {
            throw ValueProblem("the line ends with a carriage return (\\r\\n line ends are not TabSeparated; the server refuses them too)")
        }
        let appenders = columns.appenders, order = columns.order
        var field = 0
        var fieldStart = 0
        var i = 0
        var escaped = false
        while true {
            while i < row.count {
                let b = row[i]
                if b == 0x09 { break }
                if escapes && b == UInt8(ascii: "\\") {
                    escaped = true
                    i += 2
                } else {
                    i += 1
                }
            }
            let end = min(i, row.count)
            guard field < columns.count else {
                throw ValueProblem("the row has more than \(columns.count) fields (the insert has \(columns.count) columns)")
            }
            let column = order[field]
            do {
                try append(UnsafeRawBufferPointer(rebasing: row[fieldStart..<end]), escaped: escaped, to: appenders[column], column: column, of: columns)
            } catch let p as ValueProblem {
                throw ColumnProblem(column: column, message: p.message)
            }
            field += 1
            guard i < row.count else { break }
            i += 1
            fieldStart = i
            escaped = false
        }
        guard field == columns.count else {
            throw ValueProblem("the row has \(field) field\(field == 1 ? "" : "s"), the insert has \(columns.count) columns")
        }
    }

    @inline(__always)
    private func append(_ text: UnsafeRawBufferPointer, escaped: Bool, to appender: any ValueAppender, column: Int, of columns: ColumnSet) throws {
        if text.count == 2 && text[0] == UInt8(ascii: "\\") && text[1] == UInt8(ascii: "N") {
            try columns.appendNull(column)
        } else if escaped && appender.readsEscapedText {
            try TextEscapes.unescapeTabSeparated(text, into: &scratch.bytes)
            try scratch.bytes.withUnsafeBytes { try appender.appendText($0) }
        } else {
            try appender.appendText(text)
        }
    }

    /// The fields of a row as strings (escapes decoded), for recognising a header row.
    func fields(_ row: UnsafeRawBufferPointer) -> [String]? {
        var out: [String] = []
        var start = 0
        var i = 0
        while true {
            while i < row.count, row[i] != 0x09 { i += escapes && row[i] == UInt8(ascii: "\\") ? 2 : 1 }
            let text = UnsafeRawBufferPointer(rebasing: row[start..<min(i, row.count)])
            if escapes {
                guard (try? TextEscapes.unescapeTabSeparated(text, into: &scratch.bytes)) != nil else { return nil }
                out.append(String(decoding: scratch.bytes, as: UTF8.self))
            } else {
                out.append(String(decoding: text, as: UTF8.self))
            }
            guard i < row.count else { return out }
            i += 1
            start = i
        }
    }
}
