/// The kind of a top-level value of an event line.
enum JSONKind: UInt8 {
    case null, bool, number, string, object, array
}

/// One top-level field of an event line: where its key and its value are in the line.
///
/// For a string the value range is the text between the quotes (still escaped when `escaped`);
/// for an object or array it is the exact JSON text; for a scalar, the literal as written.
struct JSONField {
    var keyStart: Int
    var keyEnd: Int
    var keyEscaped: Bool
    var kind: JSONKind
    var valueStart: Int
    var valueEnd: Int
    var escaped: Bool
}

/// A strict JSON scanner for event lines that allocates nothing per value: it records where the
/// top-level object's keys and values are, validates nested values without building them, and
/// leaves decoding to the caller (see ``Fields``).
struct JSONScanner {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private static let maxDepth = 64

    private init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    /// Scans the JSON object in `line` into `fields` (emptied first; in order of appearance);
    /// throws a ``Rejection`` for invalid JSON or a non-object.
    static func scanObject(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [JSONField]) throws {
        fields.removeAll(keepingCapacity: true)
        var s = JSONScanner(line)
        s.skipWS()
        guard s.peek == UInt8(ascii: "{") else { throw Rejection(s.peek == nil ? "empty line" : "not a JSON object") }
        s.i += 1
        s.skipWS()
        if s.peek == UInt8(ascii: "}") { s.i += 1 } else {
            while true {
                s.skipWS()
                let (keyStart, keyEnd, keyEscaped) = try s.string()
                s.skipWS()
                try s.expect(UInt8(ascii: ":"))
                s.skipWS()
                var field = JSONField(keyStart: keyStart, keyEnd: keyEnd, keyEscaped: keyEscaped, kind: .null,
                                      valueStart: 0, valueEnd: 0, escaped: false)
                try s.value(into: &field)
                fields.append(field)
                s.skipWS()
                if s.peek == UInt8(ascii: ",") { s.i += 1; continue }
                try s.expect(UInt8(ascii: "}"))
                break
            }
        }
        s.skipWS()
        guard s.i == line.count else { throw Rejection("not valid JSON: trailing characters after the object") }
    }

    /// The strings of a JSON array text (throws when an element is not a string).
    static func strings(inArray text: UnsafeBufferPointer<UInt8>, field: String) throws -> [String] {
        var s = JSONScanner(text)
        var out: [String] = []
        s.skipWS()
        try s.expect(UInt8(ascii: "["))
        s.skipWS()
        if s.peek == UInt8(ascii: "]") { return out }
        while true {
            s.skipWS()
            guard s.peek == UInt8(ascii: "\"") else { throw Rejection("field '\(field)' must be an array of strings") }
            let (start, end, escaped) = try s.string()
            out.append(try decodeString(UnsafeBufferPointer(rebasing: text[start..<end]), escaped: escaped))
            s.skipWS()
            if s.peek == UInt8(ascii: ",") { s.i += 1; continue }
            try s.expect(UInt8(ascii: "]"))
            return out
        }
    }

    /// Whether `text` is one JSON object (nothing else around it).
    static func isObject(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = JSONScanner(text)
        s.skipWS()
        guard s.peek == UInt8(ascii: "{"), (try? s.skipValue(depth: 0)) != nil else { return false }
        s.skipWS()
        return s.i == text.count
    }

    /// The text of a JSON string's content (between the quotes), unescaping when `escaped`.
    static func decodeString(_ raw: UnsafeBufferPointer<UInt8>, escaped: Bool) throws -> String {
        escaped ? String(decoding: try unescape(raw), as: UTF8.self) : String(decoding: raw, as: UTF8.self)
    }

    /// The bytes a JSON string's escaped content stands for.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.count else { throw Rejection("not valid JSON: bad \\u escape") }
            var v: UInt32 = 0
            for c in raw[at..<(at + 4)] {
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: throw Rejection("not valid JSON: bad \\u escape")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while k < raw.count {
            let c = raw[k]
            guard c == UInt8(ascii: "\\") else { out.append(c); k += 1; continue }
            guard k + 1 < raw.count else { throw Rejection("not valid JSON: bad escape") }
            let e = raw[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4(k)
                k += 4
                if (0xD800..<0xDC00).contains(v), k + 6 <= raw.count, raw[k] == UInt8(ascii: "\\"), raw[k + 1] == UInt8(ascii: "u") {
                    let low = try hex4(k + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    }
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8)
            default: throw Rejection("not valid JSON: bad escape")
            }
        }
        return out
    }

