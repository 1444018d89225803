/// Backslash escapes as ClickHouse's text formats read them (`TabSeparated` fields and quoted
/// strings inside arrays, tuples and maps).
enum TextEscapes {
    /// A reusable byte buffer for decoded text.
    final class Scratch {
        var bytes: [UInt8] = []
        init() { bytes.reserveCapacity(256) }
    }

    /// Decodes the escape whose backslash is at `i` in `text`, appending the byte(s) it stands
    /// for to `out`; returns the index after it. An escape whose meaning differs between
    /// server versions (`\u`, `\e`, `\%`, …) or is malformed (`\x` without two hex digits) is
    /// refused.
    static func decode(_ text: UnsafeRawBufferPointer, at i: Int, into out: inout [UInt8]) throws -> Int {
        guard i + 1 < text.count else { throw ValueProblem("a backslash at the end of the value") }
        let c = text[i + 1]
        switch c {
        case UInt8(ascii: "x"):
            guard i + 3 < text.count, let hi = hexValue(text[i + 2]), let lo = hexValue(text[i + 3]) else {
                throw ValueProblem("\\x must be followed by two hexadecimal digits")
            }
            out.append(hi << 4 | lo)
            return i + 4
        case UInt8(ascii: "N"): return i + 2
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "0"): out.append(0x00)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "/"):
            out.append(c)
        default:
            // A backslash before a control character (a tab, a newline) escapes it.
            guard c < 0x20 || c == 0x7F else {
                throw ValueProblem("the escape sequence \\\(String(UnicodeScalar(c))) is not supported (ClickHouse 26.9 keeps the backslash, older servers drop it)")
            }
            out.append(c)
        }
        return i + 2
    }

    /// `text` with the `TabSeparated` escapes decoded, into `out` (cleared first).
    static func unescapeTabSeparated(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) throws {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: "\\") {
                i = try decode(text, at: i, into: &out)
            } else {
                out.append(b)
                i += 1
            }
        }
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
