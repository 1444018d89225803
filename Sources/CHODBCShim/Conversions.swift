#if canImport(Glibc)
import Glibc
#endif
import CHNative
import CODBC

/// Where one value goes: an application buffer of a C type, with its length and indicator.
struct Target {
    var cType: Int16
    var buffer: UnsafeMutableRawPointer?
    var bufferLength: Int
    var lengthPointer: UnsafeMutablePointer<Int>?
    var indicatorPointer: UnsafeMutablePointer<Int>?
    /// For `SQL_C_NUMERIC`: the scale asked for, or `nil` for the value's own scale.
    var numericScale: Int?
}

/// Progress of `SQLGetData` on one column of the current row (piecewise retrieval).
struct PieceState {
    var column = 0
    var offset = 0
    var finished = false
    var bytes: [UInt8]?
    var units: [UInt16]?

    mutating func reset(column: Int) {
        self = PieceState()
        self.column = column
    }
}

/// The result of writing one value.
enum ConversionOutcome {
    case success
    /// 01004: text or binary data did not fit.
    case truncated
    /// 01S07: a fractional part was dropped.
    case fractionalTruncation
    /// `SQLGetData` called again after the whole value was returned.
    case noData
}

/// Conversions from ClickHouse values to the C types applications bind.
enum Converter {
    /// The C type `SQL_C_DEFAULT` stands for, given the column's SQL type.
    static func defaultCType(for info: SQLTypeInfo) -> Int16 {
        switch info.sqlType {
        case K.SQL_WCHAR, K.SQL_WVARCHAR, K.SQL_WLONGVARCHAR: return K.SQL_C_WCHAR
        case K.SQL_BIGINT: return info.unsigned ? K.SQL_C_UBIGINT : K.SQL_C_SBIGINT
        case K.SQL_INTEGER: return info.unsigned ? K.SQL_C_ULONG : K.SQL_C_SLONG
        case K.SQL_SMALLINT: return info.unsigned ? K.SQL_C_USHORT : K.SQL_C_SSHORT
        case K.SQL_TINYINT: return info.unsigned ? K.SQL_C_UTINYINT : K.SQL_C_STINYINT
        case K.SQL_REAL: return K.SQL_C_FLOAT
        case K.SQL_DOUBLE, K.SQL_FLOAT: return K.SQL_C_DOUBLE
        case K.SQL_BIT: return K.SQL_C_BIT
        case K.SQL_TYPE_DATE: return K.SQL_C_TYPE_DATE
        case K.SQL_TYPE_TIMESTAMP: return K.SQL_C_TYPE_TIMESTAMP
        case K.SQL_GUID: return K.SQL_C_GUID
        case K.SQL_BINARY, K.SQL_VARBINARY, K.SQL_LONGVARBINARY: return K.SQL_C_BINARY
        default: return K.SQL_C_CHAR
        }
    }

    /// Whether `cType` is a C type this driver converts to.
    static func isSupported(_ cType: Int16) -> Bool {
        switch cType {
        case K.SQL_C_CHAR, K.SQL_C_WCHAR, K.SQL_C_BINARY, K.SQL_C_BIT, K.SQL_C_TINYINT, K.SQL_C_STINYINT, K.SQL_C_UTINYINT,
             K.SQL_C_SHORT, K.SQL_C_SSHORT, K.SQL_C_USHORT, K.SQL_C_LONG, K.SQL_C_SLONG, K.SQL_C_ULONG, K.SQL_C_SBIGINT,
             K.SQL_C_UBIGINT, K.SQL_C_FLOAT, K.SQL_C_DOUBLE, K.SQL_C_NUMERIC, K.SQL_C_DATE, K.SQL_C_TIME, K.SQL_C_TIMESTAMP,
             K.SQL_C_TYPE_DATE, K.SQL_C_TYPE_TIME, K.SQL_C_TYPE_TIMESTAMP, K.SQL_C_GUID, K.SQL_C_DEFAULT:
            return true
        default:
            return false
        }
    }

    /// Writes `SQL_NULL_DATA`; 22002 when the application gave nowhere to put it.
    static func writeNull(_ target: Target) throws {
        guard let ind = target.indicatorPointer ?? target.lengthPointer else {
            throw ODBCError("22002", "indicator variable required but not supplied: the value is NULL")
        }
        ind.pointee = K.SQL_NULL_DATA
    }

