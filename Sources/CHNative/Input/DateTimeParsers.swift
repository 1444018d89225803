/// DateTime: `YYYY-MM-DD hh:mm:ss` (or with `T`), a ten-digit Unix timestamp, and with
/// `date_time_input_format = 'best_effort'` also `YYYY-MM-DD` and a `Z`/`±hh:mm` offset; in
/// the column's timezone, else the session's. Fractions of a second (which the server
/// drops) and instants outside 1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC (which it
/// clamps) are refused.
struct DateTimeParser: ScalarTextParser {
    let type: CHType
    let timezone: String?
    let bestEffort: Bool
    var zero: UInt32 { 0 }
    var quotedInComposites: Bool { true }

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt32 {
        guard let local = CivilText.dateTime(text, fraction: false, bestEffort: bestEffort) else {
            throw invalid(text, bestEffort ? "expected YYYY-MM-DD hh:mm:ss[Z|±hh:mm], YYYY-MM-DD or a 10-digit Unix timestamp"
                                           : "expected YYYY-MM-DD hh:mm:ss or a 10-digit Unix timestamp")
        }
        let instant = try DateTimeParser.instant(local, timezone: timezone)
        guard let v = UInt32(exactly: instant) else {
            throw ValueProblem("\(ValueProblem.show(text)) is outside the range of DateTime (1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC)")
        }
        return v
    }

    /// JSON: a string, or a ten-digit Unix timestamp as a number.
    func parseJSON(_ value: JSONScalar) throws -> UInt32 {
        switch value {
        case .string(let text): return try parse(text)
        case .number(let text) where text.count == 10: return try parse(text)
        default: throw ValueProblem("expected a date and time for \(type.name), found \(value.kindName)")
        }
    }

    /// The UTC instant of a parsed time: as written when it carries an offset or is a
    /// timestamp, else in `timezone`.
    static func instant(_ local: CivilText.Local, timezone: String?) throws -> Int64 {
        if local.isTimestamp { return local.seconds }
        if let offset = local.offset { return local.seconds - Int64(offset) }
        return try LocalTime.instant(local.seconds, timezone: timezone)
    }
}

/// DateTime64(P): as DateTime, with up to P digits after the point (more only when they are
/// zeros; the server drops them), from 1900-01-01 to 2299-12-31 in the column's timezone.
struct DateTime64Parser: ScalarTextParser {
    let type: CHType
    let precision: Int
    let timezone: String?
    let bestEffort: Bool
    var zero: Int64 { 0 }
    var quotedInComposites: Bool { true }
    /// 1900-01-01 and 2299-12-31 23:59:59, in seconds.
    static let range: ClosedRange<Int64> = -2_208_988_800...10_413_791_999

    func parse(_ text: UnsafeRawBufferPointer) throws -> Int64 {
        guard precision >= 0, precision <= 9,
              let local = CivilText.dateTime(text, fraction: true, bestEffort: bestEffort) else {
            throw invalid(text, "expected YYYY-MM-DD hh:mm:ss[.fff] or a 10-digit Unix timestamp")
        }
        let scale = CivilTime.powersOfTen[precision]
        let dropped = CivilTime.powersOfTen[9 - precision]
        guard local.fractionDigits <= 9, local.nanoseconds % dropped == 0 else {
            throw ValueProblem("\(ValueProblem.show(text)) has more digits after the point than \(type.name) keeps")
        }
        let instant = try DateTimeParser.instant(local, timezone: timezone)
        guard Self.range.contains(instant) else {
            throw ValueProblem("\(ValueProblem.show(text)) is outside the range of \(type.name) (1900-01-01 to 2299-12-31)")
        }
        let (whole, o1) = instant.multipliedReportingOverflow(by: scale)
        let (ticks, o2) = whole.addingReportingOverflow(local.nanoseconds / dropped)
        guard !o1 && !o2 else { throw ValueProblem("\(ValueProblem.show(text)) is outside the range of \(type.name)") }
        return ticks
    }

    func parseJSON(_ value: JSONScalar) throws -> Int64 {
        switch value {
        case .string(let text): return try parse(text)
        default: throw ValueProblem("expected a date and time in a string for \(type.name), found \(value.kindName)")
        }
    }
}
