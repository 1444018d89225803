/// Calendar dates and wall-clock times in text: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss[.fff]`,
/// with the checks that make a parsed value exact (no day 30 of February, no hour 24).
enum CivilText {
    /// A parsed date and time before any timezone is applied.
    struct Local {
        /// Seconds since 1970-01-01 00:00:00 of the wall-clock time.
        var seconds: Int64
        /// The digits after the point (at most 9 significant, value scaled to 9 digits).
        var nanoseconds: Int64 = 0
        /// Digits written after the point.
        var fractionDigits = 0
        /// The offset written after the time (`Z`, `+02:00`), in seconds east of UTC.
        var offset: Int?
        /// Whether the text was a Unix timestamp (already UTC).
        var isTimestamp = false
    }

    /// Days since 1970-01-01 of `YYYY-MM-DD` (or `YYYYMMDD` when `compact`) making up the whole
    /// of `text`; nil when it is not such a date or the date does not exist.
    static func date(_ text: UnsafeRawBufferPointer, compact: Bool) -> Int64? {
        if compact, text.count == 8, let n = number(text, 0, 8) {
            return days(year: n / 10000, month: (n / 100) % 100, day: n % 100)
        }
        guard text.count == 10, let (d, end) = date(text, at: 0), end == 10 else { return nil }
        return d
    }

    /// `YYYY-MM-DD` at `i`: the days and the index after it.
    static func date(_ text: UnsafeRawBufferPointer, at i: Int) -> (Int64, Int)? {
        guard i + 10 <= text.count, text[i + 4] == UInt8(ascii: "-"), text[i + 7] == UInt8(ascii: "-"),
              let y = number(text, i, 4), let m = number(text, i + 5, 2), let d = number(text, i + 8, 2),
              let days = days(year: y, month: m, day: d) else { return nil }
        return (days, i + 10)
    }

    /// The date and time making up the whole of `text`: `YYYY-MM-DD hh:mm:ss` (or a `T`
    /// between them), with digits after the point when `fraction`, and with best effort also
    /// `YYYY-MM-DD` alone and a `Z` or `±hh[:mm]` offset. A ten-digit Unix timestamp (with a
    /// fraction when `fraction`) is UTC. Nil for anything else.
    static func dateTime(_ text: UnsafeRawBufferPointer, fraction: Bool, bestEffort: Bool) -> Local? {
        if text.count >= 10, (0..<10).allSatisfy({ text[$0] &- UInt8(ascii: "0") < 10 }), let seconds = number(text, 0, 10) {
            var local = Local(seconds: seconds, isTimestamp: true)
            if text.count == 10 { return local }
            guard fraction, text[10] == UInt8(ascii: "."), readFraction(text, 11, &local) == text.count else { return nil }
            return local
        }
        guard let (days, afterDate) = date(text, at: 0) else { return nil }
        if afterDate == text.count { return bestEffort ? Local(seconds: days * 86_400) : nil }
        let i = afterDate + 1
        guard text[afterDate] == UInt8(ascii: " ") || text[afterDate] == UInt8(ascii: "T"), i + 8 <= text.count,
              text[i + 2] == UInt8(ascii: ":"), text[i + 5] == UInt8(ascii: ":"),
              let h = number(text, i, 2), let m = number(text, i + 3, 2), let s = number(text, i + 6, 2),
              h < 24, m < 60, s < 60 else { return nil }
        var local = Local(seconds: days * 86_400 + h * 3600 + m * 60 + s)
        var end = i + 8
        if end < text.count, text[end] == UInt8(ascii: ".") {
            guard fraction else { return nil }
            end = readFraction(text, end + 1, &local)
            guard local.fractionDigits > 0 else { return nil }
        }
        if end == text.count { return local }
        guard bestEffort, let (offset, after) = zone(text, end), after == text.count else { return nil }
        local.offset = offset
        return local
    }

    /// Digits after a point at `i`; returns the index after them.
    private static func readFraction(_ text: UnsafeRawBufferPointer, _ i: Int, _ local: inout Local) -> Int {
        var j = i
        var value: Int64 = 0
        while j < text.count, text[j] &- UInt8(ascii: "0") < 10 {
            if j - i < 9 {
                value = value * 10 + Int64(text[j] - UInt8(ascii: "0"))
            } else if text[j] != UInt8(ascii: "0") {
                // Digits beyond nanoseconds: kept as a flag that the value is not exact.
                local.fractionDigits = 99
            }
            j += 1
        }
        let digits = j - i
        if digits < 9 { for _ in digits..<9 { value *= 10 } }
        local.nanoseconds = value
        if local.fractionDigits != 99 { local.fractionDigits = digits }
        return j
    }

    /// `Z`, `+hh`, `+hhmm`, `+hh:mm` (or `-`) at `i`: seconds east of UTC, index after it.
    private static func zone(_ text: UnsafeRawBufferPointer, _ i: Int) -> (Int, Int)? {
        guard i < text.count else { return nil }
        if text[i] == UInt8(ascii: "Z") { return (0, i + 1) }
        guard text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-"), let h = number(text, i + 1, 2), h <= 14 else { return nil }
        let sign = text[i] == UInt8(ascii: "-") ? -1 : 1
        var j = i + 3
        var m: Int64 = 0
        if j < text.count, text[j] == UInt8(ascii: ":") { j += 1 }
        if j < text.count {
            guard let mm = number(text, j, 2), mm < 60 else { return nil }
            m = mm
            j += 2
        }
        return (sign * Int(h * 3600 + m * 60), j)
    }

    /// The `count` decimal digits at `i` as a number.
    static func number(_ text: UnsafeRawBufferPointer, _ i: Int, _ count: Int) -> Int64? {
        guard i >= 0, i + count <= text.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + count) {
            let d = text[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
        }
        return v
    }

    private static let monthLengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Days since 1970-01-01 of a date that exists.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard month >= 1, month <= 12, day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        guard day <= (month == 2 && leap ? 29 : monthLengths[Int(month - 1)]) else { return nil }
        return CivilTime.days(year: year, month: Int(month), day: Int(day))
    }
}
