import Foundation
import Synchronization

/// Calendar arithmetic for ClickHouse's date and time types (proleptic Gregorian, UTC-based).
enum CivilTime {
    /// Converts days since 1970-01-01 to (year, month, day).
    @inline(__always)
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, Int(m), Int(d))
    }

    /// ``civil(fromDays:)`` for days from 0000-01-01 to 9999-12-31 (``minimumDay`` …
    /// ``maximumDay``) in 32-bit arithmetic without a division by a variable: Neri and
    /// Schneider's algorithm ("Euclidean affine functions and their application to calendar
    /// algorithms", Software: Practice and Experience, 2023), valid for days from -12,699,422.
    @inline(__always)
    static func civilWithinRange(days: Int32) -> (year: Int, month: Int, day: Int) {
        let shift: UInt32 = 82
        let k: UInt32 = 719_468 + 146_097 * shift
        let n = UInt32(bitPattern: days) &+ k
        // Century.
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let nc = n1 % 146_097 / 4
        // Year of the century, and day of the year (from March 1st).
        let p2 = UInt64(2_939_745) &* UInt64(4 &* nc &+ 3)
        let yearOfCentury = UInt32(truncatingIfNeeded: p2 >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4
        // Month and day.
        let n3 = 2141 &* dayOfYear &+ 197_913
        let month = n3 >> 16
        let day = (n3 & 0xFFFF) / 2141
        // January and February belong to the next year.
        let january = dayOfYear >= 306
        let year = Int(100 &* century &+ yearOfCentury) - Int(400 &* shift) + (january ? 1 : 0)
        return (year, Int(january ? month &- 12 : month), Int(day) + 1)
    }

    /// Converts (year, month, day) to days since 1970-01-01.
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Appends the last `width` decimal digits of `v` (≥ 0), zero-padded; no allocation.
    @inline(__always)
    static func appendPadded(_ v: Int64, width: Int, to out: inout TextOutput) {
        let width = max(width, 1)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            guard let p = buffer.baseAddress, width <= buffer.count else { return }
            writePadded(v, width: width, to: p)
            out.append(UnsafeRawBufferPointer(start: p, count: width))
        }
    }

    /// Writes the last `width` decimal digits of `v` to `p[0 ..< width]`, zero-padded (zeros
    /// for `v` ≤ 0).
    @inline(__always)
    static func writePadded(_ v: Int64, width: Int, to p: UnsafeMutablePointer<UInt8>) {
        var x = v > 0 ? v : 0
        var i = width
        while i > 0 {
            i &-= 1
            let q = x / 10
            p[i] = UInt8(truncatingIfNeeded: x &- q &* 10) &+ 0x30
            x = q
        }
    }

    /// Writes the two digits of `v` (0…99) to `p[0]`, `p[1]`.
    @inline(__always)
    static func writeTwoDigits(_ v: Int, to p: UnsafeMutablePointer<UInt8>) {
        let tens = v / 10
        p[0] = UInt8(truncatingIfNeeded: tens) &+ 0x30
        p[1] = UInt8(truncatingIfNeeded: v &- tens &* 10) &+ 0x30
    }

    /// Days of 0000-01-01 and 9999-12-31: the server writes dates outside them as these.
    static let minimumDay: Int64 = -719_528
    static let maximumDay: Int64 = 2_932_896
    /// Seconds of 0000-01-01 00:00:00 and 9999-12-31 23:59:59 (local time): the server writes
    /// date-times outside them as these, keeping a DateTime64's fraction.
    static let minimumSecond: Int64 = -62_167_219_200
    static let maximumSecond: Int64 = 253_402_300_799

    /// Bytes of `YYYY-MM-DD` and of `YYYY-MM-DD hh:mm:ss`.
    static let dateLength = 10
    static let dateTimeLength = 19

    /// Appends `YYYY-MM-DD` for days since the epoch; days before 0000-01-01 or after 9999-12-31
    /// are written as those dates, as the server does.
    static func appendDate(days: Int64, to out: inout TextOutput) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: dateLength) { buffer in
            guard let p = buffer.baseAddress else { return }
            writeDate(days: days, to: p)
            out.append(UnsafeRawBufferPointer(start: p, count: dateLength))
        }
    }

    /// Writes ``appendDate(days:to:)``'s text to `p[0 ..< dateLength]`.
    @inline(__always)
    static func writeDate(days: Int64, to p: UnsafeMutablePointer<UInt8>) {
        let (y, m, d) = civilWithinRange(days: Int32(truncatingIfNeeded: min(max(days, minimumDay), maximumDay)))
        writeTwoDigits(y / 100, to: p)
        writeTwoDigits(y % 100, to: p + 2)
        p[4] = 0x2D
        writeTwoDigits(m, to: p + 5)
        p[7] = 0x2D
        writeTwoDigits(d, to: p + 8)
    }

    /// Appends `YYYY-MM-DD hh:mm:ss` for seconds since the epoch shifted into `timezone`; a local
    /// time before 0000-01-01 00:00:00 or after 9999-12-31 23:59:59 is written as that bound,
    /// as the server does (`reinterpret(toInt64(1602709200123000), 'DateTime64(3, \'UTC\')')`
    /// is `9999-12-31 23:59:59.000`).
    static func appendDateTime(seconds: Int64, timezone: String?, to out: inout TextOutput) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: dateTimeLength) { buffer in
            guard let p = buffer.baseAddress else { return }
            writeDateTime(seconds: seconds, timezone: timezone, to: p)
            out.append(UnsafeRawBufferPointer(start: p, count: dateTimeLength))
        }
    }

    /// Writes ``appendDateTime(seconds:timezone:to:)``'s text to `p[0 ..< dateTimeLength]`.
    @inline(__always)
    static func writeDateTime(seconds: Int64, timezone: String?, to p: UnsafeMutablePointer<UInt8>) {
        // Far outside any date ClickHouse can hold: clamp first, so the arithmetic cannot overflow.
        let seconds = min(max(seconds, minimumSecond - 86_400), maximumSecond + 86_400)
        let shifted = seconds + Int64(TimeZones.shared.offset(seconds: seconds, timezone: timezone))
        writeLocalDateTime(shifted, to: p)
    }

    /// Writes the local time `local` (seconds since 1970-01-01 00:00:00 in the zone, within a
    /// day of the bounds) as `YYYY-MM-DD hh:mm:ss`, clamped to 0000-01-01 00:00:00 …
    /// 9999-12-31 23:59:59, to `p[0 ..< dateTimeLength]`.
    @inline(__always)
    static func writeLocalDateTime(_ local: Int64, to p: UnsafeMutablePointer<UInt8>) {
        let local = min(max(local, minimumSecond), maximumSecond)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        writeDate(days: days, to: p)
        writeTimeOfDay(Int(local - days * 86400), to: p + dateLength)
    }

    /// Writes ` hh:mm:ss` (9 bytes) for `seconds` (0 ..< 86400) since midnight.
    @inline(__always)
    static func writeTimeOfDay(_ seconds: Int, to p: UnsafeMutablePointer<UInt8>) {
        let minutes = seconds / 60
        p[0] = 0x20
        writeTwoDigits(minutes / 60, to: p + 1)
        p[3] = 0x3A
        writeTwoDigits(minutes % 60, to: p + 4)
        p[6] = 0x3A
        writeTwoDigits(seconds - minutes * 60, to: p + 7)
    }

    static let powersOfTen: [Int64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// Appends a DateTime64 value: whole seconds in `timezone`, then `.` and `precision` digits.
    static func appendDateTime64(ticks: Int64, precision: Int, timezone: String?, to out: inout TextOutput) {
        let precision = max(0, precision)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: dateTimeLength + 1 + precision) { buffer in
            guard let p = buffer.baseAddress else { return }
            out.append(UnsafeRawBufferPointer(start: p, count: writeDateTime64(ticks: ticks, precision: precision, timezone: timezone, to: p)))
        }
    }

    /// Writes ``appendDateTime64(ticks:precision:timezone:to:)``'s text to `p` (room for
    /// `dateTimeLength + 1 + precision` bytes); returns the bytes written.
    @inline(__always)
    static func writeDateTime64(ticks: Int64, precision: Int, timezone: String?, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let scale = powersOfTen[max(0, min(precision, 9))]
        var seconds = ticks / scale
        var fraction = ticks % scale
        if fraction < 0 { fraction += scale; seconds -= 1 }
        writeDateTime(seconds: seconds, timezone: timezone, to: p)
        guard precision > 0 else { return dateTimeLength }
        p[dateTimeLength] = 0x2E
        writePadded(fraction, width: precision, to: p + dateTimeLength + 1)
        return dateTimeLength + 1 + precision
    }
}

