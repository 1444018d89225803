/// Reads values in the quoted syntax of arrays, tuples and maps in text formats
/// (`[1,2]`, `('a',1)`, `{'k':[NULL]}`): strings and dates in single quotes with backslash
/// escapes, numbers bare, `NULL` for NULL.
struct QuotedCursor: ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Consumes the literal `NULL` (any case) if it is next and ends there.
    mutating func consumeNull() -> Bool {
        skipSpace()
        guard position + 4 <= bytes.count else { return false }
        guard bytes[position] | 0x20 == UInt8(ascii: "n"), bytes[position + 1] | 0x20 == UInt8(ascii: "u"),
              bytes[position + 2] | 0x20 == UInt8(ascii: "l"), bytes[position + 3] | 0x20 == UInt8(ascii: "l") else { return false }
        if position + 4 < bytes.count, !Self.isDelimiter(bytes[position + 4]) { return false }
        position += 4
        return true
    }

    /// The bare token next (a number, `true`): up to a delimiter, a space or the end.
    mutating func bareToken() throws -> UnsafeRawBufferPointer {
        skipSpace()
        let start = position
        while position < bytes.count, !Self.isDelimiter(bytes[position]) { position += 1 }
        guard position > start else { throw unexpected(expecting: "a value") }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    /// The single-quoted string next, decoded into `out` (cleared first): backslash escapes,
    /// and `''` for a quote.
    mutating func quotedString(into out: inout [UInt8]) throws {
        try expect(UInt8(ascii: "'"))
        out.removeAll(keepingCapacity: true)
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\\") {
                position = try TextEscapes.decode(bytes, at: position, into: &out)
            } else if b == UInt8(ascii: "'") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "'") {
                    out.append(b)
                    position += 2
                } else {
                    position += 1
                    return
                }
            } else {
                out.append(b)
                position += 1
            }
        }
        throw ValueProblem("a quoted string is not closed")
    }

    /// Throws unless only spaces are left.
    mutating func expectEnd() throws {
        skipSpace()
        guard atEnd else { throw unexpected(expecting: "the end of the value") }
    }

    func unexpected(expecting what: String) -> ValueProblem {
        if atEnd { return ValueProblem("expected \(what), found the end of the value") }
        return ValueProblem("expected \(what) at \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[position...])))")
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    @inline(__always) static func isDelimiter(_ b: UInt8) -> Bool {
        isSpace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: ")") || b == UInt8(ascii: "}") || b == UInt8(ascii: ":")
    }
}

/// What the quoted and the JSON cursors share: a position in bytes, spaces skipped before a
/// token, one expected byte consumed or refused.
protocol ByteCursor {
    var bytes: UnsafeRawBufferPointer { get }
    var position: Int { get set }
    /// The error for something other than `what` at the position.
    func unexpected(expecting what: String) -> ValueProblem
}

extension ByteCursor {
    var atEnd: Bool { position >= bytes.count }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while position < bytes.count, QuotedCursor.isSpace(bytes[position]) { position += 1 }
    }

    /// Skips spaces, then consumes `b` or throws.
    mutating func expect(_ b: UInt8) throws {
        skipSpace()
        guard peek() == b else { throw unexpected(expecting: "'\(String(UnicodeScalar(b)))'") }
        position += 1
    }

    /// Skips spaces, then consumes `b` if it is next.
    mutating func consume(_ b: UInt8) -> Bool {
        skipSpace()
        guard peek() == b else { return false }
        position += 1
        return true
    }
}
