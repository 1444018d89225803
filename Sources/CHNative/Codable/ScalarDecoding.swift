import Foundation

/// Conversions from one cell's boxed value (``CHValue``) to Swift scalars, exact or failing
/// with an error that names the column, the row and both types.
enum ScalarDecoding {
    static func mismatch<T>(_ type: T.Type, _ cell: Cell, path: [any CodingKey], _ detail: String = "") -> DecodingError {
        let why = detail.isEmpty ? "" : ": \(detail)"
        return DecodingError.typeMismatch(type, DecodingError.Context(
            codingPath: path, debugDescription: "\(cell.site) cannot be decoded as \(T.self)\(why)"))
    }

    /// The value, or a `valueNotFound` error when it is NULL.
    static func value<T>(_ type: T.Type, _ cell: Cell, path: [any CodingKey]) throws -> CHValue {
        let v = cell.column.value(at: cell.row)
        if case .null = v {
            throw DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path, debugDescription: "\(cell.site) is NULL but \(T.self) is not optional"))
        }
        return v
    }

    /// Types whose `Decodable` shape differs from their column representation.
    static func special<T: Decodable>(_ type: T.Type, _ cell: Cell, path: [any CodingKey]) throws -> T? {
        if T.self == Date.self { return try date(cell, path: path) as? T }
        if T.self == UUID.self { return try uuid(cell, path: path) as? T }
        if T.self == Decimal.self { return try decimal(cell, path: path) as? T }
        if T.self == Data.self { return Data(try bytes(cell, as: type, path: path)) as? T }
        if T.self == [UInt8].self, cell.unwrapped().map({ $0.column is StringColumn || $0.column is FixedStringColumn }) ?? false {
            return try bytes(cell, as: type, path: path) as? T
        }
        if T.self == Int128.self { return try int128(cell, path: path) as? T }
        if T.self == UInt128.self { return try uint128(cell, path: path) as? T }
        if T.self == Duration.self { return try duration(cell, path: path) as? T }
        return nil
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ cell: Cell, path: [any CodingKey]) throws -> T {
        let v = try value(type, cell, path: path)
        let result: T?
        switch v {
        case .int(let x): result = T(exactly: x)
        case .uint(let x): result = T(exactly: x)
        case .int128(let x): result = T(exactly: x)
        case .uint128(let x): result = T(exactly: x)
        case .bigInteger(let s): result = T(s)
        case .enumValue(_, let x): result = T(exactly: x)
        // An interval's count of its unit; a Time's ticks (whole seconds for Time).
        case .interval(let x, _): result = T(exactly: x)
        case .time(let x, _): result = T(exactly: x)
        default: throw mismatch(type, cell, path: path)
        }
        guard let result else { throw mismatch(type, cell, path: path, "\(text(cell)) is out of range") }
        return result
    }

    static func int128(_ cell: Cell, path: [any CodingKey]) throws -> Int128 {
        if case .uint128(let x) = try value(Int128.self, cell, path: path) {
            guard let r = Int128(exactly: x) else { throw mismatch(Int128.self, cell, path: path, "\(x) is out of range") }
            return r
        }
        return try integer(Int128.self, cell, path: path)
    }

    static func uint128(_ cell: Cell, path: [any CodingKey]) throws -> UInt128 {
        try integer(UInt128.self, cell, path: path)
    }

    static func bool(_ cell: Cell, path: [any CodingKey]) throws -> Bool {
        switch try value(Bool.self, cell, path: path) {
        case .bool(let b): return b
        case .int(let x) where x == 0 || x == 1: return x == 1
        case .uint(let x) where x <= 1: return x == 1
        default: throw mismatch(Bool.self, cell, path: path)
        }
    }

    static func double(_ cell: Cell, path: [any CodingKey]) throws -> Double {
        switch try value(Double.self, cell, path: path) {
        case .float(let d): return d
        case .int(let x):
            guard let d = Double(exactly: x) else { throw mismatch(Double.self, cell, path: path, "\(x) has no exact Double") }
            return d
        case .uint(let x):
            guard let d = Double(exactly: x) else { throw mismatch(Double.self, cell, path: path, "\(x) has no exact Double") }
            return d
        case .interval(let x, _):
            guard let d = Double(exactly: x) else { throw mismatch(Double.self, cell, path: path, "\(x) has no exact Double") }
            return d
        case .time(let ticks, let p):
            // Seconds (a TimeInterval); whole seconds and the fraction apart keep the precision.
            let scale = CivilTime.powersOfTen[max(0, min(p, 9))]
            let (q, r) = ticks.quotientAndRemainder(dividingBy: scale)
            return Double(q) + Double(r) / Double(scale)
        default: throw mismatch(Double.self, cell, path: path)
        }
    }

    static func float(_ cell: Cell, path: [any CodingKey]) throws -> Float {
        let d = try double(cell, path: path)
        let f = Float(d)
        guard d.isNaN || Double(f) == d else { throw mismatch(Float.self, cell, path: path, "\(d) has no exact Float") }
        return f
    }

    static func string(_ cell: Cell, path: [any CodingKey]) throws -> String {
        // A JSON value as String: its JSON text (as the server wrote it, when it sent text).
        if !cell.isNull, let s = (cell.column as? JSONStringColumn) ?? ((cell.column as? NullableColumn)?.nested as? JSONStringColumn) {
            return s.text(at: cell.row)
        }
        if let json = cell.unwrapped()?.column as? JSONColumn {
            var out = TextOutput()
            json.writeText(at: cell.unwrapped()?.row ?? cell.row, to: &out, style: .json)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        switch try value(String.self, cell, path: path) {
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .enumValue(let name, _): return name
        case .uuid, .ipv4, .ipv6, .decimal, .bigInteger, .date, .dateTime, .dateTime64, .time, .interval: return text(cell)
        default: throw mismatch(String.self, cell, path: path)
        }
    }

    static func bytes<T>(_ cell: Cell, as type: T.Type, path: [any CodingKey]) throws -> [UInt8] {
        guard case .bytes(let b) = try value(type, cell, path: path) else { throw mismatch(type, cell, path: path) }
        return b
    }

    static func date(_ cell: Cell, path: [any CodingKey]) throws -> Date {
        switch try value(Date.self, cell, path: path) {
        case .date(let days): return Date(timeIntervalSince1970: Double(days) * 86_400)
        case .dateTime(let s, _): return Date(timeIntervalSince1970: Double(s))
        case .dateTime64(let ticks, let p, _):
            // Whole seconds and the fraction separately keep sub-second precision for far dates.
            let scale = CivilTime.powersOfTen[max(0, min(p, 9))]
            let (q, r) = ticks.quotientAndRemainder(dividingBy: scale)
            return Date(timeIntervalSince1970: Double(q) + Double(r) / Double(scale))
        default: throw mismatch(Date.self, cell, path: path, "dates come from Date, Date32, DateTime or DateTime64")
        }
    }

    /// `Time`/`Time64` as a `Duration` (exact: at most nanosecond ticks); fixed-length
    /// intervals (nanoseconds to weeks) as their length.
    static func duration(_ cell: Cell, path: [any CodingKey]) throws -> Duration {
        switch try value(Duration.self, cell, path: path) {
        case .time(let ticks, let p):
            let scale = CivilTime.powersOfTen[max(0, min(p, 9))]
            let (q, r) = ticks.quotientAndRemainder(dividingBy: scale)
            return Duration(secondsComponent: q, attosecondsComponent: r * (1_000_000_000_000_000_000 / scale))
        case .interval(let n, let unit):
            guard let nanosecondsPerUnit = unit.nanoseconds else {
                throw mismatch(Duration.self, cell, path: path, "Interval\(unit.rawValue) has no fixed length; decode an integer count")
            }
            // In Int128 nanoseconds: no overflow for any Int64 count.
            let total = Int128(n) * Int128(nanosecondsPerUnit)
            let (seconds, nanos) = total.quotientAndRemainder(dividingBy: 1_000_000_000)
            guard let s = Int64(exactly: seconds) else { throw mismatch(Duration.self, cell, path: path, "\(text(cell)) is out of range") }
            return Duration(secondsComponent: s, attosecondsComponent: Int64(nanos) * 1_000_000_000)
        default: throw mismatch(Duration.self, cell, path: path, "durations come from Time, Time64 or fixed-length intervals")
        }
    }

    static func uuid(_ cell: Cell, path: [any CodingKey]) throws -> UUID {
        switch try value(UUID.self, cell, path: path) {
        case .uuid(let v): return UUIDStorage.uuid(v)
        case .bytes(let b):
            guard let u = UUID(uuidString: String(decoding: b, as: UTF8.self)) else { throw mismatch(UUID.self, cell, path: path, "not a UUID string") }
            return u
        default: throw mismatch(UUID.self, cell, path: path)
        }
    }

    static func decimal(_ cell: Cell, path: [any CodingKey]) throws -> Decimal {
        let v = try value(Decimal.self, cell, path: path)
        let s: String
        switch v {
        case .decimal(let t), .bigInteger(let t): s = t
        case .int(let x): return Decimal(x)
        case .uint(let x): return Decimal(x)
        case .int128(let x): s = String(x)
        case .uint128(let x): s = String(x)
        default: throw mismatch(Decimal.self, cell, path: path)
        }
        // Foundation's Decimal holds 38 significant digits; refuse to round silently.
        let digits = s.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
            .filter { $0 != UInt8(ascii: ".") }
        let significant = digits.reversed().drop { $0 == UInt8(ascii: "0") }.count
        guard significant <= 38, let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else {
            throw mismatch(Decimal.self, cell, path: path, "\(s) has more than the 38 significant digits Foundation.Decimal holds")
        }
        return d
    }

    /// The value as the server prints it in TabSeparated.
    static func text(_ cell: Cell) -> String {
        var out = TextOutput()
        cell.column.writeText(at: cell.row, to: &out, style: .tabSeparated)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// Conversions between ClickHouse's UUID storage (two little-endian 64-bit halves, the first
/// holding the leading 16 hex digits) and Foundation's `UUID`.
enum UUIDStorage {
    static func uuid(_ v: UInt128) -> UUID {
        let hi = UInt64(truncatingIfNeeded: v)
        let lo = UInt64(truncatingIfNeeded: v >> 64)
        func b(_ x: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: x >> UInt64(56 - 8 * i)) }
        return UUID(uuid: (b(hi, 0), b(hi, 1), b(hi, 2), b(hi, 3), b(hi, 4), b(hi, 5), b(hi, 6), b(hi, 7),
                           b(lo, 0), b(lo, 1), b(lo, 2), b(lo, 3), b(lo, 4), b(lo, 5), b(lo, 6), b(lo, 7)))
    }

    static func storage(_ u: UUID) -> UInt128 {
        let t = u.uuid
        let bytes = [t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11, t.12, t.13, t.14, t.15]
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for i in 0..<8 {
            hi = hi << 8 | UInt64(bytes[i])
            lo = lo << 8 | UInt64(bytes[8 + i])
        }
        return UInt128(hi) | UInt128(lo) << 64
    }
}
