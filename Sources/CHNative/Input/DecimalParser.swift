/// Decimal(P, S) stored in 32, 64 or 128 bits: `[+-]digits[.digits][e[+-]digits]`, exact —
/// more than S digits after the point (other than trailing zeros) or more than P digits in
/// all are refused (the server truncates the first). JSON: a number or a string.
struct DecimalParser<T: FixedWidthInteger & SignedInteger & BitwiseCopyable & Sendable>: ScalarTextParser {
    let type: CHType
    let precision: Int
    let scale: Int
    var zero: T { 0 }
    var quotedInComposites: Bool { false }

    func parse(_ text: UnsafeRawBufferPointer) throws -> T {
        guard let parts = DecimalDigits.split(text) else { throw invalid(text) }
        // value = digits × 10^(exponent - fraction digits); stored = value × 10^scale.
        var shift = parts.exponent - parts.fraction.count + scale
        var intEnd = parts.integer.endIndex, fracEnd = parts.fraction.endIndex
        // Trailing zeros that the scale does not keep are dropped exactly.
        while shift < 0 {
            if fracEnd > parts.fraction.startIndex {
                guard parts.fraction[fracEnd - 1] == UInt8(ascii: "0") else { break }
                fracEnd -= 1
            } else if intEnd > parts.integer.startIndex, parts.integer[intEnd - 1] == UInt8(ascii: "0") {
                intEnd -= 1
            } else {
                break
            }
            shift += 1
        }
        guard shift >= 0 else { throw ValueProblem("\(ValueProblem.show(text)) has more than \(scale) digits after the point, which \(type.name) cannot hold exactly") }
        var v: T = 0
        var significant = 0
        for digits in [parts.integer[..<intEnd], parts.fraction[..<fracEnd]] {
            for b in digits {
                if v != 0 || b != UInt8(ascii: "0") { significant += 1 }
                guard significant <= precision else { throw tooBig(text) }
                v = v * 10 + T(b - UInt8(ascii: "0"))
            }
        }
        if v != 0 {
            guard significant + shift <= precision else { throw tooBig(text) }
            for _ in 0..<shift { v *= 10 }
        }
        return parts.negative ? -v : v
    }

    func parseJSON(_ value: JSONScalar) throws -> T {
        switch value {
        case .number(let text), .string(let text): return try parse(text)
        default: throw ValueProblem("expected a number for \(type.name), found \(value.kindName)")
        }
    }

    private func tooBig(_ text: UnsafeRawBufferPointer) -> ValueProblem {
        ValueProblem("\(ValueProblem.show(text)) has more than \(precision) digits, which \(type.name) cannot hold")
    }
}

/// Decimal(P, S) with P above 38, stored in 256 bits.
struct Decimal256Parser: ScalarTextParser {
    let type: CHType
    let precision: Int
    let scale: Int
    var zero: Wide256 { Wide256(words: (0, 0, 0, 0)) }
    var quotedInComposites: Bool { false }

    func parse(_ text: UnsafeRawBufferPointer) throws -> Wide256 {
        guard DecimalDigits.split(text) != nil else { throw invalid(text) }
        return try WideNumber.integer(text, type: type, scale: scale, precision: precision, words: 4, signed: true)
    }

    func parseJSON(_ value: JSONScalar) throws -> Wide256 {
        switch value {
        case .number(let text), .string(let text): return try parse(text)
        default: throw ValueProblem("expected a number for \(type.name), found \(value.kindName)")
        }
    }
}

/// The parts of decimal number text.
enum DecimalDigits {
    struct Parts {
        var negative: Bool
        var integer: UnsafeRawBufferPointer.SubSequence
        var fraction: UnsafeRawBufferPointer.SubSequence
        var exponent: Int
    }

    /// Sign, digits before and after the point, and the exponent; nil when `text` is not
    /// `[+-]digits[.digits][e[+-]digits]` (one side of the point may be empty, not both).
    static func split(_ text: UnsafeRawBufferPointer) -> Parts? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        let intStart = i
        while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        let integer = text[intStart..<i]
        var fraction = text[i..<i]
        if i < text.count, text[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            fraction = text[fracStart..<i]
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = 0
        if i < text.count, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                expNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 {
                guard exponent < 10_000 else { return nil }
                exponent = exponent * 10 + Int(text[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > start else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == text.count else { return nil }
        return Parts(negative: negative, integer: integer, fraction: fraction, exponent: exponent)
    }
}