    private static func storeLength(_ target: Target, _ length: Int) {
        if let l = target.lengthPointer { l.pointee = length }
        if let i = target.indicatorPointer, i != target.lengthPointer { i.pointee = 0 }
    }

    /// Converts the cell at `row` of `cursor` into `target`. `pieces` carries `SQLGetData`
    /// progress (nil for bound columns, which are written whole or truncated).
    static func convert(_ cursor: ColumnCursor, row: Int, defaultCType: Int16, target: Target,
                        pieces: inout PieceState?) throws -> ConversionOutcome {
        if pieces?.finished == true { return .noData }
        guard let r = cursor.resolve(row) else {
            try writeNull(target)
            pieces?.finished = true
            return .success
        }
        var cType = target.cType
        if cType == K.SQL_C_DEFAULT { cType = defaultCType }
        switch cType {
        case K.SQL_C_CHAR:
            return try writeChars(cursor, r, target: target, pieces: &pieces)
        case K.SQL_C_WCHAR:
            return try writeWide(cursor, r, target: target, pieces: &pieces)
        case K.SQL_C_BINARY:
            return try writeBinary(cursor.text(r), target: target, pieces: &pieces, raw: cursor.isString)
        default:
            pieces?.finished = true
            guard let buffer = target.buffer else {
                // Nothing to write into: only the length is asked for.
                storeLength(target, fixedSize(cType))
                return .success
            }
            return try writeFixed(cursor, r, cType: cType, buffer: buffer, target: target)
        }
    }

    static func fixedSize(_ cType: Int16) -> Int {
        switch cType {
        case K.SQL_C_BIT, K.SQL_C_TINYINT, K.SQL_C_STINYINT, K.SQL_C_UTINYINT: return 1
        case K.SQL_C_SHORT, K.SQL_C_SSHORT, K.SQL_C_USHORT: return 2
        case K.SQL_C_LONG, K.SQL_C_SLONG, K.SQL_C_ULONG, K.SQL_C_FLOAT: return 4
        case K.SQL_C_SBIGINT, K.SQL_C_UBIGINT, K.SQL_C_DOUBLE: return 8
        case K.SQL_C_DATE, K.SQL_C_TYPE_DATE, K.SQL_C_TIME, K.SQL_C_TYPE_TIME: return 6
        case K.SQL_C_TIMESTAMP, K.SQL_C_TYPE_TIMESTAMP, K.SQL_C_GUID: return 16
        case K.SQL_C_NUMERIC: return 19
        default: return 0
        }
    }

    // MARK: Text

    private static func checkLength(_ target: Target) throws {
        guard target.bufferLength >= 0 else { throw ODBCError.badLength("BufferLength", target.bufferLength) }
    }

    static func writeChars(_ cursor: ColumnCursor, _ r: Int, target: Target, pieces: inout PieceState?) throws -> ConversionOutcome {
        try checkLength(target)
        // Fast path: a whole String value that fits, on the first call.
        if case .string(let s) = cursor.base, (pieces?.offset ?? 0) == 0, pieces?.bytes == nil {
            let fitted: Bool = s.withBytes(at: r) { b in
                guard b.count < target.bufferLength, let out = target.buffer else { return false }
                if let src = b.baseAddress, b.count > 0 { out.copyMemory(from: src, byteCount: b.count) }
                out.storeBytes(of: 0, toByteOffset: b.count, as: UInt8.self)
                storeLength(target, b.count)
                return true
            }
            if fitted {
                pieces?.finished = true
                return .success
            }
        }
        let bytes: [UInt8]
        if let cached = pieces?.bytes { bytes = cached } else {
            bytes = cursor.text(r)
            if (pieces?.offset ?? 0) == 0, target.buffer != nil { try checkTextFits(cursor.baseType, bytes, capacity: target.bufferLength) }
        }
        return emit(bytes, unitSize: 1, target: target, pieces: &pieces, cache: { $0?.bytes = bytes })
    }

