/// String: the field's bytes as they are. From JSON a string, and (when the settings say so)
/// a number, true/false, an array or an object as its text.
final class StringAppender: KeyAppender {
    let context: ValueContext
    /// The column's layout: a varint length, then the bytes, per value. (No dynamic
    /// exclusivity checks: only this class's methods touch it, one at a time.)
    @exclusivity(unchecked) private var data: [UInt8] = []
    @exclusivity(unchecked) private var offsets: [Int] = [0]

    init(context: ValueContext) { self.context = context }

    var type: CHType { .string }
    var count: Int { offsets.count - 1 }
    var readsEscapedText: Bool { true }

    func append(_ bytes: UnsafeRawBufferPointer) {
        var n = UInt64(bytes.count)
        while n >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        data.append(UInt8(n))
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    func appendText(_ text: UnsafeRawBufferPointer) throws { append(text) }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.quotedString(into: &context.quoted.bytes)
        context.quoted.bytes.withUnsafeBytes { append($0) }
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        let settings = context.settings
        try cursor.scalar { value in
            switch value {
            case .string(let text): append(text)
            case .number(let text) where settings.jsonNumbersAsStrings: append(text)
            case .bool(let b) where settings.jsonBoolsAsStrings || settings.jsonNumbersAsStrings:
                // Read as text by the server when it reads numbers as strings too.
                var word = b ? "true" : "false"
                word.withUTF8 { append(UnsafeRawBufferPointer($0)) }
            case .compound(let text, let isArray) where isArray ? settings.jsonArraysAsStrings : settings.jsonObjectsAsStrings:
                append(text)
            default: throw ValueProblem("expected a JSON string for String, found \(value.kindName)")
            }
        }
    }

    func appendDefault() {
        data.append(0)
        offsets.append(data.count)
    }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) {
        guard count < self.count else { return }
        data.removeLast(data.count - offsets[count])
        offsets.removeLast(offsets.count - count - 1)
    }

    func takeColumn() -> any Column {
        let column = StringColumn(data: data, offsets: offsets)
        data = []
        data.reserveCapacity(column.data.count)
        offsets = [0]
        offsets.reserveCapacity(column.offsets.count)
        return column
    }

    func hashValue(at row: Int, into hasher: inout Hasher) {
        data.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[offsets[row]..<offsets[row + 1]])) }
    }

    func equalValues(_ a: Int, _ b: Int) -> Bool {
        data[offsets[a]..<offsets[a + 1]].elementsEqual(data[offsets[b]..<offsets[b + 1]])
    }
}

/// FixedString(N): at most N bytes, padded with zero bytes (a longer value is refused, as
/// the server does).
final class FixedStringAppender: KeyAppender {
    let width: Int
    let context: ValueContext
    @exclusivity(unchecked) private var data: [UInt8] = []

    init(width: Int, context: ValueContext) {
        self.width = width
        self.context = context
    }

    var type: CHType { .fixedString(width) }
    var count: Int { data.count / width }
    var readsEscapedText: Bool { true }

    func appendText(_ text: UnsafeRawBufferPointer) throws {
        guard text.count <= width else {
            throw ValueProblem("\(ValueProblem.show(text)) has \(text.count) bytes, more than FixedString(\(width)) holds")
        }
        data.append(contentsOf: text)
        data.append(contentsOf: repeatElement(0, count: width - text.count))
    }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.quotedString(into: &context.quoted.bytes)
        try context.quoted.bytes.withUnsafeBytes { try appendText($0) }
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.scalar { value in
            guard case .string(let text) = value else {
                throw ValueProblem("expected a JSON string for FixedString(\(width)), found \(value.kindName)")
            }
            try appendText(text)
        }
    }

    func appendDefault() { data.append(contentsOf: repeatElement(0, count: width)) }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) { data.removeLast(max(0, data.count - count * width)) }

    func takeColumn() -> any Column {
        let column = FixedStringColumn(width: width, data: data)
        data = []
        data.reserveCapacity(column.data.count)
        return column
    }

    func hashValue(at row: Int, into hasher: inout Hasher) {
        data.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[(row * width)..<((row + 1) * width)])) }
    }

    func equalValues(_ a: Int, _ b: Int) -> Bool {
        data[(a * width)..<((a + 1) * width)].elementsEqual(data[(b * width)..<((b + 1) * width)])
    }
}
