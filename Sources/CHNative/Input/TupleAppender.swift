/// Tuple(T1, T2, …): `(v1, v2)` in text; in JSON an array, or for a named tuple an object
/// keyed by element names when `input_format_json_named_tuples_as_objects` is on. In CSV, with
/// `input_format_csv_deserialize_separate_columns_into_tuple`, each element is a field of
/// its own (the row parser hands them over one by one).
final class TupleAppender: ValueAppender {
    let elements: [any ValueAppender]
    let names: [String?]
    let context: ValueContext
    private var rows = 0

    init(elements: [any ValueAppender], names: [String?], context: ValueContext) {
        self.elements = elements
        self.names = names
        self.context = context
    }

    var type: CHType { .tuple(zip(names, elements).map { CHType.TupleElement(name: $0, type: $1.type) }) }
    var count: Int { rows }

    func appendText(_ text: UnsafeRawBufferPointer) throws { try appendWholeQuoted(text) }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.expect(UInt8(ascii: "("))
        for (i, element) in elements.enumerated() {
            try element.appendQuoted(&cursor)
            if i + 1 < elements.count {
                guard cursor.consume(UInt8(ascii: ",")) else {
                    throw cursor.unexpected(expecting: "',' (\(type.name) has \(elements.count) elements)")
                }
            }
        }
        try cursor.expect(UInt8(ascii: ")"))
        rows += 1
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        // A named tuple is an object when the settings say so (the server then refuses an
        // array), else an array.
        if context.settings.jsonNamedTuplesAsObjects && names.allSatisfy({ $0 != nil }) {
            try appendJSONObject(&cursor)
            return
        }
        try cursor.expect(UInt8(ascii: "["))
        for (i, element) in elements.enumerated() {
            try element.appendJSON(&cursor)
            if i + 1 < elements.count {
                guard cursor.consume(UInt8(ascii: ",")) else {
                    throw cursor.unexpected(expecting: "',' (\(type.name) has \(elements.count) elements)")
                }
            }
        }
        try cursor.expect(UInt8(ascii: "]"))
        rows += 1
    }

    /// A named tuple as a JSON object: keys in any order; a missing element is its default
    /// and an unknown key is skipped only when the settings say so.
    private func appendJSONObject(_ cursor: inout JSONCursor) throws {
        let settings = context.settings
        let before = rows
        var seen = [Bool](repeating: false, count: elements.count)
        try cursor.expect(UInt8(ascii: "{"))
        if !cursor.consume(UInt8(ascii: "}")) {
            repeat {
                let names = self.names
                let index = try cursor.key { key in names.firstIndex { $0.map { Array($0.utf8).elementsEqual(key) } ?? false } }
                if let index {
                    guard !seen[index] else { throw ValueProblem("the key '\(names[index] ?? "")' appears twice in \(type.name)") }
                    seen[index] = true
                    try elements[index].appendJSON(&cursor)
                } else {
                    guard settings.jsonIgnoreUnknownTupleKeys else { throw ValueProblem("a key that is no element of \(type.name)") }
                    try cursor.skipValue(depth: 0)
                }
            } while cursor.consume(UInt8(ascii: ","))
            try cursor.expect(UInt8(ascii: "}"))
        }
        for (i, element) in elements.enumerated() where !seen[i] {
            guard settings.jsonMissingTupleElementsAsDefault else {
                throw ValueProblem("the element '\(names[i] ?? "")' of \(type.name) is missing")
            }
            try element.appendInsertDefault()
        }
        rows = before + 1
    }

    /// Appends one row whose elements the caller has appended to ``elements`` itself.
    func elementsAppended() { rows += 1 }

    func appendDefault() {
        for e in elements { e.appendDefault() }
        rows += 1
    }

    func appendInsertDefault() throws {
        for e in elements { try e.appendInsertDefault() }
        rows += 1
    }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) {
        for e in elements { e.truncate(to: count) }
        rows = min(rows, count)
    }

    func takeColumn() -> any Column {
        let column = TupleColumn(unchecked: type, elements: elements.map { $0.takeColumn() }, rows: rows)
        rows = 0
        return column
    }
}
