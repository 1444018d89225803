import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The conversions of Swift values to stored values that the families' `build` use: each
/// converts exactly or throws naming the column, the row and both types.
extension ColumnBuilder {
    /// A fixed-width column of `type` from each value converted by `convert`.
    func fixed<T: BitwiseCopyable & Sendable>(_ type: CHType, _ values: [EncodedValue], _ convert: (Int, EncodedValue) throws -> T) throws -> any Column {
        var out: [T] = []
        out.reserveCapacity(values.count)
        for (i, v) in values.enumerated() { out.append(try convert(i, v)) }
        return FixedWidthColumn(uncheckedType: type, values: out, defaultTimezone: nil)
    }

    func integer<T: FixedWidthInteger>(_ i: Int, _ v: EncodedValue, _: T.Type) throws -> T {
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

    func double(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> Double {
        switch v {
        case .zero: return 0
        case .double(let d): return d
        case .int(let x): return Double(x)
        case .uint(let x): return Double(x)
        case .decimal(let d): return NSDecimalNumber(decimal: d).doubleValue
        default: throw fail(i, v, type)
        }
    }

    func stringBytes(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> [UInt8] {
        switch v {
        case .zero: return []
        case .string(let s): return Array(s.utf8)
        case .bytes(let b): return b
        case .uuid(let u): return Array(u.uuidString.lowercased().utf8)
        default: throw fail(i, v, type)
        }
    }

    /// Days since 1970-01-01 (dates are cut to the UTC day).
    func days(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> Int64 {
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
    func ticks(_ i: Int, _ v: EncodedValue, _ type: CHType, precision: Int) throws -> Int64 {
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
    func timeTicks(_ i: Int, _ v: EncodedValue, _ type: CHType, precision: Int) throws -> Int64 {
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
    func intervalCount(_ i: Int, _ v: EncodedValue, _ type: CHType, unit: IntervalUnit) throws -> Int64 {
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

    func ipv6(_ i: Int, _ v: EncodedValue, _ type: CHType) throws -> UInt128 {
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

    func enumValue<T: FixedWidthInteger>(_ i: Int, _ v: EncodedValue, _ type: CHType, _ cases: [CHType.EnumCase], _: T.Type) throws -> T {
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
    func wide(_ i: Int, _ v: EncodedValue, _ type: CHType, scale: Int, precision: Int? = nil, words: Int = 4, signed: Bool) throws -> Wide256 {
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
