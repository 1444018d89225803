/// Date: `YYYY-MM-DD` or `YYYYMMDD`, 1970-01-01 to 2149-06-06 (the server clamps a date
/// outside; this parser refuses it); JSON: a string, or a number of days.
struct DateParser: ScalarTextParser {
    var type: CHType { .date }
    var zero: UInt16 { 0 }
    var quotedInComposites: Bool { true }

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt16 {
        guard let days = CivilText.date(text, compact: true) else { throw invalid(text, "expected YYYY-MM-DD") }
        return try Self.stored(days, text)
    }

    func parseJSON(_ value: JSONScalar) throws -> UInt16 {
        switch value {
        case .string(let text): return try parse(text)
        case .number(let text):
            guard let days = try? IntegerParser<Int64>.integer(text, type: .int64) else { throw invalid(text) }
            return try Self.stored(days, text)
        default: throw ValueProblem("expected a date for Date, found \(value.kindName)")
        }
    }

    static func stored(_ days: Int64, _ text: UnsafeRawBufferPointer) throws -> UInt16 {
        guard let d = UInt16(exactly: days) else {
            throw ValueProblem("\(ValueProblem.show(text)) is outside the range of Date (1970-01-01 to 2149-06-06)")
        }
        return d
    }
}

/// Date32: `YYYY-MM-DD` or `YYYYMMDD`, 1900-01-01 to 2299-12-31; JSON: a string, or a
/// number of days.
struct Date32Parser: ScalarTextParser {
    var type: CHType { .date32 }
    var zero: Int32 { 0 }
    var quotedInComposites: Bool { true }
    static let range: ClosedRange<Int64> = -25_567...120_529

    func parse(_ text: UnsafeRawBufferPointer) throws -> Int32 {
        guard let days = CivilText.date(text, compact: true) else { throw invalid(text, "expected YYYY-MM-DD") }
        return try Self.stored(days, text)
    }

    func parseJSON(_ value: JSONScalar) throws -> Int32 {
        switch value {
        case .string(let text): return try parse(text)
        case .number(let text):
            guard let days = try? IntegerParser<Int64>.integer(text, type: .int64) else { throw invalid(text) }
            return try Self.stored(days, text)
        default: throw ValueProblem("expected a date for Date32, found \(value.kindName)")
        }
    }

    static func stored(_ days: Int64, _ text: UnsafeRawBufferPointer) throws -> Int32 {
        guard range.contains(days) else {
            throw ValueProblem("\(ValueProblem.show(text)) is outside the range of Date32 (1900-01-01 to 2299-12-31)")
        }
        return Int32(days)
    }
}
