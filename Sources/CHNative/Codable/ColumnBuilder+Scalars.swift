import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ColumnBuilder {
    /// Columns of fixed-width and string types.
    func scalar(_ type: CHType, _ values: [EncodedValue]) throws -> any Column {
        switch type {
        case .int8: return try fixed(type, values) { try integer($0, $1, Int8.self) }
        case .int16: return try fixed(type, values) { try integer($0, $1, Int16.self) }
        case .int32: return try fixed(type, values) { try integer($0, $1, Int32.self) }
        case .int64: return try fixed(type, values) { try integer($0, $1, Int64.self) }
        case .uint8: return try fixed(type, values) { try integer($0, $1, UInt8.self) }
        case .uint16: return try fixed(type, values) { try integer($0, $1, UInt16.self) }
        case .uint32: return try fixed(type, values) { try integer($0, $1, UInt32.self) }
        case .uint64: return try fixed(type, values) { try integer($0, $1, UInt64.self) }
        case .int128: return try fixed(type, values) { try integer($0, $1, Int128.self) }
        case .uint128: return try fixed(type, values) { try integer($0, $1, UInt128.self) }
        case .int256, .uint256:
            return try fixed(type, values) { i, v in try wide(i, v, type, scale: 0, signed: type == .int256) }
        case .float32: return try fixed(type, values) { i, v in Float(try double(i, v, type)) }
        case .bfloat16:
            // The upper half of the Float32 bits, truncated as the server converts.
            return try fixed(type, values) { i, v in UInt16(truncatingIfNeeded: Float(try double(i, v, type)).bitPattern >> 16) }
        case .time:
            return try fixed(type, values) { i, v -> Int32 in
                guard let t = Int32(exactly: try timeTicks(i, v, type, precision: 0)) else { throw fail(i, v, type, "out of range") }
                return t
            }
        case .time64(let p): return try fixed(type, values) { try timeTicks($0, $1, type, precision: p) }
        case .interval(let unit): return try fixed(type, values) { try intervalCount($0, $1, type, unit: unit) }
        case .float64: return try fixed(type, values) { try double($0, $1, type) }
        case .bool:
            return try fixed(type, values) { i, v -> UInt8 in
                switch v {
                case .zero: return 0
                case .bool(let b): return b ? 1 : 0
                case .int(let x) where x == 0 || x == 1: return UInt8(x)
                case .uint(let x) where x <= 1: return UInt8(x)
                default: throw fail(i, v, type)
                }
            }
        case .string:
            var column = StringColumn()
            for (i, v) in values.enumerated() {
                let bytes = try stringBytes(i, v, type)
                bytes.withUnsafeBytes { column.append(bytes: $0) }
            }
            return column
        case .fixedString(let width):
            var data: [UInt8] = []
            data.reserveCapacity(width * values.count)
            for (i, v) in values.enumerated() {
                let bytes = try stringBytes(i, v, type)
                guard bytes.count <= width else { throw fail(i, v, type, "\(bytes.count) bytes do not fit") }
                data.append(contentsOf: bytes)
                data.append(contentsOf: repeatElement(0, count: width - bytes.count))
            }
            return FixedStringColumn(width: width, data: data)
        case .date:
            return try fixed(type, values) { i, v -> UInt16 in
                guard let d = UInt16(exactly: try days(i, v, type)) else { throw fail(i, v, type, "outside 1970-01-01...2149-06-06") }
                return d
            }
        case .date32:
            return try fixed(type, values) { i, v -> Int32 in
                guard let d = Int32(exactly: try days(i, v, type)) else { throw fail(i, v, type, "out of range") }
                return d
            }
        case .dateTime:
            return try fixed(type, values) { i, v -> UInt32 in
                guard let s = UInt32(exactly: try ticks(i, v, type, precision: 0)) else { throw fail(i, v, type, "outside 1970...2106") }
                return s
            }
        case .dateTime64(let precision, _):
            return try fixed(type, values) { try ticks($0, $1, type, precision: precision) }
        case .uuid:
            return try fixed(type, values) { i, v -> UInt128 in
                switch v {
                case .zero: return 0
                case .uuid(let u): return UUIDStorage.storage(u)
                case .string(let s):
                    guard let u = UUID(uuidString: s) else { throw fail(i, v, type, "not a UUID") }
                    return UUIDStorage.storage(u)
                default: throw fail(i, v, type)
                }
            }
        case .ipv4:
            return try fixed(type, values) { i, v -> UInt32 in
                switch v {
                case .zero: return 0
                case .uint(let x): if let r = UInt32(exactly: x) { return r }
                case .int(let x): if let r = UInt32(exactly: x) { return r }
                case .string(let s):
                    var addr = in_addr()
                    if inet_pton(AF_INET, s, &addr) == 1 { return UInt32(bigEndian: addr.s_addr) }
                default: break
                }
                throw fail(i, v, type, "expected an IPv4 address")
            }
        case .ipv6:
            return try fixed(type, values) { i, v -> UInt128 in try ipv6(i, v, type) }
        case .enum8(let cases): return try fixed(type, values) { try enumValue($0, $1, type, cases, Int8.self) }
        case .enum16(let cases): return try fixed(type, values) { try enumValue($0, $1, type, cases, Int16.self) }
        case .decimal(let p, let s):
            switch type.fixedWidth {
            case 4: return try fixed(type, values) { i, v -> Int32 in Int32(truncatingIfNeeded: Int64(bitPattern: try wide(i, v, type, scale: s, precision: p, words: 1, signed: true).words.0)) }
            case 8: return try fixed(type, values) { i, v -> Int64 in Int64(bitPattern: try wide(i, v, type, scale: s, precision: p, words: 1, signed: true).words.0) }
            case 16:
                return try fixed(type, values) { i, v -> Int128 in
                    let w = try wide(i, v, type, scale: s, precision: p, words: 2, signed: true).words
                    return Int128(bitPattern: UInt128(w.0) | UInt128(w.1) << 64)
                }
            default: return try fixed(type, values) { try wide($0, $1, type, scale: s, precision: p, signed: true) }
            }
        default:
            throw ClickHouseError.unsupportedType("column '\(name)': inserting Swift values into \(type.name) is not supported")
        }
    }

    private func fixed<T: BitwiseCopyable & Sendable>(_ type: CHType, _ values: [EncodedValue], _ convert: (Int, EncodedValue) throws -> T) throws -> any Column {
        var out: [T] = []
        out.reserveCapacity(values.count)
        for (i, v) in values.enumerated() { out.append(try convert(i, v)) }
        return FixedWidthColumn(uncheckedType: type, values: out, defaultTimezone: nil)
    }

    private func integer<T: FixedWidthInteger>(_ i: Int, _ v: EncodedValue, _: T.Type) throws -> T {
        let r: T?
        switch v {
        case .zero: r = 0
        case .int(let x): r = T(exactly: x)
        case .uint(let x): r = T(exactly: x)
        case .int128(let x): r = T(exactly: x)
        case .uint128(let x): r = T(exactly: x)
        case .bool(let b): r = b ? 1 : 0
        default: throw fail(i, v, CHType.fromInteger(T.self))
        }
        guard let r else { throw fail(i, v, CHType.fromInteger(T.self), "out of range") }
        return r
    }

    private func double(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> Double {
        switch v {
        case .zero: return 0
        case .double(let d): return d
        case .int(let x): return Double(x)
        case .uint(let x): return Double(x)
        case .decimal(let d): return NSDecimalNumber(decimal: d).doubleValue
        default: throw fail(i, v, type)
        }
    }

    private func stringBytes(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> [UInt8] {
        switch v {
        case .zero: return []
        case .string(let s): return Array(s.utf8)
        case .bytes(let b): return b
        case .uuid(let u): return Array(u.uuidString.lowercased().utf8)
        default: throw fail(i, v, type)
        }
    }

    /// Days since 1970-01-01 (dates are cut to the UTC day).
    private func days(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> Int64 {
        switch v {
        case .zero: return 0
        case .date(let d):
            let t = (d.timeIntervalSince1970 / 86_400).rounded(.down)
            guard let r = Int64(exactly: t) else { throw fail(i, v, type) }
            return r
        case .int(let x): return x
        case .uint(let x):
            guard let r = Int64(exactly: x) else { throw fail(i, v, type) }
            return r
        default: throw fail(i, v, type)
        }
    }

    /// Ticks of 10^-precision seconds since the epoch (a `Date` is rounded to the nearest tick).
    private func ticks(_ i: Int, _ v: EncodedValue, _ type: CHType, precision: Int) throws -> Int64 {
        switch v {
        case .zero: return 0
        case .date(let d):
            let t = d.timeIntervalSince1970
            let whole = t.rounded(.down)
            let scale = pow(10, Double(precision))
            let r = whole * scale + ((t - whole) * scale).rounded()
            guard let ticks = Int64(exactly: r.rounded()) else { throw fail(i, v, type, "out of range") }
            return ticks
        case .int(let x): return x
        case .uint(let x):
            guard let r = Int64(exactly: x) else { throw fail(i, v, type) }
            return r
        default: throw fail(i, v, type)
        }
    }

    /// Ticks of 10^-precision seconds of a time of day or duration: an integer is already in
    /// ticks, a `Double` (`TimeInterval`, seconds) is rounded to the nearest tick, a `Duration`
    /// must land exactly on a tick.
    private func timeTicks(_ i: Int, _ v: EncodedValue, _ type: CHType, precision: Int) throws -> Int64 {
        let scale = CivilTime.powersOfTen[max(0, min(precision, 9))]
        switch v {
        case .zero: return 0
        case .int(let x): return x
        case .uint(let x):
            guard let r = Int64(exactly: x) else { throw fail(i, v, type, "out of range") }
            return r
        case .double(let d):
            let t = (d * Double(scale)).rounded()
            guard let r = Int64(exactly: t) else { throw fail(i, v, type, "out of range") }
            return r
        case .duration(let d):
            let (s, atto) = d.components
            let perTick = 1_000_000_000_000_000_000 / scale
            guard atto % perTick == 0 else { throw fail(i, v, type, "finer than \(precision) fraction digits") }
            let (whole, o1) = s.multipliedReportingOverflow(by: scale)
            let (r, o2) = whole.addingReportingOverflow(atto / perTick)
            guard !o1, !o2 else { throw fail(i, v, type, "out of range") }
            return r
        default: throw fail(i, v, type)
        }
    }

    /// An interval's count of its unit: an integer, or a `Duration` that is a whole number of
    /// a fixed-length unit (nanoseconds to weeks).
    private func intervalCount(_ i: Int, _ v: EncodedValue, _ type: CHType, unit: IntervalUnit) throws -> Int64 {
        guard case .duration(let d) = v else { return try integer(i, v, Int64.self) }
        guard let perUnit = unit.nanoseconds else {
            throw fail(i, v, type, "months, quarters and years have no fixed length; store an integer count")
        }
        let nanosecondsPerUnit = Int128(perUnit)
        let (s, atto) = d.components
        guard atto % 1_000_000_000 == 0 else { throw fail(i, v, type, "finer than a nanosecond") }
        let nanos = Int128(s) * 1_000_000_000 + Int128(atto / 1_000_000_000)
        guard nanos % nanosecondsPerUnit == 0, let n = Int64(exactly: nanos / nanosecondsPerUnit) else {
            throw fail(i, v, type, "not a whole number of \(unit.rawValue.lowercased())s")
        }
        return n
    }

    private func ipv6(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> UInt128 {
        var bytes = [UInt8](repeating: 0, count: 16)
        switch v {
        case .zero: return 0
        case .bytes(let b) where b.count == 16: bytes = b
        case .string(let s):
            var addr6 = in6_addr()
            var addr4 = in_addr()
            if inet_pton(AF_INET6, s, &addr6) == 1 {
                withUnsafeBytes(of: &addr6) { bytes = Array($0.prefix(16)) }
            } else if inet_pton(AF_INET, s, &addr4) == 1 {
                // IPv4 text in an IPv6 column: the IPv4-mapped address, as the server stores it.
                bytes[10] = 0xFF
                bytes[11] = 0xFF
                withUnsafeBytes(of: &addr4) { for k in 0..<4 { bytes[12 + k] = $0[k] } }
            } else {
                throw fail(i, v, type, "expected an IPv6 address")
            }
        default: throw fail(i, v, type)
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt128.self) }
    }

    private func enumValue<T: FixedWidthInteger>(_ i: Int, _ v: EncodedValue, _ type: CHType, _ cases: [CHType.EnumCase], _: T.Type) throws -> T {
        let value: Int
        switch v {
        case .zero: value = cases.first?.value ?? 0
        case .string(let s):
            guard let c = cases.first(where: { $0.name == s }) else { throw fail(i, v, type, "not one of the enum's names") }
            value = c.value
        case .int(let x) where cases.contains { $0.value == Int(x) }: value = Int(x)
        case .uint(let x) where x <= UInt64(Int.max) && cases.contains { $0.value == Int(x) }: value = Int(x)
        default: throw fail(i, v, type, "not one of the enum's names or values")
        }
        guard let r = T(exactly: value) else { throw fail(i, v, type) }
        return r
    }

    /// A number scaled by 10^scale as 256-bit storage, checked against `precision` digits.
    private func wide(_ i: Int, _ v: EncodedValue, _ type: CHType, scale: Int, precision: Int? = nil, words: Int = 4, signed: Bool) throws -> Wide256 {
        let text: String
        switch v {
        case .zero: return Wide256(words: (0, 0, 0, 0))
        case .int(let x): text = String(x)
        case .uint(let x): text = String(x)
        case .int128(let x): text = String(x)
        case .uint128(let x): text = String(x)
        case .decimal(let d): text = d.description
        case .string(let s): text = s
        case .double(let d) where d.isFinite: text = String(d)
        default: throw fail(i, v, type)
        }
        guard let number = DecimalText.parse(text) else { throw fail(i, v, type, "not a number") }
        guard let (negative, digits) = DecimalText.scaled(number, scale: scale) else {
            throw fail(i, v, type, "more than \(scale) decimal places")
        }
        if let precision, digits.count > precision { throw fail(i, v, type, "more than \(precision) digits") }
        guard let w = DecimalText.words(negative: negative, digits: digits, wordCount: words, signed: signed) else {
            throw fail(i, v, type, "out of range")
        }
        let fill: UInt64 = negative ? ~0 : 0
        return Wide256(words: (w[0], words > 1 ? w[1] : fill, words > 2 ? w[2] : fill, words > 3 ? w[3] : fill))
    }
}

extension CHType {
    static func fromInteger<T: FixedWidthInteger>(_: T.Type) -> CHType {
        switch (T.isSigned, T.bitWidth) {
        case (true, 8): return .int8
        case (true, 16): return .int16
        case (true, 32): return .int32
        case (true, 64): return .int64
        case (true, _): return .int128
        case (false, 8): return .uint8
        case (false, 16): return .uint16
        case (false, 32): return .uint32
        case (false, 64): return .uint64
        default: return .uint128
        }
    }
}
