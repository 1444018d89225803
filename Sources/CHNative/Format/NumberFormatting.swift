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
    /// into ClickHouse's layout. The digits go through a buffer on the stack (no array per value).
    private static func appendShortest(_ description: String, negative: Bool, to out: inout TextOutput) {
        var description = description
        description.withUTF8 { text in
            var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &storage) { digits in
                var count = 0
                var pointPosition: Int? = nil
                var seenExponent = false
                var expNegative = false
                var expValue = 0
                for c in text {
                    if seenExponent {
                        if c == UInt8(ascii: "-") { expNegative = true } else if c >= 0x30 && c <= 0x39 { expValue = expValue * 10 + Int(c - 0x30) }
                        continue
                    }
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"):
                        if count < digits.count { digits[count] = c; count += 1 }
                    case UInt8(ascii: "."): pointPosition = count
                    case UInt8(ascii: "e"), UInt8(ascii: "E"): seenExponent = true
                    default: break
                    }
                }
                // value = 0.d1d2d3... * 10^(intDigits)  → decimal point after `intDigits` digits.
                var intDigits = (pointPosition ?? count) + (expNegative ? -expValue : expValue)
                // Strip leading zeros (adjusting the point) and trailing zeros.
                var first = 0
                while first < count - 1 && digits[first] == 0x30 { first += 1; intDigits -= 1 }
                while count - first > 1 && digits[count - 1] == 0x30 { count -= 1 }
                let d = UnsafeRawBufferPointer(rebasing: digits[first..<count])
                if negative { out.append(0x2D) }
                if d.count == 1 && d[0] == 0x30 { out.append(0x30); return }
                let sciExponent = intDigits - 1
                if sciExponent >= 21 || sciExponent <= -7 {
                    out.append(d[0])
                    if d.count > 1 {
                        out.append(0x2E)
                        out.append(UnsafeRawBufferPointer(rebasing: d[1...]))
                    }
                    out.append(0x65)
                    append(Int64(sciExponent), to: &out)
                } else if intDigits <= 0 {
                    out.append(0x30)
                    out.append(0x2E)
                    for _ in 0 ..< -intDigits { out.append(0x30) }
                    out.append(d)
                } else if intDigits >= d.count {
                    out.append(d)
                    for _ in 0 ..< (intDigits - d.count) { out.append(0x30) }
                } else {
                    out.append(UnsafeRawBufferPointer(rebasing: d[..<intDigits]))
                    out.append(0x2E)
                    out.append(UnsafeRawBufferPointer(rebasing: d[intDigits...]))
                }
            }
        }
    }
}
