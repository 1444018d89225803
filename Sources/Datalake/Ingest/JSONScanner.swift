/// A top-level field of an event line: scalars decoded, objects and arrays kept as raw JSON text.
enum FieldValue {
    case null
    case bool(Bool)
    /// A number as written.
    case number(String)
    case string(String)
    /// A nested object, as its exact JSON text.
    case object(String)
    /// A nested array, as its exact JSON text.
    case array(String)
}

/// A strict, allocation-light JSON scanner for event lines: it decodes the top-level object's
/// scalars, validates nested values without building them, and keeps their raw text.
struct JSONScanner {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private static let maxDepth = 64

    private init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    /// The fields of the JSON object in `bytes`; throws a ``Rejection`` for invalid JSON or a non-object.
    static func fields<C: Collection<UInt8>>(_ bytes: C) throws -> [String: FieldValue] {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buf in
            var s = JSONScanner(buf)
            s.skipWS()
            guard s.peek == UInt8(ascii: "{") else { throw Rejection(s.peek == nil ? "empty line" : "not a JSON object") }
            s.i += 1
            var out: [String: FieldValue] = [:]
            s.skipWS()
            if s.peek == UInt8(ascii: "}") { s.i += 1 } else {
                while true {
                    s.skipWS()
                    let key = try s.string()
                    s.skipWS()
                    try s.expect(UInt8(ascii: ":"))
                    s.skipWS()
                    out[key] = try s.field()
                    s.skipWS()
                    if s.peek == UInt8(ascii: ",") { s.i += 1; continue }
                    try s.expect(UInt8(ascii: "}"))
                    break
                }
            }
            s.skipWS()
            guard s.i == buf.count else { throw Rejection("not valid JSON: trailing characters after the object") }
            return out
        }
    }

    /// The strings of a JSON array text (throws when an element is not a string).
    static func strings(inArray text: String, field: String) throws -> [String] {
        let array = Array(text.utf8)
        return try array.withUnsafeBufferPointer { buf in
            var s = JSONScanner(buf)
            var out: [String] = []
            s.skipWS()
            try s.expect(UInt8(ascii: "["))
            s.skipWS()
            if s.peek == UInt8(ascii: "]") { return out }
            while true {
                s.skipWS()
                guard s.peek == UInt8(ascii: "\"") else { throw Rejection("field '\(field)' must be an array of strings") }
                out.append(try s.string())
                s.skipWS()
                if s.peek == UInt8(ascii: ",") { s.i += 1; continue }
                try s.expect(UInt8(ascii: "]"))
                return out
            }
        }
    }

    /// Whether `text` is one JSON object (nothing else around it).
    static func isObject(_ text: String) -> Bool {
        let array = Array(text.utf8)
        return array.withUnsafeBufferPointer { buf in
            var s = JSONScanner(buf)
            s.skipWS()
            guard s.peek == UInt8(ascii: "{"), (try? s.skipValue(depth: 0)) != nil else { return false }
            s.skipWS()
            return s.i == buf.count
        }
    }

    private var peek: UInt8? { i < b.count ? b[i] : nil }

    private mutating func skipWS() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        guard peek == c else { throw Rejection("not valid JSON: expected '\(Character(Unicode.Scalar(c)))' at byte \(i)") }
        i += 1
    }

    private mutating func field() throws -> FieldValue {
        guard let c = peek else { throw Rejection("not valid JSON: unexpected end") }
        switch c {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = i
            try skipValue(depth: 0)
            let raw = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            return c == UInt8(ascii: "{") ? .object(raw) : .array(raw)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw Rejection("not valid JSON: unexpected end") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { throw Rejection("not valid JSON at byte \(i)") }
        i += n
    }

    private mutating func number() throws -> String {
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
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        var escaped = false
        while true {
            guard let c = peek else { throw Rejection("not valid JSON: unterminated string") }
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw Rejection("not valid JSON: control character in string") }
            if c == UInt8(ascii: "\\") { escaped = true; i += 2 } else { i += 1 }
        }
        guard i < b.count else { throw Rejection("not valid JSON: unterminated string") }
        let raw = UnsafeBufferPointer(rebasing: b[start..<i])
        i += 1
        return escaped ? try unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.count, let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[at..<(at + 4)]), as: UTF8.self), radix: 16) else {
                throw Rejection("not valid JSON: bad \\u escape")
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
        return String(decoding: out, as: UTF8.self)
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
        default: _ = try number()
        }
    }
}
