/// The ODBC scalar functions of `{fn ...}` and their ClickHouse forms, with the `SQLGetInfo`
/// bitmasks derived from the same table so they cannot disagree.
enum ScalarFunctions {
    enum Group { case string, numeric, timedate, system, convert }

    /// A mapping: group, `SQLGetInfo` bit, accepted argument counts, and the rewrite.
    struct Entry {
        let group: Group
        let bit: UInt32
        let arity: ClosedRange<Int>
        let rewrite: @Sendable ([String]) throws -> String
    }

    /// `f(args...)` under another name.
    private static func rename(_ name: String) -> @Sendable ([String]) -> String {
        { "\(name)(\($0.joined(separator: ", ")))" }
    }

    static let table: [String: Entry] = {
        var t: [String: Entry] = [:]
        func add(_ n: String, _ g: Group, _ bit: UInt32, _ a: ClosedRange<Int>, _ r: @escaping @Sendable ([String]) throws -> String) {
            t[n] = Entry(group: g, bit: bit, arity: a, rewrite: r)
        }
        // String functions (SQL_FN_STR_*).
        add("CONCAT", .string, 0x1, 2...2, rename("concat"))
        add("LEFT", .string, 0x4, 2...2, rename("leftUTF8"))
        add("LTRIM", .string, 0x8, 1...1, rename("trimLeft"))
        add("LENGTH", .string, 0x10, 1...1) { "lengthUTF8(trimRight(\($0[0])))" }
        add("LOCATE", .string, 0x20 | 0x10000, 2...3) { a in
            a.count == 3 ? "positionUTF8(\(a[1]), \(a[0]), toUInt64(\(a[2])))" : "positionUTF8(\(a[1]), \(a[0]))"
        }
        add("LCASE", .string, 0x40, 1...1, rename("lowerUTF8"))
        add("REPEAT", .string, 0x80, 2...2) { "repeat(\($0[0]), toUInt64(\($0[1])))" }
        add("REPLACE", .string, 0x100, 3...3, rename("replaceAll"))
        add("RIGHT", .string, 0x200, 2...2, rename("rightUTF8"))
        add("RTRIM", .string, 0x400, 1...1, rename("trimRight"))
        add("SUBSTRING", .string, 0x800, 2...3, rename("substringUTF8"))
        add("UCASE", .string, 0x1000, 1...1, rename("upperUTF8"))
        add("ASCII", .string, 0x2000, 1...1) { "toInt32(reinterpretAsUInt8(substring(\($0[0]), 1, 1)))" }
        add("CHAR", .string, 0x4000, 1...1) { "char(\($0[0]))" }
        add("SPACE", .string, 0x40000, 1...1) { "repeat(' ', toUInt64(\($0[0])))" }
        add("BIT_LENGTH", .string, 0x80000, 1...1) { "(length(\($0[0])) * 8)" }
        add("CHAR_LENGTH", .string, 0x100000, 1...1, rename("lengthUTF8"))
        add("CHARACTER_LENGTH", .string, 0x200000, 1...1, rename("lengthUTF8"))
        add("OCTET_LENGTH", .string, 0x400000, 1...1, rename("length"))
        add("INSERT", .string, 0x2, 4...4) { a in
            "concat(substringUTF8(\(a[0]), 1, toUInt64(greatest((\(a[1])) - 1, 0))), \(a[3]), substringUTF8(\(a[0]), toInt64(\(a[1])) + toInt64(\(a[2]))))"
        }
        add("SOUNDEX", .string, 0x20000, 1...1, rename("soundex"))
        add("DIFFERENCE", .string, 0x8000, 2...2) { a in
            "toInt32(arraySum(arrayMap((x, y) -> x = y, splitByString('', soundex(\(a[0]))), splitByString('', soundex(\(a[1]))))))"
        }
        add("POSITION", .string, 0x800000, 1...1) { a in
            guard let (needle, haystack) = splitAtKeyword(a[0], "IN") else {
                throw EscapeTranslator.error("POSITION takes 'needle IN haystack', not '\(a[0].prefix(60))'")
            }
            return "positionUTF8(\(haystack), \(needle))"
        }
        // Numeric functions (SQL_FN_NUM_*).
        add("ABS", .numeric, 0x1, 1...1, rename("abs"))
        add("ACOS", .numeric, 0x2, 1...1, rename("acos"))
        add("ASIN", .numeric, 0x4, 1...1, rename("asin"))
        add("ATAN", .numeric, 0x8, 1...1, rename("atan"))
        add("ATAN2", .numeric, 0x10, 2...2) { "atan2(\($0[0]), \($0[1]))" }
        add("CEILING", .numeric, 0x20, 1...1, rename("ceil"))
        add("COS", .numeric, 0x40, 1...1, rename("cos"))
        add("COT", .numeric, 0x80, 1...1) { "(1 / tan(\($0[0])))" }
        add("EXP", .numeric, 0x100, 1...1, rename("exp"))
        add("FLOOR", .numeric, 0x200, 1...1, rename("floor"))
        add("LOG", .numeric, 0x400, 1...1, rename("log"))
        add("MOD", .numeric, 0x800, 2...2, rename("modulo"))
        add("SIGN", .numeric, 0x1000, 1...1, rename("sign"))
        add("SIN", .numeric, 0x2000, 1...1, rename("sin"))
        add("SQRT", .numeric, 0x4000, 1...1, rename("sqrt"))
        add("TAN", .numeric, 0x8000, 1...1, rename("tan"))
        add("PI", .numeric, 0x10000, 0...0) { _ in "pi()" }
        add("RAND", .numeric, 0x20000, 0...1) { _ in "(rand() / 4294967296)" }
        add("DEGREES", .numeric, 0x40000, 1...1) { "(\($0[0]) * 180 / pi())" }
        add("LOG10", .numeric, 0x80000, 1...1, rename("log10"))
        add("POWER", .numeric, 0x100000, 2...2, rename("pow"))
        add("RADIANS", .numeric, 0x200000, 1...1) { "(\($0[0]) * pi() / 180)" }
        add("ROUND", .numeric, 0x400000, 1...2, rename("round"))
        add("TRUNCATE", .numeric, 0x800000, 1...2, rename("trunc"))
        // Date and time functions (SQL_FN_TD_*).
        add("NOW", .timedate, 0x1, 0...0) { _ in "now()" }
        add("CURDATE", .timedate, 0x2, 0...0) { _ in "today()" }
        add("DAYOFMONTH", .timedate, 0x4, 1...1, rename("toDayOfMonth"))
        add("DAYOFWEEK", .timedate, 0x8, 1...1) { "(toDayOfWeek(\($0[0])) % 7 + 1)" }
        add("DAYOFYEAR", .timedate, 0x10, 1...1, rename("toDayOfYear"))
        add("MONTH", .timedate, 0x20, 1...1, rename("toMonth"))
        add("QUARTER", .timedate, 0x40, 1...1, rename("toQuarter"))
        // ODBC's week of the year is 1 to 53; mode 8: weeks start on Sunday (as DAYOFWEEK's 1)
        // and week 1 is the one holding January 1 (mode 0 numbers the days before the first
        // Sunday week 0).
        add("WEEK", .timedate, 0x80, 1...1) { "toWeek(\($0[0]), 8)" }
        add("YEAR", .timedate, 0x100, 1...1, rename("toYear"))
        add("CURTIME", .timedate, 0x200, 0...0) { _ in "substring(toString(now()), 12, 8)" }
        add("HOUR", .timedate, 0x400, 1...1, rename("toHour"))
        add("MINUTE", .timedate, 0x800, 1...1, rename("toMinute"))
        add("SECOND", .timedate, 0x1000, 1...1, rename("toSecond"))
        add("TIMESTAMPADD", .timedate, 0x2000, 3...3) { a in
            "\(try intervalFunction(a[0], add: true))(\(a[2]), \(a[1]))"
        }
        add("TIMESTAMPDIFF", .timedate, 0x4000, 3...3) { a in
            "dateDiff('\(try intervalFunction(a[0], add: false))', \(a[1]), \(a[2]))"
        }
        add("DAYNAME", .timedate, 0x8000, 1...1) { "dateName('weekday', \($0[0]))" }
        add("MONTHNAME", .timedate, 0x10000, 1...1) { "dateName('month', \($0[0]))" }
        add("CURRENT_DATE", .timedate, 0x20000, 0...0) { _ in "today()" }
        add("CURRENT_TIME", .timedate, 0x40000, 0...1) { _ in "substring(toString(now()), 12, 8)" }
        // CURRENT_TIMESTAMP(p): p digits of fractional seconds.
        add("CURRENT_TIMESTAMP", .timedate, 0x80000, 0...1) { $0.isEmpty ? "now()" : "now64(\($0[0]))" }
        add("EXTRACT", .timedate, 0x100000, 1...1) { a in
            let fields = ["YEAR": "toYear", "MONTH": "toMonth", "DAY": "toDayOfMonth",
                          "HOUR": "toHour", "MINUTE": "toMinute", "SECOND": "toSecond"]
            guard let (field, value) = splitAtKeyword(a[0], "FROM"), let fn = fields[field.uppercased()] else {
                throw EscapeTranslator.error("EXTRACT takes 'YEAR|MONTH|DAY|HOUR|MINUTE|SECOND FROM value', not '\(a[0].prefix(60))'")
            }
            return "\(fn)(\(value))"
        }
        // System functions (SQL_FN_SYS_*).
        add("USER", .system, 0x1, 0...0) { _ in "currentUser()" }
        add("DATABASE", .system, 0x2, 0...0) { _ in "currentDatabase()" }
        add("IFNULL", .system, 0x4, 2...2, rename("ifNull"))
        // CONVERT (SQL_FN_CVT_CONVERT).
        add("CONVERT", .convert, 0x1, 2...2) { a in try convert(a[0], a[1]) }
        return t
    }()