    static func writeWide(_ cursor: ColumnCursor, _ r: Int, target: Target, pieces: inout PieceState?) throws -> ConversionOutcome {
        try checkLength(target)
        if case .string(let s) = cursor.base, (pieces?.offset ?? 0) == 0, pieces?.units == nil {
            // Fast path: ASCII text that fits is widened byte by byte.
            let fitted: Bool = s.withBytes(at: r) { b in
                guard (b.count + 1) * 2 <= target.bufferLength, let out = target.buffer else { return false }
                for i in 0..<b.count {
                    let c = b[i]
                    if c >= 0x80 { return false }
                    out.storeBytes(of: UInt16(c), toByteOffset: 2 * i, as: UInt16.self)
                }
                out.storeBytes(of: UInt16(0), toByteOffset: 2 * b.count, as: UInt16.self)
                storeLength(target, b.count * 2)
                return true
            }
            if fitted {
                pieces?.finished = true
                return .success
            }
        }
        let units: [UInt16]
        if let cached = pieces?.units { units = cached } else {
            units = Array(String(decoding: cursor.text(r), as: UTF8.self).utf16)
            if (pieces?.offset ?? 0) == 0, target.buffer != nil { try checkTextFits(cursor.baseType, units, capacity: target.bufferLength / 2) }
        }
        return emit(units, unitSize: 2, target: target, pieces: &pieces, cache: { $0?.units = units })
    }

    /// Appendix D (SQL to C, to SQL_C_CHAR/SQL_C_WCHAR): a number, date or timestamp too long
    /// for the buffer may lose only its fractional digits (01004, by the caller). When the
    /// buffer of `capacity` units (NUL included) cannot hold a number's sign and whole digits,
    /// a whole date, or a timestamp through its seconds, nothing is written: 22003. Capacity 0
    /// is a request for the length and is left to the caller.
    static func checkTextFits<U: FixedWidthInteger>(_ type: CHType, _ text: [U], capacity: Int) throws {
        guard capacity > 0, text.count >= capacity else { return }
        let needed: Int
        switch type {
        case .int8, .int16, .int32, .int64, .int128, .int256, .uint8, .uint16, .uint32, .uint64, .uint128, .uint256,
             .float32, .float64, .bfloat16, .decimal, .bool:
            let point = U(UInt8(ascii: ".")), e = U(UInt8(ascii: "e")), bigE = U(UInt8(ascii: "E"))
            // An exponent or inf/nan has no fractional digits to drop.
            let plain = !text.contains(e) && !text.contains(bigE) && !text.contains(U(UInt8(ascii: "n")))
            needed = plain ? (text.firstIndex(of: point) ?? text.count) : text.count
        case .date, .date32:
            needed = text.count
        case .dateTime, .dateTime64:
            needed = min(text.count, 19) // yyyy-mm-dd hh:mm:ss
        default:
            return
        }
        if needed >= capacity {
            throw ODBCError("22003", "numeric value out of range: \(needed) characters of '\(String(decoding: text.prefix(64).map { UInt16(truncatingIfNeeded: $0) }, as: UTF16.self))' do not fit in a buffer of \(capacity) with its terminator")
        }
    }

    /// Writes the next piece of `units` (bytes or UTF-16 units) NUL-terminated.
    private static func emit<U: FixedWidthInteger>(_ units: [U], unitSize: Int, target: Target, pieces: inout PieceState?,
                                                   cache: (inout PieceState?) -> Void) -> ConversionOutcome {
        let offset = pieces?.offset ?? 0
        if offset > 0 && offset >= units.count { pieces?.finished = true; return .noData }
        let remaining = units.count - offset
        let capacity = target.bufferLength / unitSize
        storeLength(target, remaining * unitSize)
        guard let out = target.buffer, capacity > 0 else {
            if remaining == 0 { pieces?.finished = true; return .success }
            cache(&pieces)
            return .truncated
        }
        var n = min(remaining, capacity - 1)
        if n < remaining, unitSize == 2, n > 0, UTF16.isLeadSurrogate(UInt16(truncatingIfNeeded: units[offset + n - 1])) { n -= 1 }
        units.withUnsafeBufferPointer { src in
            if n > 0, let base = src.baseAddress {
                out.copyMemory(from: base + offset, byteCount: n * unitSize)
            }
        }
        out.storeBytes(of: U.zero, toByteOffset: n * unitSize, as: U.self)
        if n < remaining {
            cache(&pieces)
            pieces?.offset = offset + n
            return .truncated
        }
        pieces?.offset = units.count
        pieces?.finished = true
        return .success
    }

