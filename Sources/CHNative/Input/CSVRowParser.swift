/// The fields of a CSV row: quoted (`""` inside for a quote) or not (spaces around trimmed
/// when the settings say so); unquoted `\N` is NULL; an empty unquoted field is the column's
/// default (or, on servers without `input_format_csv_empty_as_default`, the empty text).
/// A Tuple column takes one field per element when
/// `input_format_csv_deserialize_separate_columns_into_tuple` is on.
struct CSVRowParser {
    private let settings: TextInputSettings
    private let scratch = TextEscapes.Scratch()
    /// Each field's destination: a column, or an element of a Tuple column.
    private let slots: [Slot]
    /// The fields a row has.
    var fieldCount: Int { slots.count }

    struct Slot {
        var column: Int
        var appender: any ValueAppender
        /// The Tuple column this field is the last element of (it completes that row).
        var completesTuple: TupleAppender?
    }

    /// Field slots for `columns` in field order (`order` maps fields to columns).
    init(settings: TextInputSettings, columns: ColumnSet) throws {
        self.settings = settings
        var slots: [Slot] = []
        for column in columns.order {
            let appender = columns.appenders[column]
            if settings.csvTupleAsSeparateFields, let tuple = appender as? TupleAppender {
                for (k, element) in tuple.elements.enumerated() {
                    if element is TupleAppender {
                        throw TextInputUnsupported("column '\(columns.names[column])' (\(appender.type.name)): a tuple inside a tuple in CSV is not supported")
                    }
                    slots.append(Slot(column: column, appender: element, completesTuple: k == tuple.elements.count - 1 ? tuple : nil))
                }
            } else {
                slots.append(Slot(column: column, appender: appender, completesTuple: nil))
            }
        }
        self.slots = slots
    }

    /// Appends the row's value to every column.
    func parse(_ row: UnsafeRawBufferPointer, into columns: ColumnSet) throws {
        var field = 0
        try forEachField(row) { text, quoted in
            // A delimiter after the last field ends the row (the server allows it).
            if field == slots.count && text.isEmpty && !quoted { field += 1; return }
            guard field < slots.count else {
                throw ValueProblem("the row has more than \(slots.count) fields")
            }
            try append(text, quoted: quoted, to: slots[field], of: columns)
            field += 1
        }
        if field == slots.count + 1 { field -= 1 }
        guard field == slots.count else {
            throw ValueProblem("the row has \(field) field\(field == 1 ? "" : "s"), the insert needs \(slots.count)")
        }
    }

    private func append(_ text: UnsafeRawBufferPointer, quoted: Bool, to slot: Slot, of columns: ColumnSet) throws {
        let appender = slot.appender
        try appender.attributed(slot.column) {
            if !quoted && text.count == 2 && text[0] == UInt8(ascii: "\\") && text[1] == UInt8(ascii: "N") {
                if slot.completesTuple == nil && !(columns.appenders[slot.column] is TupleAppender && settings.csvTupleAsSeparateFields) {
                    try columns.appendNull(slot.column)
                } else {
                    try appender.appendNull()
                }
            } else if !quoted && text.isEmpty, let asDefault = settings.csvEmptyAsDefault, asDefault {
                if slot.completesTuple == nil && !(columns.appenders[slot.column] is TupleAppender && settings.csvTupleAsSeparateFields) {
                    try columns.appendOmitted(slot.column, "the field is empty", asInsertDefault: true)
                } else {
                    try appender.appendInsertDefault()
                }
            } else {
                try appender.appendText(text)
            }
            slot.completesTuple?.elementsAppended()
        }
    }

    /// Calls `body` with each field's text (quotes removed, `""` decoded) and whether it was
    /// quoted.
    func forEachField(_ row: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Bool) throws -> Void) throws {
        let delimiter = settings.csvDelimiter
        let trim = settings.csvTrimWhitespaces
        func isSpace(_ b: UInt8) -> Bool { (b == 0x20 || b == 0x09) && b != delimiter }
        var i = 0
        while true {
            if trim { while i < row.count, isSpace(row[i]) { i += 1 } }
            if i < row.count, (row[i] == UInt8(ascii: "\"") && settings.csvAllowDoubleQuotes) || (row[i] == UInt8(ascii: "'") && settings.csvAllowSingleQuotes) {
                let quote = row[i]
                i += 1
                let start = i
                var doubled = false
                var closed = false
                while i < row.count {
                    if row[i] == quote {
                        if i + 1 < row.count && row[i + 1] == quote {
                            doubled = true
                            i += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    i += 1
                }
                guard closed else { throw ValueProblem("a quoted field is not closed") }
                let inside = UnsafeRawBufferPointer(rebasing: row[start..<i])
                i += 1
                if trim { while i < row.count, isSpace(row[i]) { i += 1 } }
                guard i == row.count || row[i] == delimiter else {
                    throw ValueProblem("unexpected \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: row[i...]))) after a closing quote")
                }
                if doubled {
                    scratch.bytes.removeAll(keepingCapacity: true)
                    var k = 0
                    while k < inside.count {
                        scratch.bytes.append(inside[k])
                        k += inside[k] == quote ? 2 : 1
                    }
                    try scratch.bytes.withUnsafeBytes { try body($0, true) }
                } else {
                    try body(inside, true)
                }
            } else {
                let start = i
                while i < row.count, row[i] != delimiter { i += 1 }
                var end = i
                if trim { while end > start, isSpace(row[end - 1]) { end -= 1 } }
                try body(UnsafeRawBufferPointer(rebasing: row[start..<end]), false)
            }
            guard i < row.count else { return }
            i += 1
        }
    }
}
