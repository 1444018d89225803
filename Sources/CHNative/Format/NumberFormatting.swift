/// Number rendering identical to ClickHouse's text formats.
enum NumberFormatting {
    /// "00" "01" … "99": two decimal digits per lookup.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 10_000 {
            v /= 10_000
            n &+= 4
        }
        if v >= 100 {
            v /= 100
            n &+= 2
        }
        return v >= 10 ? n &+ 1 : n
    }

    /// Writes the `count` (= `digitCount(value)`) decimal digits of `value` to `p[0 ..< count]`.
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, to p: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        var v = value
        var i = count
        while v >= 100 {
            let q = v / 100
            let r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
            i &-= 2
            p[i] = pairs[r]
            p[i &+ 1] = pairs[r &+ 1]
            v = q
        }
        if v >= 10 {
            let r = Int(truncatingIfNeeded: v) &* 2
            p[0] = pairs[r]
            p[1] = pairs[r &+ 1]
        } else {
            p[0] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
    }

    /// Appends an unsigned integer in decimal.
    @inline(__always)
    static func append(_ value: UInt64, to out: inout TextOutput) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) &+ 0x30); return }
        let n = digitCount(value)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            guard let p = buffer.baseAddress else { return }
            writeDigits(value, count: n, to: p)
            out.append(UnsafeRawBufferPointer(start: p, count: n))
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
        if !value.isFinite {
            out.append(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
            return
        }
        append(ShortestDigits.of(value), negative: value.sign == .minus, to: &out)
    }

    /// Appends a Float32 with the shortest digits that round-trip as Float32.
    static func append(_ value: Float, to out: inout TextOutput) {
        if !value.isFinite {
            out.append(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
            return
        }
        append(ShortestDigits.of(value), negative: value.sign == .minus, to: &out)
    }

    /// Lays out `digits × 10^exponent` as ClickHouse does (see `append(_: Double, to:)`),
    /// through a buffer on the stack: at most 26 bytes (`-0.00000` and 17 digits).
    static func append(_ d: ShortestDigits.Decimal, negative: Bool, to out: inout TextOutput) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            guard let start = buffer.baseAddress else { return }
            var p = start
            if negative {
                p.pointee = 0x2D
                p += 1
            }
            let n = digitCount(d.digits)
            // The value is 0.d₁d₂…dₙ × 10^point.
            let point = n + d.exponent
            if d.digits == 0 {
                p.pointee = 0x30
                p += 1
            } else if point > 21 || point < -5 {
                // d₁.d₂…dₙe±x: the digits written one place to the right, then d₁ moved left.
                writeDigits(d.digits, count: n, to: p + 1)
                p[0] = p[1]
                if n > 1 {
                    p[1] = 0x2E
                    p += n + 1
                } else {
                    p += 1
                }
                p.pointee = 0x65
                p += 1
                var e = point - 1
                if e < 0 {
                    p.pointee = 0x2D
                    p += 1
                    e = -e
                }
                let en = digitCount(UInt64(e))
                writeDigits(UInt64(e), count: en, to: p)
                p += en
            } else if point <= 0 {
                // 0.00…0d₁…dₙ
                p[0] = 0x30
                p[1] = 0x2E
                p += 2
                for _ in 0 ..< -point {
                    p.pointee = 0x30
                    p += 1
                }
                writeDigits(d.digits, count: n, to: p)
                p += n
            } else if point >= n {
                // d₁…dₙ00…0
                writeDigits(d.digits, count: n, to: p)
                p += n
                for _ in 0 ..< point - n {
                    p.pointee = 0x30
                    p += 1
                }
            } else {
                // d₁…d_point.d_point+1…dₙ: the digits one place to the right, the integer part moved left.
                writeDigits(d.digits, count: n, to: p + 1)
                for i in 0 ..< point { p[i] = p[i + 1] }
                p[point] = 0x2E
                p += n + 1
            }
            out.append(UnsafeRawBufferPointer(start: start, count: p - start))
        }
    }
}