    static func writeBinary(_ bytes: [UInt8], target: Target, pieces: inout PieceState?, raw: Bool) throws -> ConversionOutcome {
        try checkLength(target)
        let offset = pieces?.offset ?? 0
        if offset > 0 && offset >= bytes.count { pieces?.finished = true; return .noData }
        let remaining = bytes.count - offset
        storeLength(target, remaining)
        guard let out = target.buffer, target.bufferLength > 0 else {
            if remaining == 0 { pieces?.finished = true; return .success }
            return .truncated
        }
        let n = min(remaining, target.bufferLength)
        bytes.withUnsafeBufferPointer { src in
            if n > 0, let base = src.baseAddress { out.copyMemory(from: base + offset, byteCount: n) }
        }
        if n < remaining {
            pieces?.offset = offset + n
            return .truncated
        }
        pieces?.offset = bytes.count
        pieces?.finished = true
        return .success
    }

    // MARK: Fixed-size targets

    private static func numberOf(_ cursor: ColumnCursor, _ r: Int) throws -> NumberValue {
        if let n = cursor.number(r) { return n }
        let text = String(decoding: cursor.text(r), as: UTF8.self).trimmingSpaces()
        if let i = Int64(text) { return .int(i) }
        if let u = UInt64(text) { return .uint(u) }
        if NumericText.isDecimal(text) { return .text(text) }
        if let d = Double(text) { return .double(d) }
        if text == "true" { return .int(1) }
        if text == "false" { return .int(0) }
        throw ODBCError("22018", "invalid character value for cast specification: '\(text.prefix(64))' is not a number")
    }

