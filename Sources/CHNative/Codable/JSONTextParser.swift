/// Parses JSON text (as the server writes a `JSON` value) into an ``EncodedValue``: objects
/// become `.object`, arrays `.array`, integers `.int` (`.uint` above `Int64.max`), other
/// numbers `.double`, strings `.string`, `null` `.null`. Throws on malformed or too deeply
/// nested text.
struct JSONTextParser {
    struct Malformed: Error { let offset: Int }

    static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> EncodedValue {
        var p = JSONTextParser(bytes)
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw Malformed(offset: p.i) }
        return v
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ word: String) throws {
        for b in word.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw Malformed(offset: i) }
            i += 1
        }
    }

    private mutating func value(depth: Int) throws -> EncodedValue {
        guard depth < JSONTextParser.maximumDepth else { throw Malformed(offset: i) }
        skipSpace()
        guard i < bytes.count else { throw Malformed(offset: i) }
        switch bytes[i] {
        case 0x7B: // {
            i += 1
            var fields: [EncodedValue.Field] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x7D { i += 1; return .object(fields) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                fields.append(.init(key: key, value: try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw Malformed(offset: i) }
                if bytes[i] == 0x2C { i += 1; continue }
                try expect("}")
                return .object(fields)
            }
        case 0x5B: // [
            i += 1
            var items: [EncodedValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x5D { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw Malformed(offset: i) }
                if bytes[i] == 0x2C { i += 1; continue }
                try expect("]")
                return .array(items)
            }
        case 0x22: return .string(try string())
        case 0x74: try expect("true"); return .bool(true)
        case 0x66: try expect("false"); return .bool(false)
        case 0x6E: try expect("null"); return .null
        default: return try number()
        }
    }

    private mutating func number() throws -> EncodedValue {
        let start = i
        var integral = true
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 || b == 0x2D { i += 1; continue }
            if b == 0x2E || b == 0x65 || b == 0x45 || b == 0x2B { integral = false; i += 1; continue }
            break
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if integral, let v = Int64(text) { return .int(v) }
        if integral, let v = UInt64(text) { return .uint(v) }
        guard !text.isEmpty, let d = Double(text) else { throw Malformed(offset: start) }
        return .double(d)
    }

    private mutating func string() throws -> String {
        try expect("\"")
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw Malformed(offset: i) }
            let b = bytes[i]
            i += 1
            if b == 0x22 { return String(decoding: out, as: UTF8.self) }
            guard b == 0x5C else { out.append(b); continue }
            guard i < bytes.count else { throw Malformed(offset: i) }
            let e = bytes[i]
            i += 1
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00, i + 5 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                    // A surrogate pair.
                    i += 2
                    let low = try hex4()
                    scalar = low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(e)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count,
              let v = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + 4)]), as: UTF8.self), radix: 16) else {
            throw Malformed(offset: i)
        }
        i += 4
        return v
    }
}
