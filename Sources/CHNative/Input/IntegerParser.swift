/// Integers up to 128 bits: optional sign, decimal digits, range-checked (the server wraps
/// an out-of-range value around; this parser refuses it). An empty field is 0, as the server
/// reads it.
struct IntegerParser<T: FixedWidthInteger & BitwiseCopyable & Sendable>: ScalarTextParser {
    let type: CHType
    let settings: TextInputSettings
    var zero: T { 0 }
    var quotedInComposites: Bool { false }

    func parse(_ text: UnsafeRawBufferPointer) throws -> T {
        if text.isEmpty { return 0 }
        return try Self.integer(text, type: type)
    }

    /// JSON: an integer number, a string holding one, or true/false when
    /// `input_format_json_read_bools_as_numbers` is on.
    func parseJSON(_ value: JSONScalar) throws -> T {
        switch value {
        case .number(let text), .string(let text):
            guard !text.isEmpty else { throw invalid(text) }
            return try Self.integer(text, type: type)
        case .bool(let b) where settings.jsonBoolsAsNumbers: return b ? 1 : 0
        default: throw ValueProblem("expected a number for \(type.name), found \(value.kindName)")
        }
    }

    static func integer(_ text: UnsafeRawBufferPointer, type: CHType) throws -> T {
        guard !text.isEmpty else { throw ValueProblem("an empty value for \(type.name)") }
        var i = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < text.count else { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)") }
        var v: T = 0
        while i < text.count {
            let d = text[i] &- UInt8(ascii: "0")
            guard d < 10 else { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)") }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(T(d)) : m.addingReportingOverflow(T(d))
            guard !o1 && !o2 else { throw ValueProblem("\(ValueProblem.show(text)) is out of the range of \(type.name)") }
            v = a
            i += 1
        }
        return v
    }
}

/// 256-bit integers, exact (through decimal digit arithmetic).
struct WideIntegerParser: ScalarTextParser {
    let type: CHType
    let settings: TextInputSettings
    var zero: Wide256 { Wide256(words: (0, 0, 0, 0)) }
    var quotedInComposites: Bool { false }

    func parse(_ text: UnsafeRawBufferPointer) throws -> Wide256 {
        if text.isEmpty { return zero }
        let body = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+") ? UnsafeRawBufferPointer(rebasing: text.dropFirst()) : text
        guard !body.isEmpty, body.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { throw invalid(text) }
        return try WideNumber.integer(text, type: type, scale: 0, precision: nil, words: 4, signed: type == .int256)
    }

    func parseJSON(_ value: JSONScalar) throws -> Wide256 {
        switch value {
        case .number(let text), .string(let text):
            guard !text.isEmpty else { throw invalid(text) }
            return try parse(text)
        case .bool(let b) where settings.jsonBoolsAsNumbers: return Wide256(words: (b ? 1 : 0, 0, 0, 0))
        default: throw ValueProblem("expected a number for \(type.name), found \(value.kindName)")
        }
    }
}

/// Exact conversion of decimal text to wide two's-complement words.
enum WideNumber {
    /// The longest number text accepted (digits beyond any ClickHouse type's precision).
    static let maximumLength = 200

    /// `text` (digits, point and exponent allowed) × 10^scale as `words` 64-bit words; refuses
    /// a fractional remainder, more than `precision` digits and overflow.
    static func integer(_ text: UnsafeRawBufferPointer, type: CHType, scale: Int, precision: Int?, words: Int, signed: Bool) throws -> Wide256 {
        guard text.count <= maximumLength, let number = DecimalText.parse(String(decoding: text, as: UTF8.self)),
              text.allSatisfy({ $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "_") }) else {
            throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)")
        }
        guard let (negative, digits) = DecimalText.scaled(number, scale: scale) else {
            throw ValueProblem("\(ValueProblem.show(text)) has more than \(scale) decimal places, which \(type.name) cannot hold exactly")
        }
        if let precision, digits.count > precision {
            throw ValueProblem("\(ValueProblem.show(text)) has more than \(precision) digits, which \(type.name) cannot hold")
        }
        guard let w = DecimalText.words(negative: negative, digits: digits, wordCount: words, signed: signed) else {
            throw ValueProblem("\(ValueProblem.show(text)) is out of the range of \(type.name)")
        }
        let fill: UInt64 = negative ? ~0 : 0
        return Wide256(words: (w[0], words > 1 ? w[1] : fill, words > 2 ? w[2] : fill, words > 3 ? w[3] : fill))
    }
}
