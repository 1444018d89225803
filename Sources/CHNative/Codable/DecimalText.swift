/// Exact decimal arithmetic on digit strings, for storing numbers in `Decimal(P, S)` and
/// 128/256-bit integer columns without going through binary floating point.
enum DecimalText {
    /// A number as sign, decimal digits and a power of ten: value = ±digits × 10^exponent.
    struct Number {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int
    }

    /// Parses `-12.34`, `1e21`, `+0.5E-3` and the like; nil when `text` is not a number.
    static func parse(_ text: String) -> Number? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var exponent = 0
        var seenDot = false
        var seenDigit = false
        while let c = bytes.first {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits.append(c - UInt8(ascii: "0"))
                if seenDot { exponent -= 1 }
                seenDigit = true
            } else if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard seenDigit else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            guard let power = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), abs(power) < 10_000 else { return nil }
            exponent += power
            bytes = []
        }
        guard bytes.isEmpty else { return nil }
        return Number(negative: negative, digits: digits, exponent: exponent)
    }

    /// The integer value × 10^scale as digits (most significant first, no leading zeros), or
    /// nil when that leaves a fractional part.
    static func scaled(_ n: Number, scale: Int) -> (negative: Bool, digits: [UInt8])? {
        var digits = n.digits
        let shift = n.exponent + scale
        if shift >= 0 {
            digits.append(contentsOf: repeatElement(0, count: shift))
        } else {
            let cut = -shift
            let fraction = digits.suffix(cut)
            guard fraction.allSatisfy({ $0 == 0 }) else { return nil }
            digits.removeLast(min(cut, digits.count))
        }
        let trimmed = Array(digits.drop { $0 == 0 })
        return (n.negative && !trimmed.isEmpty, trimmed)
    }

    /// Two's-complement little-endian 64-bit words of ±digits in `wordCount` words, or nil on
    /// overflow (the signed range when `signed`, else the unsigned one).
    static func words(negative: Bool, digits: [UInt8], wordCount: Int, signed: Bool) -> [UInt64]? {
        if negative && !signed { return nil }
        var w = [UInt64](repeating: 0, count: wordCount)
        for d in digits {
            var carry = UInt64(d)
            for i in 0..<wordCount {
                let (hi, lo) = w[i].multipliedFullWidth(by: 10)
                let (sum, o) = lo.addingReportingOverflow(carry)
                w[i] = sum
                carry = hi + (o ? 1 : 0)
            }
            if carry != 0 { return nil }
        }
        let top = w[wordCount - 1]
        if signed {
            // Magnitude must be below 2^(bits-1), or equal to it when negative.
            let magnitudeIsMin = top == 1 << 63 && w.dropLast().allSatisfy { $0 == 0 }
            if top >> 63 != 0 && !(negative && magnitudeIsMin) { return nil }
        }
        if negative {
            var carry: UInt64 = 1
            for i in 0..<wordCount {
                let (s, o) = (~w[i]).addingReportingOverflow(carry)
                w[i] = s
                carry = o ? 1 : 0
            }
        }
        return w
    }
}
