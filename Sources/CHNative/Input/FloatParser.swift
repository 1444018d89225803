#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A binary floating-point type that text parses into, correctly rounded.
protocol TextFloat: BinaryFloatingPoint & BitwiseCopyable & Sendable {
    /// The largest integer significand every value of which the type holds exactly.
    static var exactSignificandLimit: UInt64 { get }
    /// The largest power of ten the type holds exactly.
    static var exactPowerLimit: Int { get }
    /// The C library's correctly rounded conversion of a NUL-terminated string.
    static func convert(_ text: UnsafePointer<CChar>) -> Self
    /// 10^n for n up to ``exactPowerLimit``, each exact.
    static func exactPowerOfTen(_ n: Int) -> Self
}

extension Double: TextFloat {
    static var exactSignificandLimit: UInt64 { 1 << 53 }
    static var exactPowerLimit: Int { 22 }
    static func convert(_ text: UnsafePointer<CChar>) -> Double { strtod(text, nil) }
    private static let powers: [Double] = (0...22).map { n in (0..<n).reduce(1.0) { v, _ in v * 10 } }
    static func exactPowerOfTen(_ n: Int) -> Double { powers[n] }
}

extension Float: TextFloat {
    static var exactSignificandLimit: UInt64 { 1 << 24 }
    static var exactPowerLimit: Int { 10 }
    static func convert(_ text: UnsafePointer<CChar>) -> Float { strtof(text, nil) }
    private static let powers: [Float] = (0...10).map { n in (0..<n).reduce(Float(1)) { v, _ in v * 10 } }
    static func exactPowerOfTen(_ n: Int) -> Float { powers[n] }
}

/// Float32 and Float64: `[+-]digits[.digits][e[+-]digits]`, `.5`, `5.`, `inf`, `-inf`,
/// `nan`, correctly rounded (as the server with `precise_float_parsing`); hexadecimal
/// floats, other spellings and an empty field are refused, as the server refuses them.
struct FloatParser<T: TextFloat>: ScalarTextParser {
    let type: CHType
    let settings: TextInputSettings
    var zero: T { 0 }
    var quotedInComposites: Bool { false }
    /// Longer text is refused rather than copied for the C library.
    static var maximumLength: Int { 400 }

    func parse(_ text: UnsafeRawBufferPointer) throws -> T {
        guard !text.isEmpty else { throw ValueProblem("an empty value for \(type.name)") }
        return try Self.float(text, type: type)
    }

    /// JSON: a number, a string holding one (`"nan"`, `"inf"` too), true/false as 1/0 when
    /// `input_format_json_read_bools_as_numbers` is on.
    func parseJSON(_ value: JSONScalar) throws -> T {
        switch value {
        case .number(let text), .string(let text):
            guard !text.isEmpty else { throw invalid(text) }
            return try Self.float(text, type: type)
        case .bool(let b) where settings.jsonBoolsAsNumbers: return b ? 1 : 0
        default: throw ValueProblem("expected a number for \(type.name), found \(value.kindName)")
        }
    }

    static func float(_ text: UnsafeRawBufferPointer, type: CHType) throws -> T {
        var i = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            i = 1
        }
        if i < text.count, text[i] | 0x20 == UInt8(ascii: "i") || text[i] | 0x20 == UInt8(ascii: "n") {
            guard let special = Self.special(UnsafeRawBufferPointer(rebasing: text[i...])) else {
                throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)")
            }
            if special.isNaN && i > 0 { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name): a sign before nan") }
            return negative ? -special : special
        }
        // Up to 19 significant digits kept exactly, with the power of ten they are scaled by.
        var significand: UInt64 = 0
        var significant = 0, power = 0, digits = 0
        var truncated = false, sawPoint = false
        while i < text.count {
            let b = text[i]
            let d = b &- UInt8(ascii: "0")
            if d < 10 {
                digits += 1
                if significant < 19 {
                    if significand != 0 || d != 0 { significant += 1 }
                    significand = significand &* 10 &+ UInt64(d)
                    if sawPoint { power -= 1 }
                } else {
                    truncated = true
                    if !sawPoint { power += 1 }
                }
            } else if b == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)") }
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
                if exponent < 100_000 { exponent = exponent * 10 + Int(text[i] - UInt8(ascii: "0")) }
                i += 1
            }
            guard i > start else { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)") }
            if expNegative { exponent = -exponent }
        }
        guard i == text.count else { throw ValueProblem("cannot parse \(ValueProblem.show(text)) as \(type.name)") }
        // Fast path: an exactly representable significand and power of ten give a correctly
        // rounded result in one multiplication or division.
        power += exponent
        if !truncated, significand <= T.exactSignificandLimit, abs(power) <= T.exactPowerLimit {
            let scale = T.exactPowerOfTen(abs(power))
            let v = power < 0 ? T(significand) / scale : T(significand) * scale
            return negative ? -v : v
        }
        guard text.count <= maximumLength else { throw ValueProblem("a number of more than \(maximumLength) characters") }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: maximumLength + 1) { buffer -> T in
            for k in 0..<text.count { buffer[k] = CChar(bitPattern: text[k]) }
            buffer[text.count] = 0
            guard let base = buffer.baseAddress else { return 0 }
            return T.convert(base)
        }
    }

    /// `inf`, `infinity`, `nan` in any case.
    private static func special(_ text: UnsafeRawBufferPointer) -> T? {
        guard text.count <= 8 else { return nil }
        let lowered = String(decoding: text.map { $0 | 0x20 }, as: UTF8.self)
        switch lowered {
        case "inf", "infinity": return .infinity
        case "nan": return .nan
        default: return nil
        }
    }
}