    private var peek: UInt8? {
        @inline(__always) get { i < b.count ? b[i] : nil }
    }

    @inline(__always)
    private mutating func skipWS() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    @inline(__always)
    private mutating func expect(_ c: UInt8) throws {
        guard peek == c else { throw Rejection("not valid JSON: expected '\(Character(Unicode.Scalar(c)))' at byte \(i)") }
        i += 1
    }

    private mutating func value(into field: inout JSONField) throws {
        guard let c = peek else { throw Rejection("not valid JSON: unexpected end") }
        switch c {
        case UInt8(ascii: "\""):
            let (start, end, escaped) = try string()
            field.kind = .string
            field.valueStart = start
            field.valueEnd = end
            field.escaped = escaped
            return
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            field.valueStart = i
            try skipValue(depth: 0)
            field.kind = c == UInt8(ascii: "{") ? .object : .array
        case UInt8(ascii: "t"):
            field.valueStart = i
            try literal("true")
            field.kind = .bool
        case UInt8(ascii: "f"):
            field.valueStart = i
            try literal("false")
            field.kind = .bool
        case UInt8(ascii: "n"):
            field.valueStart = i
            try literal("null")
            field.kind = .null
        default:
            field.valueStart = i
            try number()
            field.kind = .number
        }
        field.valueEnd = i
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw Rejection("not valid JSON: unexpected end") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { throw Rejection("not valid JSON at byte \(i)") }
        i += n
    }

    private mutating func number() throws {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while let c = peek, c >= 0x30, c <= 0x39 { i += 1; digits += 1 }
        guard digits > 0 else { throw Rejection("not valid JSON at byte \(start)") }
        if peek == UInt8(ascii: ".") {
            i += 1
            var frac = 0
            while let c = peek, c >= 0x30, c <= 0x39 { i += 1; frac += 1 }
            guard frac > 0 else { throw Rejection("not valid JSON: bad number at byte \(start)") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            var exp = 0
            while let c = peek, c >= 0x30, c <= 0x39 { i += 1; exp += 1 }
            guard exp > 0 else { throw Rejection("not valid JSON: bad number at byte \(start)") }
        }
    }

    /// A mask with the high bit set in the lowest byte of `v` (little-endian) that is a quote,
    /// a backslash or a control character (and maybe in later bytes): SWAR "has zero byte" and
    /// "has byte less than" tests, which are exact for the first such byte.
    @inline(__always)
    private static func specialBytes(_ v: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = v ^ (ones &* 0x22)
        let backslash = v ^ (ones &* 0x5C)
        return ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (v &- ones &* 0x20) & ~v) & high
    }

    /// Skips a string; returns the range of its content and whether it holds escapes.
    private mutating func string() throws -> (Int, Int, Bool) {
        try expect(UInt8(ascii: "\""))
        let start = i
        var escaped = false
        while true {
            // Eight bytes at a time up to the next quote, backslash or control character.
            if let base = b.baseAddress {
                while i + 8 <= b.count {
                    let m = Self.specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
                    if m != 0 {
                        i += m.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
            }
            guard i < b.count else { throw Rejection("not valid JSON: unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw Rejection("not valid JSON: control character in string") }
            if c == UInt8(ascii: "\\") { escaped = true; i += 2 } else { i += 1 }
        }
        let end = i
        i += 1
        return (start, end, escaped)
    }

    private mutating func skipValue(depth: Int) throws {
        guard depth < Self.maxDepth else { throw Rejection("JSON nested too deeply") }
        skipWS()
        guard let c = peek else { throw Rejection("not valid JSON: unexpected end") }
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipWS()
            if peek == close { i += 1; return }
            while true {
                skipWS()
                if c == UInt8(ascii: "{") {
                    _ = try string()
                    skipWS()
                    try expect(UInt8(ascii: ":"))
                }
                try skipValue(depth: depth + 1)
                skipWS()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(close)
                return
            }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }
}
