/// The text forms of one fixed-width type parser: how its values are parsed from a field,
/// inside arrays, tuples and maps, and from JSON.
protocol ScalarTextParser {
    associatedtype Value: BitwiseCopyable & Sendable
    /// The column type.
    var type: CHType { get }
    /// The default value (zero).
    var zero: Value { get }
    /// Whether values are in single quotes inside arrays, tuples and maps (strings, dates,
    /// UUIDs, IPs, enums) or bare (numbers, Bool).
    var quotedInComposites: Bool { get }
    /// Whether a TabSeparated field has its escapes decoded first (enum names).
    var readsEscapedText: Bool { get }
    /// The value whose text is `text`.
    func parse(_ text: UnsafeRawBufferPointer) throws -> Value
    /// The value of a JSON scalar.
    func parseJSON(_ value: JSONScalar) throws -> Value
    /// What the server's `insertDefault` stores (``zero`` but for enums).
    func insertDefault() throws -> Value
}

extension ScalarTextParser {
    var readsEscapedText: Bool { false }

    func insertDefault() throws -> Value { zero }

    /// JSON: a string holds the text form; other JSON values are refused.
    func parseJSON(_ value: JSONScalar) throws -> Value {
        switch value {
        case .string(let text): return try parse(text)
        default: throw ValueProblem("expected a JSON string for \(type.name), found \(value.kindName)")
        }
    }

    /// The refusal of `text` as a value of this type.
    func invalid(_ text: UnsafeRawBufferPointer, _ detail: String = "") -> ValueProblem {
        ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)" + (detail.isEmpty ? "" : ": " + detail))
    }
}

extension JSONScalar {
    /// What the value is, for messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .number(let t): return "the number \(ValueProblem.show(t))"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .compound(_, let isArray): return isArray ? "an array" : "an object"
        }
    }
}

/// A column of a fixed-width type, parsed by its parser. The behaviour lives in this
/// protocol's extension; each parser has a small concrete class (``ScalarAppenders``), so
/// that the compiler specializes it — a generic class would be called through unspecialized
/// code that looks up type metadata on every value. (Their `values` skip the dynamic
/// exclusivity checks: only these methods touch them, one at a time.)
protocol ScalarAppender: KeyAppender {
    associatedtype Parser: ScalarTextParser
    var parser: Parser { get }
    var context: ValueContext { get }
    var values: [Parser.Value] { get set }
}

extension ScalarAppender {
    var type: CHType { parser.type }
    var count: Int { values.count }
    var readsEscapedText: Bool { parser.readsEscapedText }

    func appendText(_ text: UnsafeRawBufferPointer) throws {
        values.append(try parser.parse(text))
    }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        if parser.quotedInComposites {
            try cursor.quotedString(into: &context.quoted.bytes)
            let value = try context.quoted.bytes.withUnsafeBytes { try parser.parse($0) }
            values.append(value)
        } else {
            values.append(try parser.parse(try cursor.bareToken()))
        }
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        let parser = self.parser
        let value = try cursor.scalar { try parser.parseJSON($0) }
        values.append(value)
    }

    func appendDefault() { values.append(parser.zero) }

    func appendInsertDefault() throws { values.append(try parser.insertDefault()) }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) { values.removeLast(max(0, values.count - count)) }

    func takeColumn() -> any Column {
        let column = FixedWidthColumn(uncheckedType: parser.type, values: values, defaultTimezone: nil)
        values = []
        values.reserveCapacity(column.values.count)
        return column
    }

    func hashValue(at row: Int, into hasher: inout Hasher) {
        withUnsafeBytes(of: values[row]) { hasher.combine(bytes: $0) }
    }

    func equalValues(_ a: Int, _ b: Int) -> Bool {
        withUnsafeBytes(of: values[a]) { x in withUnsafeBytes(of: values[b]) { y in x.elementsEqual(y) } }
    }
}
