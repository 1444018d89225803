/// String escapings of the CSV, JSON and `Values` formats, as the server writes them.
enum StringText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `"…"` with every `"` doubled (CSV).
    static func appendCSV(_ bytes: UnsafeRawBufferPointer, to out: inout TextOutput) {
        out.append(0x22)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x22 {
            out.append(UnsafeRawBufferPointer(rebasing: bytes[start...i]))
            out.append(0x22)
            start = i + 1
        }
        if start < bytes.count { out.append(UnsafeRawBufferPointer(rebasing: bytes[start...])) }
        out.append(0x22)
    }

    /// Writes ``appendCSV(_:to:)``'s text to `p`, which has room for `2 × bytes.count + 2`
    /// bytes; returns the bytes written.
    @inline(__always)
    static func writeCSV(_ bytes: UnsafeRawBufferPointer, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var p = start
        p.pointee = 0x22
        p += 1
        if let source = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var run = 0
            let n = bytes.count
            var i = 0
            while i < n {
                // Eight bytes at a time past text without a quote.
                if i &+ 8 <= n && !ByteScan.hasQuote(UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)) {
                    i &+= 8
                    continue
                }
                i &+= 1
                guard source[i &- 1] == 0x22 else { continue }
                ByteCopy.copy(from: source + run, count: i &- run, to: p)
                p += i &- run
                p.pointee = 0x22
                p += 1
                run = i
            }
            ByteCopy.copy(from: source + run, count: bytes.count &- run, to: p)
            p += bytes.count &- run
        }
        p.pointee = 0x22
        return p + 1 - start
    }

    /// A JSON string literal: `"` and `\` escaped, `/` too when `escapeSlashes`, `\b \f \n \r \t`,
    /// other control bytes as `\u00XX`, U+2028 and U+2029 as `\u2028`/`\u2029`; other bytes
    /// (invalid UTF-8 included) as they are.
    static func appendJSON(_ bytes: UnsafeRawBufferPointer, escapeSlashes: Bool, to out: inout TextOutput) {
        out.append(0x22)
        let n = bytes.count
        var i = 0
        var start = 0
        while i < n {
            let b = bytes[i]
            var escape: UInt8 = 0
            var skip = 1
            switch b {
            case 0x22: escape = 0x22
            case 0x5C: escape = 0x5C
            case 0x2F where escapeSlashes: escape = 0x2F
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0C: escape = UInt8(ascii: "f")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0..<0x20: escape = UInt8(ascii: "u")
            case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                escape = UInt8(ascii: "U")
                skip = 3
            default:
                i += 1
                continue
            }
            if i > start { out.append(UnsafeRawBufferPointer(rebasing: bytes[start..<i])) }
            out.append(0x5C)
            switch escape {
            case UInt8(ascii: "u"):
                out.append(contentsOf: Array("u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            case UInt8(ascii: "U"):
                out.append(contentsOf: Array(bytes[i + 2] == 0xA8 ? "u2028".utf8 : "u2029".utf8))
            default:
                out.append(escape)
            }
            i += skip
            start = i
        }
        if n > start { out.append(UnsafeRawBufferPointer(rebasing: bytes[start..<n])) }
        out.append(0x22)
    }

    /// `'…'` with a `'` written `''` and a backslash as it is; tabs, newlines and the other
    /// control bytes escaped as `TabSeparated` does (`output_format_values_escape_quote_with_quote`).
    static func appendQuotedDoublingQuotes(_ bytes: UnsafeRawBufferPointer, to out: inout TextOutput) {
        out.append(0x27)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x27 || bytes[i] == 0x5C {
            if i > start { TextEscaping.appendEscaped(UnsafeRawBufferPointer(rebasing: bytes[start..<i]), quoted: false, to: &out) }
            out.append(bytes[i])
            if bytes[i] == 0x27 { out.append(0x27) }
            start = i + 1
        }
        if start < bytes.count { TextEscaping.appendEscaped(UnsafeRawBufferPointer(rebasing: bytes[start...]), quoted: false, to: &out) }
        out.append(0x27)
    }
}
