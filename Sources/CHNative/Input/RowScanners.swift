#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where the row at the start of a byte window ends, for one format. A scanner may be
/// called again on a longer window (more input read) and resumes where it stopped.
protocol RowScanner {
    /// The row's content and the offset after its terminator, relative to the window; nil
    /// when the window holds no complete row yet. With `atEnd`, no more input will come: the
    /// rest is the last row (nil when it is blank).
    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> RowScan?
}

/// A row found by a ``RowScanner``, with the newlines around and in it (so that lines are
/// counted in the same pass).
struct RowScan {
    /// The row's bytes, relative to the window.
    var content: Range<Int>
    /// Where the next row starts.
    var next: Int
    /// Newlines before the content (blank space between JSON objects).
    var newlinesBefore = 0
    /// Newlines inside the content (escaped, quoted, inside a JSON object).
    var newlinesInside = 0
    /// Newlines after the content (the one that ended the row).
    var newlinesAfter = 0
}

/// TabSeparated: a row ends at a newline not escaped by a backslash (`\` before a newline is
/// a newline inside a field). TabSeparatedRaw: at any newline.
struct TabSeparatedScanner: RowScanner {
    let escapes: Bool
    private var resume = 0
    private var escapedNewlines = 0

    init(escapes: Bool) { self.escapes = escapes }

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> RowScan? {
        var i = resume
        while i < bytes.count, let base = bytes.baseAddress {
            // The next newline (memchr), then whether an odd run of backslashes escapes it.
            guard let found = memchr(base + i, 0x0A, bytes.count - i) else { break }
            let n = UnsafeRawPointer(found) - base
            var backslashes = 0
            if escapes { while n - backslashes - 1 >= 0, bytes[n - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 } }
            if backslashes % 2 == 0 {
                defer { resume = 0; escapedNewlines = 0 }
                return RowScan(content: 0..<n, next: n + 1, newlinesInside: escapedNewlines, newlinesAfter: 1)
            }
            escapedNewlines += 1
            i = n + 1
        }
        // Resume before a trailing backslash, whose escaped byte has not arrived yet.
        resume = bytes.count
        if escapes { while resume > i, bytes[resume - 1] == UInt8(ascii: "\\") { resume -= 1 } }
        guard atEnd else { return nil }
        defer { resume = 0; escapedNewlines = 0 }
        return bytes.isEmpty ? nil : RowScan(content: 0..<bytes.count, next: bytes.count, newlinesInside: escapedNewlines)
    }
}

/// CSV: a row ends at a newline (`\r\n` too) outside quoted fields; a quote opens a field only
/// at its start (after the delimiter and, when trimming, spaces).
struct CSVScanner: RowScanner {
    let delimiter: UInt8
    let doubleQuotes: Bool
    let singleQuotes: Bool
    private var resume = 0
    private var quote: UInt8 = 0
    private var atFieldStart = true
    private var quotedNewlines = 0

    init(settings: TextInputSettings) {
        delimiter = settings.csvDelimiter
        doubleQuotes = settings.csvAllowDoubleQuotes
        singleQuotes = settings.csvAllowSingleQuotes
    }

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> RowScan? {
        var i = resume
        while i < bytes.count {
            let b = bytes[i]
            if quote != 0 {
                if b == 0x0A { quotedNewlines += 1 }
                if b == quote {
                    // A doubled quote stays inside; it may not have arrived yet.
                    if i + 1 >= bytes.count && !atEnd { break }
                    if i + 1 < bytes.count && bytes[i + 1] == quote { i += 2; continue }
                    quote = 0
                }
                i += 1
                continue
            }
            if b == 0x0A {
                defer { resume = 0; atFieldStart = true; quotedNewlines = 0 }
                let end = i > 0 && bytes[i - 1] == 0x0D ? i - 1 : i
                return RowScan(content: 0..<end, next: i + 1, newlinesInside: quotedNewlines, newlinesAfter: 1)
            }
            if b == delimiter {
                atFieldStart = true
            } else if atFieldStart && ((b == UInt8(ascii: "\"") && doubleQuotes) || (b == UInt8(ascii: "'") && singleQuotes)) {
                quote = b
                atFieldStart = false
            } else if b != 0x20 && b != 0x09 {
                atFieldStart = false
            }
            i += 1
        }
        resume = i
        guard atEnd else { return nil }
        defer { resume = 0; quote = 0; atFieldStart = true; quotedNewlines = 0 }
        let end = bytes.count > 0 && bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count
        return bytes.isEmpty ? nil : RowScan(content: 0..<end, next: bytes.count, newlinesInside: quotedNewlines)
    }
}

/// JSONEachRow: an object from `{` to its matching `}` (strings skipped); between objects
/// whitespace, commas and the brackets of an enclosing array are skipped.
struct JSONObjectScanner: RowScanner {
    private var resume = 0
    private var start: Int?
    private var depth = 0
    private var inString = false
    private var before = 0
    private var inside = 0

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> RowScan? {
        var i = resume
        while i < bytes.count {
            let b = bytes[i]
            guard let s = start else {
                switch b {
                case 0x0A:
                    before += 1
                    i += 1
                case 0x20, 0x09, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"): i += 1
                case UInt8(ascii: "{"):
                    start = i
                    depth = 1
                    i += 1
                default:
                    throw ValueProblem("expected '{' at the start of a row, found \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[i...])))")
                }
                continue
            }
            if b == 0x0A { inside += 1 }
            if inString {
                if b == UInt8(ascii: "\\") {
                    if i + 1 >= bytes.count { break }
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    defer { resume = 0; start = nil; before = 0; inside = 0 }
                    return RowScan(content: s..<(i + 1), next: i + 1, newlinesBefore: before, newlinesInside: inside)
                }
            }
            i += 1
        }
        resume = i
        guard atEnd else { return nil }
        if let s = start {
            throw ValueProblem("the input ends inside a JSON object: \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[s...])))")
        }
        defer { resume = 0; before = 0 }
        return nil
    }
}