    /// The integer part of a number, and whether a fractional part was dropped.
    static func integer(_ n: NumberValue) throws -> (Int128, Bool) {
        switch n {
        case .int(let v): return (Int128(v), false)
        case .uint(let v): return (Int128(v), false)
        case .double(let d):
            guard d.isFinite, d > -1.7e38, d < 1.7e38 else { throw ODBCError("22003", "numeric value \(d) out of range") }
            let t = d.rounded(.towardZero)
            return (Int128(t), t != d)
        case .text(let s):
            guard let parsed = NumericText.parse(s) else { throw ODBCError("22018", "invalid numeric text '\(s.prefix(64))'") }
            let intDigits = parsed.digits.dropLast(parsed.scale)
            var v: Int128 = 0
            for d in intDigits {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int128(d))
                guard !o1, !o2 else { throw ODBCError("22003", "numeric value \(s.prefix(80)) out of range") }
                v = a
            }
            let fractional = parsed.digits.suffix(parsed.scale).contains { $0 != 0 }
            return (parsed.negative ? -v : v, fractional)
        }
    }

    private static func store<T: FixedWidthInteger>(_ n: NumberValue, as: T.Type, into buffer: UnsafeMutableRawPointer) throws -> Bool {
        let (v, fractional) = try integer(n)
        guard v >= Int128(T.min), v <= Int128(T.max) else {
            throw ODBCError("22003", "numeric value \(v) out of range for the C type (\(T.min)...\(T.max))")
        }
        buffer.storeBytes(of: T(v), as: T.self)
        return fractional
    }

    static func double(_ n: NumberValue) throws -> Double {
        switch n {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .double(let d): return d
        case .text(let s):
            guard let d = Double(s) else { throw ODBCError("22018", "invalid numeric text '\(s.prefix(64))'") }
            return d
        }
    }

    private static func writeFixed(_ cursor: ColumnCursor, _ r: Int, cType: Int16,
                                    buffer: UnsafeMutableRawPointer, target: Target) throws -> ConversionOutcome {
        var fractional = false
        switch cType {
        case K.SQL_C_BIT:
            let n = try numberOf(cursor, r)
            let d = try double(n)
            guard d >= 0, d < 2 else { throw ODBCError("22003", "numeric value \(d) out of range for SQL_C_BIT") }
            buffer.storeBytes(of: UInt8(d >= 1 ? 1 : 0), as: UInt8.self)
            fractional = d != 0 && d != 1
        case K.SQL_C_TINYINT, K.SQL_C_STINYINT: fractional = try store(try numberOf(cursor, r), as: Int8.self, into: buffer)
        case K.SQL_C_UTINYINT: fractional = try store(try numberOf(cursor, r), as: UInt8.self, into: buffer)
        case K.SQL_C_SHORT, K.SQL_C_SSHORT: fractional = try store(try numberOf(cursor, r), as: Int16.self, into: buffer)
        case K.SQL_C_USHORT: fractional = try store(try numberOf(cursor, r), as: UInt16.self, into: buffer)
        case K.SQL_C_LONG, K.SQL_C_SLONG: fractional = try store(try numberOf(cursor, r), as: Int32.self, into: buffer)
        case K.SQL_C_ULONG: fractional = try store(try numberOf(cursor, r), as: UInt32.self, into: buffer)
        case K.SQL_C_SBIGINT:
            if case .int64(let v) = cursor.base { buffer.storeBytes(of: v[r], as: Int64.self) } else {
                fractional = try store(try numberOf(cursor, r), as: Int64.self, into: buffer)
            }
        case K.SQL_C_UBIGINT:
            if case .uint64(let v) = cursor.base { buffer.storeBytes(of: v[r], as: UInt64.self) } else {
                fractional = try store(try numberOf(cursor, r), as: UInt64.self, into: buffer)
            }
        case K.SQL_C_DOUBLE:
            buffer.storeBytes(of: try double(try numberOf(cursor, r)), as: Double.self)
        case K.SQL_C_FLOAT:
            let d = try double(try numberOf(cursor, r))
            guard !d.isFinite || abs(d) <= Double(Float.greatestFiniteMagnitude) else {
                throw ODBCError("22003", "numeric value \(d) out of range for SQL_C_FLOAT")
            }
            buffer.storeBytes(of: Float(d), as: Float.self)
        case K.SQL_C_NUMERIC:
            fractional = try writeNumeric(try numberOf(cursor, r), scale: target.numericScale, into: buffer)
        case K.SQL_C_TYPE_TIMESTAMP, K.SQL_C_TIMESTAMP, K.SQL_C_TYPE_DATE, K.SQL_C_DATE, K.SQL_C_TYPE_TIME, K.SQL_C_TIME:
            let text = String(decoding: cursor.text(r), as: UTF8.self)
            guard let ts = CivilText.parse(text) else {
                throw ODBCError("22018", "invalid character value for cast specification: '\(text.prefix(64))' is not a date or time")
            }
            fractional = try ts.write(cType: cType, to: buffer)
        case K.SQL_C_GUID:
            let text = String(decoding: cursor.text(r), as: UTF8.self)
            guard let g = GUIDText.parse(text) else {
                throw ODBCError("22018", "invalid character value for cast specification: '\(text.prefix(64))' is not a UUID")
            }
            buffer.storeBytes(of: g, as: SQLGUID.self)
        default:
            throw ODBCError("HY003", "invalid application buffer type \(cType)")
        }
        storeLength(target, fixedSize(cType))
        return fractional ? .fractionalTruncation : .success
    }

    /// Fills a `SQL_NUMERIC_STRUCT`: sign, precision, scale and the little-endian 128-bit magnitude.
    static func writeNumeric(_ n: NumberValue, scale wanted: Int?, into buffer: UnsafeMutableRawPointer) throws -> Bool {
        var text: String
        switch n {
        case .int(let v): text = String(v)
        case .uint(let v): text = String(v)
        case .double(let d):
            guard d.isFinite else { throw ODBCError("22003", "numeric value \(d) out of range for SQL_C_NUMERIC") }
            text = String(d)
        case .text(let s): text = s
        }
        if text.contains("e") || text.contains("E"), let d = Double(text) {
            text = NumericText.plain(d)
        }
        guard var parsed = NumericText.parse(text) else { throw ODBCError("22018", "invalid numeric text '\(text.prefix(64))'") }
        var fractional = false
        if let wanted, wanted >= 0, wanted != parsed.scale {
            if wanted > parsed.scale {
                parsed.digits += Array(repeating: 0, count: wanted - parsed.scale)
            } else {
                let drop = parsed.scale - wanted
                fractional = parsed.digits.suffix(drop).contains { $0 != 0 }
                parsed.digits.removeLast(min(drop, parsed.digits.count))
            }
            parsed.scale = wanted
        }
        var magnitude: UInt128 = 0
        for d in parsed.digits {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt128(d))
            guard !o1, !o2 else { throw ODBCError("22003", "numeric value \(text.prefix(80)) does not fit SQL_NUMERIC_STRUCT") }
            magnitude = a
        }
        var s = SQL_NUMERIC_STRUCT()
        s.precision = UInt8(clamping: max(1, parsed.digits.count))
        s.scale = Int8(clamping: parsed.scale)
        s.sign = parsed.negative ? 0 : 1
        withUnsafeMutableBytes(of: &s.val) { raw in
            for i in 0..<16 { raw[i] = UInt8(truncatingIfNeeded: magnitude >> (8 * UInt128(i))) }
        }
        buffer.storeBytes(of: s, as: SQL_NUMERIC_STRUCT.self)
        return fractional
    }
}

