/// Escaping rules of ClickHouse's text formats.
enum TextEscaping {
    /// Appends `bytes` escaped as `TabSeparated` writes strings (`\t`, `\n`, `\\`, `\'`, `\0`,
    /// `\b`, `\f`, `\r`), optionally wrapped in single quotes (the quoted style used inside arrays).
    @inline(__always)
    static func appendEscaped(_ bytes: UnsafeRawBufferPointer, quoted: Bool, to out: inout TextOutput) {
        if quoted { out.append(0x27) }
        var start = 0
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            guard let replacement = escapeLetter(b) else {
                i += 1
                continue
            }
            if i > start { out.append(UnsafeRawBufferPointer(rebasing: bytes[start..<i])) }
            out.append(0x5C)
            out.append(replacement)
            i += 1
            start = i
        }
        if n > start { out.append(UnsafeRawBufferPointer(rebasing: bytes[start..<n])) }
        if quoted { out.append(0x27) }
    }

    /// The letter after the backslash that escapes `b` in TabSeparated and quoted text, or nil
    /// when `b` is written as it is.
    @inline(__always)
    static func escapeLetter(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x09: return UInt8(ascii: "t")
        case 0x0A: return UInt8(ascii: "n")
        case 0x5C: return 0x5C
        case 0x27: return 0x27
        case 0x00: return UInt8(ascii: "0")
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        case 0x0D: return UInt8(ascii: "r")
        default: return nil
        }
    }

    /// Writes ``appendEscaped(_:quoted:to:)``'s text to `p`, which has room for
    /// `2 × bytes.count + 2` bytes; returns the bytes written.
    @inline(__always)
    static func writeEscaped(_ bytes: UnsafeRawBufferPointer, quoted: Bool, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var p = start
        if quoted {
            p.pointee = 0x27
            p += 1
        }
        if let source = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var run = 0
            let n = bytes.count
            var i = 0
            while i < n {
                // Eight bytes at a time past text with nothing to escape.
                if i &+ 8 <= n && !ByteScan.mayNeedEscape(UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)) {
                    i &+= 8
                    continue
                }
                let b = source[i]
                i &+= 1
                // Every byte escaped is at most 0x27 or a backslash.
                guard b <= 0x27 || b == 0x5C else { continue }
                guard let replacement = escapeLetter(b) else { continue }
                ByteCopy.copy(from: source + run, count: i &- 1 &- run, to: p)
                p += i &- 1 &- run
                p[0] = 0x5C
                p[1] = replacement
                p += 2
                run = i
            }
            ByteCopy.copy(from: source + run, count: bytes.count &- run, to: p)
            p += bytes.count &- run
        }
        if quoted {
            p.pointee = 0x27
            p += 1
        }
        return p - start
    }

    /// Appends `bytes` as a JSON string literal (invalid UTF-8 is passed through as ClickHouse does).
    static func appendJSON(_ bytes: UnsafeRawBufferPointer, to out: inout TextOutput) {
        out.append(0x22)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            case 0x2F: out.append(0x5C); out.append(0x2F)
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// Appends text that is quoted in the quoted and JSON styles (dates, UUIDs, enums...).
    static func appendQuotedIfNeeded(_ text: String, style: TextStyle, to out: inout TextOutput) {
        var text = text
        text.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            switch style {
            case .tabSeparated: appendEscaped(raw, quoted: false, to: &out)
            case .quoted: appendEscaped(raw, quoted: true, to: &out)
            case .json: appendJSON(raw, to: &out)
            }
        }
    }
}

/// Tests of eight bytes at once (as a little-endian UInt64) for the bytes a string writer must
/// change.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `x` is 0.
    @inline(__always)
    static func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }

    /// Whether a byte of `x` is less than `n` (n ≤ 128).
    @inline(__always)
    static func hasByteLess(_ x: UInt64, than n: UInt8) -> Bool { (x &- ones &* UInt64(n)) & ~x & highs != 0 }

    /// Whether a byte of `x` is one `TabSeparated` escapes (all are at most 0x27, or a backslash).
    @inline(__always)
    static func mayNeedEscape(_ x: UInt64) -> Bool { hasByteLess(x, than: 0x28) || hasZeroByte(x ^ (ones &* 0x5C)) }

    /// Whether a byte of `x` is a double quote.
    @inline(__always)
    static func hasQuote(_ x: UInt64) -> Bool { hasZeroByte(x ^ (ones &* 0x22)) }
}

/// Copies of the few bytes most values are made of, inline: overlapping loads and stores of 8,
/// 4 or 1 bytes instead of a call to `memmove` per run of text; longer runs go to `memmove`.
/// Every byte is read before any is written, so the two ranges may overlap.
enum ByteCopy {
    @inline(__always)
    static func copy(from source: UnsafePointer<UInt8>, count n: Int, to destination: UnsafeMutablePointer<UInt8>) {
        let s = UnsafeRawPointer(source)
        let d = UnsafeMutableRawPointer(destination)
        if n >= 8 {
            guard n <= 16 else {
                d.copyMemory(from: s, byteCount: n)
                return
            }
            let head = s.loadUnaligned(as: UInt64.self)
            let tail = s.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            d.storeBytes(of: head, as: UInt64.self)
            d.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 {
            let head = s.loadUnaligned(as: UInt32.self)
            let tail = s.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            d.storeBytes(of: head, as: UInt32.self)
            d.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else if n > 0 {
            // 1 to 3 bytes: the first, the middle and the last.
            let first = source[0], middle = source[n >> 1], last = source[n &- 1]
            destination[0] = first
            destination[n >> 1] = middle
            destination[n &- 1] = last
        }
    }
}
