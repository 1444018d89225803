/// Finds where the row at the start of a byte window ends, for one format. A scanner may be
/// called again on a longer window (more input read) and resumes where it stopped.
protocol RowScanner {
    /// The row's content and the offset after its terminator, relative to the window; nil
    /// when the window holds no complete row yet. With `atEnd`, no more input will come: the
    /// rest is the last row (nil when it is blank).
    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> (content: Range<Int>, next: Int)?
}

/// TabSeparated: a row ends at a newline not escaped by a backslash (`\` before a newline is
/// a newline inside a field). TabSeparatedRaw: at any newline.
struct TabSeparatedScanner: RowScanner {
    let escapes: Bool
    private var resume = 0

    init(escapes: Bool) { self.escapes = escapes }

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> (content: Range<Int>, next: Int)? {
        var i = resume
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                resume = 0
                return (0..<i, i + 1)
            }
            if escapes && b == UInt8(ascii: "\\") {
                // The escaped byte may not have arrived yet: resume at the backslash.
                if i + 1 >= bytes.count { break }
                i += 2
            } else {
                i += 1
            }
        }
        resume = i
        guard atEnd else { return nil }
        resume = 0
        return bytes.isEmpty ? nil : (0..<bytes.count, bytes.count)
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

    init(settings: TextInputSettings) {
        delimiter = settings.csvDelimiter
        doubleQuotes = settings.csvAllowDoubleQuotes
        singleQuotes = settings.csvAllowSingleQuotes
    }

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> (content: Range<Int>, next: Int)? {
        var i = resume
        while i < bytes.count {
            let b = bytes[i]
            if quote != 0 {
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
                resume = 0
                atFieldStart = true
                let end = i > 0 && bytes[i - 1] == 0x0D ? i - 1 : i
                return (0..<end, i + 1)
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
        resume = 0
        quote = 0
        atFieldStart = true
        let end = bytes.count > 0 && bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count
        return bytes.isEmpty ? nil : (0..<end, bytes.count)
    }
}

/// JSONEachRow: an object from `{` to its matching `}` (strings skipped); between objects
/// whitespace, commas and the brackets of an enclosing array are skipped.
struct JSONObjectScanner: RowScanner {
    private var resume = 0
    private var start: Int?
    private var depth = 0
    private var inString = false

    mutating func scan(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> (content: Range<Int>, next: Int)? {
        var i = resume
        while i < bytes.count {
            let b = bytes[i]
            guard let s = start else {
                switch b {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"): i += 1
                case UInt8(ascii: "{"):
                    start = i
                    depth = 1
                    i += 1
                default:
                    throw ValueProblem("expected '{' at the start of a row, found \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[i...])))")
                }
                continue
            }
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
                    resume = 0
                    start = nil
                    return (s..<(i + 1), i + 1)
                }
            }
            i += 1
        }
        resume = i
        guard atEnd else { return nil }
        if let s = start {
            throw ValueProblem("the input ends inside a JSON object: \(ValueProblem.show(UnsafeRawBufferPointer(rebasing: bytes[s...])))")
        }
        resume = 0
        return nil
    }
}
