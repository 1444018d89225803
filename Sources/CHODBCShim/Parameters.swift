#if canImport(Glibc)
import Glibc
#endif
import CHNative
import CODBC

/// `?` parameter markers: finding them in SQL text and replacing them with safely escaped
/// ClickHouse literals built from the application's bound values (never by pasting raw
/// input into the statement).
enum ParameterMarkers {
    /// UTF-8 offsets of every `?` outside string literals, quoted identifiers and comments.
    static func scan(_ sql: String) -> [Int] {
        SQLLexer(sql).compactMap { $0.kind == .other(UInt8(ascii: "?")) ? $0.range.lowerBound : nil }
    }

    /// `sql` with the markers at `positions` replaced by `literals`, in order. A marker is a
    /// token of its own: where a literal would run into the text around it and make another
    /// token (`1-?` with -1 is `1--1`, a comment; `x=?AND` with 1 is `1AND`), a space keeps
    /// them apart.
    static func substitute(_ sql: String, positions: [Int], literals: [String]) -> String {
        let b = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + literals.reduce(0) { $0 + $1.utf8.count })
        var last = 0
        for (p, lit) in zip(positions, literals) {
            out.append(contentsOf: b[last..<p])
            let l = Array(lit.utf8)
            if let before = out.last, let first = l.first, fuse(before, first) { out.append(32) }
            out.append(contentsOf: l)
            if let end = l.last, p + 1 < b.count, fuse(end, b[p + 1]) { out.append(32) }
            last = p + 1
        }
        out.append(contentsOf: b[last...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether byte `a` followed by byte `b` would lex as one token where two were meant: a
    /// word, `--`, `/*`, a doubled quote, or a prefixed string (`x'41'`).
    static func fuse(_ a: UInt8, _ b: UInt8) -> Bool {
        let quote = UInt8(ascii: "'")
        if SQLLexer.isWordByte(a) && (SQLLexer.isWordByte(b) || b == quote) { return true }
        switch (a, b) {
        case (UInt8(ascii: "-"), UInt8(ascii: "-")), (UInt8(ascii: "/"), UInt8(ascii: "*")), (UInt8(ascii: "*"), UInt8(ascii: "/")),
             (quote, quote):
            return true
        default:
            return false
        }
    }

    /// A ClickHouse string literal holding `bytes` exactly: quotes, backslashes, control
    /// bytes and (when `escapeHigh`) non-ASCII bytes are escaped.
    static func quote(_ bytes: [UInt8], escapeHigh: Bool = false) -> String {
        var out: [UInt8] = [UInt8(ascii: "'")]
        out.reserveCapacity(bytes.count + 2)
        let hex = Array("0123456789ABCDEF".utf8)
        for c in bytes {
            switch c {
            case UInt8(ascii: "'"): out += [92, 39]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0: out += [92, UInt8(ascii: "0")]
            case 10: out += [92, UInt8(ascii: "n")]
            case 13: out += [92, UInt8(ascii: "r")]
            case 9: out += [92, UInt8(ascii: "t")]
            case let x where x < 0x20 || x == 0x7F || (escapeHigh && x >= 0x80):
                out += [92, UInt8(ascii: "x"), hex[Int(x >> 4)], hex[Int(x & 15)]]
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` is a plain decimal or exponent number (safe to send unquoted).
    static func isNumberLiteral(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        if i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
        var digits = 0
        while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1; digits += 1 }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
            var exp = 0
            while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1; exp += 1 }
            guard exp > 0 else { return false }
        }
        return i == b.count
    }

    static func isNumericSQLType(_ t: Int16) -> Bool {
        [K.SQL_TINYINT, K.SQL_SMALLINT, K.SQL_INTEGER, K.SQL_BIGINT, K.SQL_REAL, K.SQL_FLOAT, K.SQL_DOUBLE,
         K.SQL_DECIMAL, K.SQL_NUMERIC, K.SQL_BIT].contains(t)
    }

    /// The literal for a text value given the SQL type the application declared (Appendix D,
    /// C to SQL, character data): a number for a numeric type (22018 when the text is not a
    /// numeric literal), the bytes its hexadecimal digits spell for a binary type (22018 when it
    /// is not hexadecimal), else a string literal holding exactly the application's bytes.
    static func textLiteral(_ bytes: [UInt8], sqlType: Int16) throws -> String {
        if isNumericSQLType(sqlType) {
            let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
            if isNumberLiteral(text) { return text }
            if [K.SQL_REAL, K.SQL_FLOAT, K.SQL_DOUBLE].contains(sqlType),
               ["inf", "+inf", "-inf", "nan"].contains(text.lowercased()) { return text.lowercased() }
            throw ODBCError("22018", "invalid character value for cast specification: '\(text.prefix(64))' is not a numeric literal")
        }
        if sqlType == K.SQL_BINARY || sqlType == K.SQL_VARBINARY || sqlType == K.SQL_LONGVARBINARY {
            guard let decoded = hexBytes(bytes) else {
                throw ODBCError("22018", "invalid character value for cast specification: character data for a binary parameter is not hexadecimal")
            }
            return quote(decoded, escapeHigh: true)
        }
        // Bytes that are not UTF-8 stay the application's bytes (the statement text is UTF-8).
        return quote(bytes, escapeHigh: !isValidUTF8(bytes))
    }

    /// The bytes hexadecimal text spells (`"4A0f"` → 0x4A 0x0F), or `nil` when it is not an even
    /// number of hexadecimal digits.
    static func hexBytes(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        for i in stride(from: 0, to: text.count, by: 2) {
            guard let hi = digit(text[i]), let lo = digit(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func doubleLiteral(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }

    /// The C type and SQL type a parameter is converted between: `SQL_C_DEFAULT` stands for the
    /// C type of the SQL type, an undeclared SQL type for `SQL_VARCHAR`.
    static func types(apdType: Int16, ipdType: Int16) -> (cType: Int16, sqlType: Int16) {
        let sqlType = ipdType == K.SQL_C_DEFAULT ? K.SQL_VARCHAR : ipdType
        var cType = apdType
        if cType == K.SQL_C_DEFAULT {
            cType = Converter.defaultCType(for: SQLTypeInfo(sqlType: sqlType, columnSize: 0, decimalDigits: 0, nullable: true, unsigned: false,
                                                            typeName: "", localTypeName: "", displaySize: 0, octetLength: 0, radix: nil,
                                                            caseSensitive: false, literalQuote: nil, fixedPrecisionScale: false))
        }
        return (cType, sqlType)
    }

    /// The literal for parameter `number` (1-based) of the bound parameter set `row`.
    /// `deferred` holds data sent with `SQLPutData` for data-at-execution parameters.
    static func literal(apd: DescriptorRecord, ipd: DescriptorRecord, descriptor: DescriptorHandle, row: Int,
                        deferred: [UInt8]??) throws -> String {
        let (cType, sqlType) = types(apdType: apd.conciseType, ipdType: ipd.conciseType)
        if let deferred { return try deferredLiteral(deferred, cType: cType, sqlType: sqlType) }
        let fixed = Converter.fixedSize(cType)
        let elementSize = fixed > 0 ? fixed : apd.octetLength
        let indicator = descriptor.address(apd.indicatorPointer, row: row, elementSize: MemoryLayout<Int>.size)?.pointee
        let length = descriptor.address(apd.octetLengthPointer, row: row, elementSize: MemoryLayout<Int>.size)?.pointee
        let data = descriptor.address(apd.dataPointer, row: row, elementSize: elementSize)
        return try literal(cType: cType, sqlType: sqlType, data: data, octetLength: apd.octetLength, length: length, indicator: indicator)
    }

    /// The literal for a data-at-execution parameter from the bytes `SQLPutData` sent (`nil`:
    /// SQL_NULL_DATA was put).
    static func deferredLiteral(_ deferred: [UInt8]?, cType: Int16, sqlType: Int16) throws -> String {
        guard let data = deferred else { return "NULL" }
        switch cType {
        case K.SQL_C_WCHAR:
            let units = stride(from: 0, to: data.count - 1, by: 2).map { UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8 }
            return try textLiteral(Array(String(decoding: units, as: UTF16.self).utf8), sqlType: sqlType)
        case K.SQL_C_BINARY: return quote(data, escapeHigh: true)
        default: return try textLiteral(data, sqlType: sqlType)
        }
    }

    /// The literal for one parameter value, from the application's buffers for one parameter
    /// set: `data` (the value), `octetLength` (SQL_DESC_OCTET_LENGTH, the buffer's size),
    /// `length` (`*StrLen_or_IndPtr` read as a length) and `indicator` (read as an indicator);
    /// `nil` where the application gave no pointer.
    static func literal(cType: Int16, sqlType: Int16, data: UnsafeMutableRawPointer?, octetLength: Int,
                        length: Int?, indicator: Int?) throws -> String {
        if indicator == K.SQL_NULL_DATA { return "NULL" }
        guard let data else {
            if indicator == nil && length == nil { return "NULL" }
            throw ODBCError.nullPointer("parameter value pointer")
        }
        switch cType {
        case K.SQL_C_CHAR, K.SQL_C_BINARY:
            let p = data.assumingMemoryBound(to: UInt8.self)
            var n = length ?? K.SQL_NTS
            if n == K.SQL_NTS {
                n = octetLength > 0 ? strnlen(data.assumingMemoryBound(to: CChar.self), octetLength) : strlen(data.assumingMemoryBound(to: CChar.self))
            }
            guard n >= 0, n <= TextIO.maximumInputLength else { throw ODBCError.badLength("parameter length", n) }
            let bytes = Array(UnsafeBufferPointer(start: p, count: n))
            return try cType == K.SQL_C_BINARY ? quote(bytes, escapeHigh: true) : textLiteral(bytes, sqlType: sqlType)
        case K.SQL_C_WCHAR:
            let p = data.assumingMemoryBound(to: UInt16.self)
            var units = length ?? K.SQL_NTS
            if units == K.SQL_NTS {
                let limit = octetLength > 0 ? octetLength / 2 : TextIO.maximumInputLength
                units = 0
                while units < limit && p[units] != 0 { units += 1 }
            } else {
                guard units >= 0, units <= TextIO.maximumInputLength else { throw ODBCError.badLength("parameter length", units) }
                units /= 2
            }
            let text = String(decoding: UnsafeBufferPointer(start: p, count: units), as: UTF16.self)
            return try textLiteral(Array(text.utf8), sqlType: sqlType)
        case K.SQL_C_BIT: return data.load(as: UInt8.self) != 0 ? "1" : "0"
        case K.SQL_C_TINYINT, K.SQL_C_STINYINT: return String(data.loadUnaligned(as: Int8.self))
        case K.SQL_C_UTINYINT: return String(data.loadUnaligned(as: UInt8.self))
        case K.SQL_C_SHORT, K.SQL_C_SSHORT: return String(data.loadUnaligned(as: Int16.self))
        case K.SQL_C_USHORT: return String(data.loadUnaligned(as: UInt16.self))
        case K.SQL_C_LONG, K.SQL_C_SLONG: return String(data.loadUnaligned(as: Int32.self))
        case K.SQL_C_ULONG: return String(data.loadUnaligned(as: UInt32.self))
        case K.SQL_C_SBIGINT: return String(data.loadUnaligned(as: Int64.self))
        case K.SQL_C_UBIGINT: return String(data.loadUnaligned(as: UInt64.self))
        case K.SQL_C_FLOAT: return doubleLiteral(Double(data.loadUnaligned(as: Float.self)))
        case K.SQL_C_DOUBLE: return doubleLiteral(data.loadUnaligned(as: Double.self))
        case K.SQL_C_NUMERIC:
            let s = data.loadUnaligned(as: SQL_NUMERIC_STRUCT.self)
            var v = s.val
            let bytes = withUnsafeBytes(of: &v) { Array($0) }
            var magnitude: UInt128 = 0
            for (i, b) in bytes.enumerated() { magnitude |= UInt128(b) << (8 * UInt128(i)) }
            var digits = String(magnitude)
            let scale = Int(s.scale)
            if scale > 0 {
                if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            } else if scale < 0 {
                digits += String(repeating: "0", count: -scale)
            }
            return (s.sign == 0 && magnitude != 0 ? "-" : "") + digits
        case K.SQL_C_TYPE_DATE, K.SQL_C_DATE:
            let d = data.loadUnaligned(as: SQL_DATE_STRUCT.self)
            guard CivilText.isValidDate(year: Int(d.year), month: Int(d.month), day: Int(d.day)) else {
                throw ODBCError("22007", "invalid datetime format: \(d.year)-\(d.month)-\(d.day) in a SQL_DATE_STRUCT parameter is not a date")
            }
            return "'" + dateText(Int(d.year), Int(d.month), Int(d.day)) + "'"
        case K.SQL_C_TYPE_TIME, K.SQL_C_TIME:
            let t = data.loadUnaligned(as: SQL_TIME_STRUCT.self)
            guard t.hour < 24, t.minute < 60, t.second < 62 else {
                throw ODBCError("22007", "invalid datetime format: \(t.hour):\(t.minute):\(t.second) in a SQL_TIME_STRUCT parameter is not a time")
            }
            let time = timeText(Int(t.hour), Int(t.minute), Int(t.second))
            if sqlType == K.SQL_TYPE_TIMESTAMP || sqlType == K.SQL_TIMESTAMP {
                // Appendix D, time to timestamp: the date fields are the current date.
                let today = CivilText.today()
                return "'" + dateText(today.year, today.month, today.day) + " " + time + "'"
            }
            return "'" + time + "'"
        case K.SQL_C_TYPE_TIMESTAMP, K.SQL_C_TIMESTAMP:
            let t = data.loadUnaligned(as: SQL_TIMESTAMP_STRUCT.self)
            guard CivilText.isValidDate(year: Int(t.year), month: Int(t.month), day: Int(t.day)),
                  t.hour < 24, t.minute < 60, t.second < 62, t.fraction < 1_000_000_000 else {
                throw ODBCError("22007", "invalid datetime format in a SQL_TIMESTAMP_STRUCT parameter")
            }
            let date = dateText(Int(t.year), Int(t.month), Int(t.day))
            var time = timeText(Int(t.hour), Int(t.minute), Int(t.second))
            switch sqlType {
            case K.SQL_TYPE_DATE, K.SQL_DATE:
                // Appendix D, timestamp to date: time fields that are not zero would be lost.
                guard t.hour == 0, t.minute == 0, t.second == 0, t.fraction == 0 else {
                    throw ODBCError("22008", "datetime field overflow: the timestamp's time fields are not zero for a SQL_TYPE_DATE parameter")
                }
                return "'" + date + "'"
            case K.SQL_TYPE_TIME, K.SQL_TIME:
                // Timestamp to time: the date is ignored; fractional seconds would be lost.
                guard t.fraction == 0 else {
                    throw ODBCError("22008", "datetime field overflow: fractional seconds for a SQL_TYPE_TIME parameter")
                }
                return "'" + time + "'"
            default:
                break
            }
            if t.fraction > 0 {
                var frac = pad(Int(t.fraction), 9)
                while frac.hasSuffix("0") { frac.removeLast() }
                time += "." + frac
            }
            return "'" + date + " " + time + "'"
        case K.SQL_C_GUID:
            return "'" + GUIDText.text(data.loadUnaligned(as: SQLGUID.self)) + "'"
        default:
            throw ODBCError("HY003", "invalid application buffer type \(cType) for a parameter")
        }
    }

    static func dateText(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    static func timeText(_ hour: Int, _ minute: Int, _ second: Int) -> String {
        pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
