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
    static func digitCount(_ v: UInt64) -> Int {
        if v < 100_000_000 {
            if v < 10_000 { return v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4) }
            return v < 1_000_000 ? (v < 100_000 ? 5 : 6) : (v < 10_000_000 ? 7 : 8)
        }
        if v < 10_000_000_000_000_000 {
            if v < 1_000_000_000_000 { return v < 10_000_000_000 ? (v < 1_000_000_000 ? 9 : 10) : (v < 100_000_000_000 ? 11 : 12) }
            return v < 100_000_000_000_000 ? (v < 10_000_000_000_000 ? 13 : 14) : (v < 1_000_000_000_000_000 ? 15 : 16)
        }
        return v < 1_000_000_000_000_000_000 ? (v < 100_000_000_000_000_000 ? 17 : 18) : (v < 10_000_000_000_000_000_000 ? 19 : 20)
    }

    /// Writes the two digits of `v` (0…99) to `p[0]`, `p[1]`.
    @inline(__always)
    private static func writePair(_ v: UInt32, to p: UnsafeMutablePointer<UInt8>) {
        let pair = UnsafeRawPointer(digitPairs.utf8Start).loadUnaligned(fromByteOffset: Int(v) &* 2, as: UInt16.self)
        UnsafeMutableRawPointer(p).storeBytes(of: pair, as: UInt16.self)
    }

    /// Writes the `count` (= `digitCount(value)`) decimal digits of `value` to `p[0 ..< count]`:
    /// eight at a time in 32-bit arithmetic, two per table look-up.
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, to p: UnsafeMutablePointer<UInt8>) {
        var v = value
        var end = count
        while v >= 100_000_000 {
            let q = v / 100_000_000
            let low = UInt32(truncatingIfNeeded: v &- q &* 100_000_000)
            let high = low / 10_000
            let rest = low &- high &* 10_000
            end &-= 8
            writePair(high / 100, to: p + end)
            writePair(high % 100, to: p + end + 2)
            writePair(rest / 100, to: p + end + 4)
            writePair(rest % 100, to: p + end + 6)
            v = q
        }
        var w = UInt32(truncatingIfNeeded: v)
        while w >= 100 {
            let q = w / 100
            end &-= 2
            writePair(w &- q &* 100, to: p + end)
            w = q
        }
        if w >= 10 {
            writePair(w, to: p)
        } else {
            p[0] = UInt8(truncatingIfNeeded: w) &+ 0x30
        }
    }

    /// Writes an unsigned integer in decimal to `p` (at most 20 bytes); returns the bytes written.
    @inline(__always)
    static func write(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let n = digitCount(value)
        writeDigits(value, count: n, to: p)
        return n
    }

    /// Writes a signed integer in decimal to `p` (at most 20 bytes); returns the bytes written.
    @inline(__always)
    static func write(_ value: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 {
            p.pointee = 0x2D
            return 1 &+ write(UInt64(bitPattern: 0 &- value), to: p + 1)
        }
        return write(UInt64(value), to: p)
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

    /// Writes the decimal `value × 10^-scale` (0 ≤ scale ≤ 18, `divisor` = 10^scale) as the
    /// server writes Decimal32 and Decimal64: the fraction's trailing zeros dropped (and the
    /// point with them) unless `keepTrailingZeros` (`output_format_decimal_trailing_zeros`).
    /// At most 22 bytes; returns the bytes written.
    @inline(__always)
    static func writeDecimal(_ value: Int64, scale: Int, divisor: UInt64, keepTrailingZeros: Bool,
                             to start: UnsafeMutablePointer<UInt8>) -> Int {
        var p = start
        if value < 0 {
            p.pointee = 0x2D
            p += 1
        }
        let magnitude = value.magnitude
        let integer = magnitude / divisor
        var fraction = magnitude &- integer &* divisor
        p += write(integer, to: p)
        guard scale > 0, keepTrailingZeros || fraction != 0 else { return p - start }
        p.pointee = 0x2E
        p += 1
        var width = scale
        if !keepTrailingZeros {
            while fraction % 10 == 0 {
                fraction /= 10
                width &-= 1
            }
        }
        let n = digitCount(fraction)
        for i in 0 ..< width &- n { p[i] = 0x30 }
        writeDigits(fraction, count: n, to: p + (width &- n))
        return p + width - start
    }

    /// Appends a 128-bit or wider integer via its decimal description.
    static func append<T: BinaryInteger>(wide value: T, to out: inout TextOutput) {
        out.append(String(value))
    }

    /// The most bytes ``write(_:to:)-(Double,_)`` writes for a Float64 or Float32.
    static let maxFloatLength = 32

    /// Appends a Float64 the way ClickHouse does: shortest round-trip digits, positional
    /// notation for decimal exponents in -7 < e < 21, otherwise `d.ddde±x` without a `+`;
    /// `nan`, `inf`, `-inf`, `-0`.
    static func append(_ value: Double, to out: inout TextOutput) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxFloatLength) { buffer in
            guard let p = buffer.baseAddress else { return }
            out.append(UnsafeRawBufferPointer(start: p, count: write(value, to: p)))
        }
    }

    /// Appends a Float32 with the shortest digits that round-trip as Float32.
    static func append(_ value: Float, to out: inout TextOutput) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxFloatLength) { buffer in
            guard let p = buffer.baseAddress else { return }
            out.append(UnsafeRawBufferPointer(start: p, count: write(value, to: p)))
        }
    }

    /// Writes ``append(_:to:)-(Double,_)``'s text to `p` (at most ``maxFloatLength`` bytes);
    /// returns the bytes written.
    @inline(__always)
    static func write(_ value: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return writeNonFinite(isNaN: value.isNaN, negative: value < 0, to: p) }
        return write(ShortestDigits.of(value), negative: value.sign == .minus, to: p)
    }

    /// Writes ``append(_:to:)-(Float,_)``'s text to `p` (at most ``maxFloatLength`` bytes).
    @inline(__always)
    static func write(_ value: Float, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return writeNonFinite(isNaN: value.isNaN, negative: value < 0, to: p) }
        return write(ShortestDigits.of(value), negative: value.sign == .minus, to: p)
    }

    private static func writeNonFinite(isNaN: Bool, negative: Bool, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var q = p
        if isNaN {
            q[0] = UInt8(ascii: "n"); q[1] = UInt8(ascii: "a"); q[2] = UInt8(ascii: "n")
            return 3
        }
        if negative {
            q.pointee = 0x2D
            q += 1
        }
        q[0] = UInt8(ascii: "i"); q[1] = UInt8(ascii: "n"); q[2] = UInt8(ascii: "f")
        return q + 3 - p
    }

    /// Lays out `digits × 10^exponent` as ClickHouse does (see `append(_: Double, to:)`) at `p`:
    /// at most 26 bytes (`-0.00000` and 17 digits); returns the bytes written.
    static func write(_ d: ShortestDigits.Decimal, negative: Bool, to start: UnsafeMutablePointer<UInt8>) -> Int {
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
            // d₁…d_point.d_point+1…dₙ: the fraction's digits moved one place to the right.
            writeDigits(d.digits, count: n, to: p)
            ByteCopy.copy(from: p + point, count: n - point, to: p + point + 1)
            p[point] = 0x2E
            p += n + 1
        }
        return p - start
    }
}
