/// Number rendering identical to ClickHouse's text formats.
enum NumberFormatting {
    /// Appends an unsigned integer in decimal.
    @inline(__always)
    static func append(_ value: UInt64, to out: inout TextOutput) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) &+ 0x30); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[23 - n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                n += 1
            }
            out.append(UnsafeRawBufferPointer(rebasing: buf[(24 - n)...]))
        }
    }

    @inline(__always)
    static func append(_ value: Int64, to out: inout TextOutput) {
        if value < 0 {
            out.append(0x2D)
            append(UInt64(bitPattern: 0 &- value), to: &out)
        } else {
            append(UInt64(value), to: &out)
        }
    }

    /// Appends a 128-bit or wider integer via its decimal description.
    static func append<T: BinaryInteger>(wide value: T, to out: inout TextOutput) {
        out.append(String(value))
    }

    /// Appends a Float64 the way ClickHouse does: shortest round-trip digits, positional
    /// notation for decimal exponents in -7 < e < 21, otherwise `d.ddde±x` without a `+`;
    /// `nan`, `inf`, `-inf`, `-0`.
    static func append(_ value: Double, to out: inout TextOutput) {
        if value.isNaN { out.append("nan"); return }
        if value.isInfinite { out.append(value < 0 ? "-inf" : "inf"); return }
        appendShortest(value.description, negative: value.sign == .minus, to: &out)
    }

    /// Appends a Float32 with the shortest digits that round-trip as Float32.
    static func append(_ value: Float, to out: inout TextOutput) {
        if value.isNaN { out.append("nan"); return }
        if value.isInfinite { out.append(value < 0 ? "-inf" : "inf"); return }
        appendShortest(value.description, negative: value.sign == .minus, to: &out)
    }

    /// Reformats Swift's shortest round-trip description (`1.5e+300`, `1e-05`, `123.45`)
    /// into ClickHouse's layout.
    private static func appendShortest(_ description: String, negative: Bool, to out: inout TextOutput) {
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        var exponent = 0
        var seenExponent = false
        var expNegative = false
        var expValue = 0
        for c in description.utf8 {
            if seenExponent {
                if c == UInt8(ascii: "-") { expNegative = true } else if c >= 0x30 && c <= 0x39 { expValue = expValue * 10 + Int(c - 0x30) }
                continue
            }
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(c)
            case UInt8(ascii: "."): pointPosition = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): seenExponent = true
            default: break
            }
        }
        exponent = expNegative ? -expValue : expValue
        // value = 0.d1d2d3... * 10^(intDigits)  → decimal point after `intDigits` digits.
        var intDigits = (pointPosition ?? digits.count) + exponent
        // Strip leading zeros, adjusting the point.
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == 0x30 { lead += 1; intDigits -= 1 }
        digits.removeFirst(lead)
        while digits.count > 1 && digits.last == 0x30 { digits.removeLast() }
        if negative { out.append(0x2D) }
        if digits == [0x30] { out.append(0x30); return }
        let sciExponent = intDigits - 1
        if sciExponent >= 21 || sciExponent <= -7 {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(0x2E)
                out.append(contentsOf: digits[1...])
            }
            out.append(0x65)
            append(Int64(sciExponent), to: &out)
        } else if intDigits <= 0 {
            out.append(0x30)
            out.append(0x2E)
            for _ in 0 ..< -intDigits { out.append(0x30) }
            out.append(contentsOf: digits)
        } else if intDigits >= digits.count {
            out.append(contentsOf: digits)
            for _ in 0 ..< (intDigits - digits.count) { out.append(0x30) }
        } else {
            out.append(contentsOf: digits[..<intDigits])
            out.append(0x2E)
            out.append(contentsOf: digits[intDigits...])
        }
    }
}