/// Decimal number text: `-123.4500` → sign, digits, scale.
enum NumericText {
    struct Parsed {
        var negative: Bool
        var digits: [UInt8]
        var scale: Int
    }

    static func parse(_ text: String) -> Parsed? {
        var negative = false
        var digits: [UInt8] = []
        var scale = 0
        var seenPoint = false
        var any = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "+") where i == 0: break
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(c - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
                any = true
            default: return nil
            }
        }
        guard any else { return nil }
        while digits.count > scale + 1, digits.first == 0 { digits.removeFirst() }
        return Parsed(negative: negative && digits.contains { $0 != 0 }, digits: digits, scale: scale)
    }

    static func isDecimal(_ text: String) -> Bool { parse(text) != nil }

    /// A double in plain (non-exponent) decimal notation.
    static func plain(_ d: Double) -> String {
        var buf = [CChar](repeating: 0, count: 400)
        let n = buf.withUnsafeMutableBufferPointer { b in
            withVaList([d]) { vsnprintf(b.baseAddress, b.count, "%.17f", $0) }
        }
        let bytes = buf.prefix(max(0, min(Int(n), buf.count - 1))).map { UInt8(bitPattern: $0) }
        var s = String(decoding: bytes, as: UTF8.self)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

/// Civil date/time text as ClickHouse writes it: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss[.f...]`
/// or `hh:mm:ss`.
struct CivilText {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    var nanoseconds = 0
    var hasDate = false, hasTime = false
    /// Fractional digits past nanoseconds that were not zero (dropped: 01S07).
    var subNanosecond = false

    static func parse(_ raw: String) -> CivilText? {
        let text = raw.trimmingSpaces()
        let bytes = Array(text.utf8)
        var p = 0
        func number(_ width: Int) -> Int? {
            guard p + width <= bytes.count else { return nil }
            var v = 0
            for i in p..<(p + width) {
                let c = bytes[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            p += width
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard p < bytes.count, bytes[p] == c else { return false }
            p += 1
            return true
        }
        var t = CivilText()
        if bytes.count >= 10, bytes.count > 4, bytes[4] == UInt8(ascii: "-") {
            guard let y = number(4), expect(45), let m = number(2), expect(45), let d = number(2) else { return nil }
            guard isValidDate(year: y, month: m, day: d) else { return nil }
            (t.year, t.month, t.day, t.hasDate) = (y, m, d, true)
            if p < bytes.count {
                guard expect(32) || expect(UInt8(ascii: "T")) else { return nil }
            }
        }
        if p < bytes.count {
            guard let h = number(2), expect(58), let mi = number(2), expect(58), let s = number(2) else { return nil }
            guard h < 24, mi < 60, s < 62 else { return nil }
            (t.hour, t.minute, t.second, t.hasTime) = (h, mi, s, true)
            if expect(46) {
                var digits = 0
                var ns = 0
                while p < bytes.count, bytes[p] >= 48, bytes[p] <= 57 {
                    if digits < 9 { ns = ns * 10 + Int(bytes[p] - 48); digits += 1 } else if bytes[p] != 48 { t.subNanosecond = true }
                    p += 1
                }
                while digits < 9 { ns *= 10; digits += 1 }
                t.nanoseconds = ns
            }
            guard p == bytes.count else { return nil }
        }
        guard t.hasDate || t.hasTime else { return nil }
        return t
    }

    /// Whether `year-month-day` is a day of the (proleptic Gregorian) calendar, years 1 to 9999.
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// Today's date in the local time zone (what ODBC calls "the current date").
    static func today() -> (year: Int, month: Int, day: Int) {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return (1970, 1, 1) }
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    /// Writes the DATE/TIME/TIMESTAMP struct; returns whether a part was dropped (01S07).
    /// Appendix D (SQL to C): a date is not a time (22018) and a time is not a date (22018); a
    /// time read as a timestamp takes the current date.
    func write(cType: Int16, to buffer: UnsafeMutableRawPointer) throws -> Bool {
        switch cType {
        case K.SQL_C_TYPE_DATE, K.SQL_C_DATE:
            guard hasDate else { throw ODBCError("22018", "invalid character value for cast specification: a time is not a date") }
            var d = SQL_DATE_STRUCT()
            d.year = Int16(clamping: year)
            d.month = UInt16(clamping: month)
            d.day = UInt16(clamping: day)
            buffer.storeBytes(of: d, as: SQL_DATE_STRUCT.self)
            return hour != 0 || minute != 0 || second != 0 || nanoseconds != 0
        case K.SQL_C_TYPE_TIME, K.SQL_C_TIME:
            guard hasTime else { throw ODBCError("22018", "invalid character value for cast specification: a date is not a time") }
            var t = SQL_TIME_STRUCT()
            t.hour = UInt16(clamping: hour)
            t.minute = UInt16(clamping: minute)
            t.second = UInt16(clamping: second)
            buffer.storeBytes(of: t, as: SQL_TIME_STRUCT.self)
            return nanoseconds != 0
        default:
            var (year, month, day) = (self.year, self.month, self.day)
            if !hasDate { (year, month, day) = CivilText.today() }
            var ts = SQL_TIMESTAMP_STRUCT()
            ts.year = Int16(clamping: year)
            ts.month = UInt16(clamping: month)
            ts.day = UInt16(clamping: day)
            ts.hour = UInt16(clamping: hour)
            ts.minute = UInt16(clamping: minute)
            ts.second = UInt16(clamping: second)
            ts.fraction = UInt32(clamping: nanoseconds)
            buffer.storeBytes(of: ts, as: SQL_TIMESTAMP_STRUCT.self)
            return subNanosecond
        }
    }
}

/// UUID text ↔ `SQLGUID` (Data1-3 as native integers, Data4 as bytes).
enum GUIDText {
    static func parse(_ text: String) -> SQLGUID? {
        var hex: [UInt8] = []
        for c in text.utf8 {
            switch c {
            case 48...57: hex.append(c - 48)
            case 97...102: hex.append(c - 87)
            case 65...70: hex.append(c - 55)
            case 45: continue
            default: return nil
            }
        }
        guard hex.count == 32 else { return nil }
        func value(_ from: Int, _ count: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in from..<(from + count) { v = v << 4 | UInt64(hex[i]) }
            return v
        }
        var g = SQLGUID()
        g.Data1 = UInt32(truncatingIfNeeded: value(0, 8))
        g.Data2 = UInt16(truncatingIfNeeded: value(8, 4))
        g.Data3 = UInt16(truncatingIfNeeded: value(12, 4))
        withUnsafeMutableBytes(of: &g.Data4) { raw in
            for i in 0..<8 { raw[i] = UInt8(truncatingIfNeeded: value(16 + 2 * i, 2)) }
        }
        return g
    }

    static func text(_ g: SQLGUID) -> String {
        var bytes: [UInt8] = []
        func hex(_ v: UInt64, _ digits: Int) {
            for i in stride(from: digits - 1, through: 0, by: -1) {
                let n = UInt8((v >> (4 * UInt64(i))) & 15)
                bytes.append(n < 10 ? 48 + n : 87 + n)
            }
        }
        hex(UInt64(g.Data1), 8); bytes.append(45)
        hex(UInt64(g.Data2), 4); bytes.append(45)
        hex(UInt64(g.Data3), 4); bytes.append(45)
        var d4 = g.Data4
        let tail = withUnsafeBytes(of: &d4) { Array($0) }
        for (i, b) in tail.enumerated() {
            if i == 2 { bytes.append(45) }
            hex(UInt64(b), 2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