    /// The `SQLGetInfo` bitmask of a group.
    static func mask(_ group: Group) -> UInt32 {
        table.values.reduce(0) { $1.group == group ? $0 | $1.bit : $0 }
    }

    static func translate(_ name: String, _ args: [String]) throws -> String {
        guard let e = table[name] else {
            throw ODBCError("HYC00", "optional feature not implemented: ODBC scalar function \(name) in {fn ...}")
        }
        guard e.arity.contains(args.count) else {
            throw EscapeTranslator.error("\(name) takes \(e.arity.lowerBound == e.arity.upperBound ? "\(e.arity.lowerBound)" : "\(e.arity.lowerBound) to \(e.arity.upperBound)") argument(s), not \(args.count)")
        }
        return try e.rewrite(args)
    }

    /// `text` split at the first `keyword` (a whole word, any case) outside quotes and
    /// parentheses, both sides trimmed and non-empty: `'a' IN col` at `IN` is `('a', col)`.
    static func splitAtKeyword(_ text: String, _ keyword: String) -> (String, String)? {
        let bytes = Array(text.utf8), word = Array(keyword.uppercased().utf8)
        func isWord(_ c: UInt8) -> Bool { c == 95 || (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c >= 0x80 }
        var i = 0, depth = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 39 || c == 34 || c == 96 { // a quoted literal or identifier: skip to its end
                i += 1
                while i < bytes.count {
                    if bytes[i] == 92 { i += 2; continue }
                    if bytes[i] == c {
                        if i + 1 < bytes.count && bytes[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            }
            if c == 40 { depth += 1 } else if c == 41 { depth -= 1 }
            if depth == 0, i + word.count <= bytes.count, (i == 0 || !isWord(bytes[i - 1])),
               (i + word.count == bytes.count || !isWord(bytes[i + word.count])),
               zip(bytes[i..<(i + word.count)], word).allSatisfy({ ($0 >= 97 && $0 <= 122 ? $0 - 32 : $0) == $1 }) {
                let left = EscapeTranslator.trimmed(String(decoding: bytes[..<i], as: UTF8.self))
                let right = EscapeTranslator.trimmed(String(decoding: bytes[(i + word.count)...], as: UTF8.self))
                return left.isEmpty || right.isEmpty ? nil : (left, right)
            }
            i += 1
        }
        return nil
    }

    /// `SQL_TSI_*` of TIMESTAMPADD/TIMESTAMPDIFF: the add function or the dateDiff unit.
    static func intervalFunction(_ tsi: String, add: Bool) throws -> String {
        let units: [String: (String, String)] = [
            "SQL_TSI_FRAC_SECOND": ("addNanoseconds", "nanosecond"), "SQL_TSI_SECOND": ("addSeconds", "second"),
            "SQL_TSI_MINUTE": ("addMinutes", "minute"), "SQL_TSI_HOUR": ("addHours", "hour"), "SQL_TSI_DAY": ("addDays", "day"),
            "SQL_TSI_WEEK": ("addWeeks", "week"), "SQL_TSI_MONTH": ("addMonths", "month"),
            "SQL_TSI_QUARTER": ("addQuarters", "quarter"), "SQL_TSI_YEAR": ("addYears", "year"),
        ]
        guard let u = units[tsi.uppercased()] else { throw EscapeTranslator.error("unknown interval '\(tsi)' (expected SQL_TSI_SECOND ... SQL_TSI_YEAR)") }
        return add ? u.0 : u.1
    }

    /// The interval bits reported for SQL_TIMEDATE_ADD_INTERVALS / SQL_TIMEDATE_DIFF_INTERVALS.
    static let intervalMask: UInt32 = 0x1FF

    /// `CONVERT(value, SQL_type)` targets: the ClickHouse conversion and the SQL_CVT_* bit.
    static let convertTargets: [String: (String, UInt32)] = [
        "SQL_CHAR": ("toString", 0x1), "SQL_VARCHAR": ("toString", 0x100), "SQL_LONGVARCHAR": ("toString", 0x200),
        "SQL_WCHAR": ("toString", 0x200000), "SQL_WVARCHAR": ("toString", 0x800000), "SQL_WLONGVARCHAR": ("toString", 0x400000),
        "SQL_INTEGER": ("toInt32", 0x8), "SQL_SMALLINT": ("toInt16", 0x10), "SQL_TINYINT": ("toInt8", 0x2000),
        "SQL_BIGINT": ("toInt64", 0x4000), "SQL_FLOAT": ("toFloat64", 0x20), "SQL_REAL": ("toFloat32", 0x40),
        "SQL_DOUBLE": ("toFloat64", 0x80), "SQL_BIT": ("toUInt8", 0x1000),
        "SQL_DATE": ("toDate", 0x8000), "SQL_TYPE_DATE": ("toDate", 0x8000),
        "SQL_TIMESTAMP": ("toDateTime", 0x20000), "SQL_TYPE_TIMESTAMP": ("toDateTime", 0x20000),
        "SQL_GUID": ("toUUID", 0x1000000),
    ]

    static func convert(_ value: String, _ type: String) throws -> String {
        let key = type.uppercased()
        guard let (fn, _) = convertTargets[key] else {
            throw ODBCError("HYC00", "optional feature not implemented: CONVERT to \(type)")
        }
        if key == "SQL_BIT" { return "toUInt8(\(value) != 0)" }
        return "\(fn)(\(value))"
    }

    /// SQL_CVT_* bits of the targets CONVERT reaches from a source type (`SQL_CONVERT_*` key):
    /// text converts to anything, numbers to numbers, text, dates and timestamps (days or Unix
    /// time), dates and timestamps to each other, text and integers, UUIDs and binary to text.
    static func convertMask(fromInfoKey key: UInt16) -> UInt32 {
        let text: UInt32 = 0x1 | 0x100 | 0x200 | 0x200000 | 0x800000 | 0x400000
        let numbers: UInt32 = 0x8 | 0x10 | 0x2000 | 0x4000 | 0x20 | 0x40 | 0x80 | 0x1000
        let dates: UInt32 = 0x8000 | 0x20000
        switch key {
        case 56, 70, 62, 122, 126, 125: return text | numbers | dates | 0x1000000 // CHAR, VARCHAR, LONGVARCHAR, W*
        case 53, 55, 58, 59, 60, 61, 63, 64, 65, 68: return text | numbers | dates // BIGINT BIT DECIMAL DOUBLE FLOAT INTEGER NUMERIC REAL SMALLINT TINYINT
        case 57, 67: return text | dates | 0x8 | 0x4000 // DATE, TIMESTAMP
        case 173: return text | 0x1000000 // GUID
        case 54, 69, 71: return text // BINARY, VARBINARY, LONGVARBINARY
        default: return 0
        }
    }
}
