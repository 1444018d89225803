/// One JSON scalar (or the raw text of an array or object) as a value parser receives it.
enum JSONScalar {
    /// A string, its escapes decoded.
    case string(UnsafeRawBufferPointer)
    /// A number, as written.
    case number(UnsafeRawBufferPointer)
    case bool(Bool)
    case null
    /// An array or object, as written (for String columns that take them as text).
    case compound(UnsafeRawBufferPointer, isArray: Bool)
}

/// Reads JSON text in place: strings decoded into a scratch buffer only when they hold
/// escapes, numbers kept as written (so that decimals and big integers are exact).
struct JSONCursor: ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    let scratch: TextEscapes.Scratch
    /// Arrays and objects nest at most this deep.
    static let maximumDepth = 256

    init(_ bytes: UnsafeRawBufferPointer, scratch: TextEscapes.Scratch) {
        self.bytes = bytes
        self.scratch = scratch
    }

    /// Consumes `null` if it is next.
    mutating func consumeNull() -> Bool {
        skipSpace()
        return consumeWord("null")
    }

    /// Reads the next value as a scalar and passes it to `body` (a string's decoded bytes live
    /// only during the call).
    mutating func scalar<R>(_ body: (JSONScalar) throws -> R) throws -> R {
        skipSpace()
        guard let b = peek() else { throw unexpected(expecting: "a value") }
        switch b {
        case UInt8(ascii: "\""):
            let (start, end, escaped) = try stringExtent()
            if !escaped { return try body(.string(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))) }
            try decodeString(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &scratch.bytes)
            return try scratch.bytes.withUnsafeBytes { try body(.string($0)) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if consumeWord("true") { return try body(.bool(true)) }
            if consumeWord("false") { return try body(.bool(false)) }
            throw unexpected(expecting: "a value")
        case UInt8(ascii: "n"):
            guard consumeWord("null") else { throw unexpected(expecting: "a value") }
            return try body(.null)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let start = position
            try skipValue(depth: 0)
            return try body(.compound(UnsafeRawBufferPointer(rebasing: bytes[start..<position]), isArray: b == UInt8(ascii: "[")))
        default:
            return try body(.number(try numberToken()))
        }
    }

    /// Reads an object key (a string) and the colon after it; passes the decoded key to `body`.
    mutating func key<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else { throw unexpected(expecting: "a key in double quotes") }
        let (start, end, escaped) = try stringExtent()
        try expect(UInt8(ascii: ":"))
        if !escaped { return try body(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) }
        try decodeString(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &scratch.bytes)
        return try scratch.bytes.withUnsafeBytes { try body($0) }
    }

    /// Skips one value of any kind.
    mutating func skipValue(depth: Int) throws {
        skipSpace()
        guard let b = peek() else { throw unexpected(expecting: "a value") }
        switch b {
        case UInt8(ascii: "\""): _ = try stringExtent()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw ValueProblem("JSON nested more than \(Self.maximumDepth) levels deep") }
            let object = b == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            if consume(close) { return }
            repeat {
                if object {
                    skipSpace()
                    guard peek() == UInt8(ascii: "\"") else { throw unexpected(expecting: "a key in double quotes") }
                    _ = try stringExtent()
                    try expect(UInt8(ascii: ":"))
                }
                try skipValue(depth: depth + 1)
            } while consume(UInt8(ascii: ","))
            try expect(close)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard consumeWord("true") || consumeWord("false") || consumeWord("null") else { throw unexpected(expecting: "a value") }
        default: _ = try numberToken()
        }
    }

    /// The extent of the string at the cursor (inside the quotes) and whether it has escapes;
    /// moves past the closing quote.
    private mutating func stringExtent() throws -> (Int, Int, Bool) {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return (start, position - 1, escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        throw ValueProblem("a JSON string is not closed")
    }

    /// A JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func numberToken() throws -> UnsafeRawBufferPointer {
        let start = position
        func digits() -> Int {
            let s = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - s
        }
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { position = start; throw unexpected(expecting: "a value") }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw ValueProblem("a JSON number has no digits after its point") }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            position += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw ValueProblem("a JSON number has no digits in its exponent") }
        }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    private mutating func consumeWord(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { return false }
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: n)
        for i in 0..<n where bytes[position + i] != w[i] { return false }
        position += n
        return true
    }

    /// Decodes the JSON escapes of a string's inside into `out` (cleared first).
    func decodeString(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) throws {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < text.count {
            let b = text[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < text.count else { throw ValueProblem("a JSON string ends with a backslash") }
            let c = text[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(text, i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 6 <= text.count, text[i] == UInt8(ascii: "\\"), text[i + 1] == UInt8(ascii: "u") else {
                        throw ValueProblem("a JSON \\u escape is half of a surrogate pair")
                    }
                    let low = try hex4(text, i + 2)
                    guard low >= 0xDC00 && low < 0xE000 else { throw ValueProblem("a JSON \\u escape is half of a surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw ValueProblem("a JSON \\u escape is half of a surrogate pair")
                }
                guard let u = Unicode.Scalar(scalar), let encoded = UTF8.encode(u) else {
                    throw ValueProblem("a JSON \\u escape is not a character")
                }
                out.append(contentsOf: encoded)
            default:
                throw ValueProblem("the JSON escape \\\(String(UnicodeScalar(c))) is not valid")
            }
        }
    }

    private func hex4(_ text: UnsafeRawBufferPointer, _ i: Int) throws -> UInt32 {
        guard i + 4 <= text.count else { throw ValueProblem("a JSON \\u escape needs four hexadecimal digits") }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = TextEscapes.hexValue(text[i + k]) else { throw ValueProblem("a JSON \\u escape needs four hexadecimal digits") }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    func unexpected(expecting what: String) -> ValueProblem {
        if atEnd { return ValueProblem("expected \(what), found the end of the row") }
        return ValueProblem("expected \(what) at \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[position...])))")
    }
}