/// Timezone offsets by IANA name, cached.
///
/// Besides the zone, each name keeps the last span of instants over which its offset does not
/// change (from an instant looked up to the zone's next transition), so a column of times
/// within one span costs a comparison each, not a Foundation look-up.
final class TimeZones: Sendable {
    static let shared = TimeZones()

    private struct Entry {
        let zone: TimeZone
        var from: Int64 = 1
        var until: Int64 = 0
        var offset = 0
    }
    private let zones = Mutex<[String: Entry]>([:])

    /// Offset from UTC in seconds at the instant `seconds` in the named zone (UTC when `nil` or unknown).
    func offset(seconds: Int64, timezone: String?) -> Int {
        guard let name = timezone, name != "UTC", name != "Etc/UTC" else { return 0 }
        return zones.withLock { cache in
            if let e = cache[name], seconds >= e.from && seconds < e.until { return e.offset }
            guard var entry = cache[name] ?? TimeZone(identifier: name).map({ Entry(zone: $0) }) else { return 0 }
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            entry.offset = entry.zone.secondsFromGMT(for: date)
            entry.from = seconds
            let next = entry.zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970
            entry.until = next.map { $0 >= 9.2e18 ? Int64.max : Int64($0) } ?? Int64.max
            // A zone without DST rules may still have changed its offset once; trust a span
            // without a next transition for a year only.
            if next == nil { entry.until = seconds &+ 366 * 86_400 }
            cache[name] = entry
            return entry.offset
        }
    }
}
