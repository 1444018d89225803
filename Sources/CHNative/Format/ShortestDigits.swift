/// Shortest round-trip decimal digits of `Double` and `Float` values: the Ryū algorithm
/// (Ulf Adams, "Ryū: fast float-to-string conversion", PLDI 2018), ported from its reference
/// C implementation (github.com/ulfjack/ryu, `d2s.c` and `f2s.c`; Apache-2.0 or Boost-1.0).
///
/// The result is the shortest decimal that reads back as the same value and, of those, the one
/// closest to it (ties to even): the digits of Swift's `description` and of ClickHouse's text
/// formats. No allocation: the digits come back as an integer and a power of ten.
///
/// The tables of powers of five (Ryū's `DOUBLE_POW5_INV_SPLIT` and `DOUBLE_POW5_SPLIT`, also
/// used for `Float` as `f2s.c` does) are computed exactly once, at first use, with a small
/// big-integer routine instead of being pasted in as 1,300 constants.
enum ShortestDigits {
    /// `digits × 10^exponent`, `digits` without trailing zeros (0 only for zero).
    struct Decimal: Equatable {
        var digits: UInt64
        var exponent: Int
    }

    /// The shortest round-trip decimal of `|value|`; `value` must be finite.
    static func of(_ value: Double) -> Decimal {
        let bits = value.bitPattern
        let ieeeMantissa = bits & ((1 << 52) - 1)
        let ieeeExponent = Int((bits &>> 52) & 0x7FF)
        if ieeeExponent == 0 && ieeeMantissa == 0 { return Decimal(digits: 0, exponent: 0) }
        // Integers in [1, 2^53): their own digits (d2s.c's d2d_small_int).
        let e2 = ieeeExponent - 1023 - 52
        if ieeeExponent != 0 && e2 <= 0 && e2 >= -52 {
            let m2 = (1 << 52) | ieeeMantissa
            let fraction = m2 & ((1 &<< UInt64(-e2)) &- 1)
            if fraction == 0 { return trimmed(m2 &>> UInt64(-e2), 0) }
        }
        let d = d2d(ieeeMantissa, ieeeExponent)
        return trimmed(d.digits, d.exponent)
    }

    /// The shortest decimal of `|value|` that reads back as the same `Float`; `value` must be finite.
    static func of(_ value: Float) -> Decimal {
        let bits = value.bitPattern
        let ieeeMantissa = bits & ((1 << 23) - 1)
        let ieeeExponent = Int((bits &>> 23) & 0xFF)
        if ieeeExponent == 0 && ieeeMantissa == 0 { return Decimal(digits: 0, exponent: 0) }
        let d = f2d(ieeeMantissa, ieeeExponent)
        return trimmed(d.digits, d.exponent)
    }

    @inline(__always)
    private static func trimmed(_ digits: UInt64, _ exponent: Int) -> Decimal {
        var m = digits
        var e = exponent
        while m >= 10 {
            let q = m / 10
            if m &- q &* 10 != 0 { break }
            m = q
            e += 1
        }
        return Decimal(digits: m, exponent: e)
    }

    // MARK: Double (d2s.c)

    /// Returns e == 0 ? 1 : ceil(log2(5^e)); 0 ≤ e ≤ 3528.
    @inline(__always) private static func pow5bits(_ e: Int) -> Int { ((e &* 1_217_359) &>> 19) &+ 1 }
    /// floor(log10(2^e)); 0 ≤ e ≤ 1650.
    @inline(__always) private static func log10Pow2(_ e: Int) -> Int { (e &* 78913) &>> 18 }
    /// floor(log10(5^e)); 0 ≤ e ≤ 2620.
    @inline(__always) private static func log10Pow5(_ e: Int) -> Int { (e &* 732_923) &>> 20 }

    @inline(__always)
    private static func pow5Factor(_ value: UInt64) -> Int {
        var v = value
        var count = 0
        while true {
            v = v &* 14_757_395_258_967_641_293 // 5 × this ≡ 1 (mod 2^64)
            if v > 3_689_348_814_741_910_323 { break } // 2^64 / 5
            count += 1
        }
        return count
    }

    @inline(__always)
    private static func multipleOfPowerOf5(_ value: UInt64, _ p: Int) -> Bool { pow5Factor(value) >= p }

    @inline(__always)
    private static func multipleOfPowerOf2(_ value: UInt64, _ p: Int) -> Bool {
        value & ((1 &<< UInt64(p)) &- 1) == 0
    }

    /// (m × (hi·2^64 + lo)) >> j, with 64 < j < 128 (the product's high bits fit in 64 bits).
    @inline(__always)
    private static func mulShift64(_ m: UInt64, _ lo: UInt64, _ hi: UInt64, _ j: Int) -> UInt64 {
        let b0 = UInt128(m) &* UInt128(lo)
        let b2 = UInt128(m) &* UInt128(hi)
        return UInt64(truncatingIfNeeded: ((b0 &>> 64) &+ b2) &>> UInt128(j &- 64))
    }

    private static func d2d(_ ieeeMantissa: UInt64, _ ieeeExponent: Int) -> (digits: UInt64, exponent: Int) {
        let tables = PowersOfFive.tables
        // Two extra bits for the bounds.
        let e2: Int
        let m2: UInt64
        if ieeeExponent == 0 {
            e2 = 1 - 1023 - 52 - 2
            m2 = ieeeMantissa
        } else {
            e2 = ieeeExponent - 1023 - 52 - 2
            m2 = (1 << 52) | ieeeMantissa
        }
        let acceptBounds = m2 & 1 == 0
        // The interval of decimals that round to the value: (mm, mp) around mv, in units of 2^e2.
        let mv = 4 &* m2
        let mmShift: UInt64 = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0
        let mp = mv &+ 2
        let mm = mv &- 1 &- mmShift

        var vr: UInt64, vp: UInt64, vm: UInt64
        let e10: Int
        var vmIsTrailingZeros = false
        var vrIsTrailingZeros = false
        if e2 >= 0 {
            let q = log10Pow2(e2) - (e2 > 3 ? 1 : 0)
            e10 = q
            let k = PowersOfFive.inverseBitCount + pow5bits(q) - 1
            let i = -e2 + q + k
            let lo = tables.inverse[2 * q], hi = tables.inverse[2 * q + 1]
            vr = mulShift64(mv, lo, hi, i)
            vp = mulShift64(mp, lo, hi, i)
            vm = mulShift64(mm, lo, hi, i)
            if q <= 21 {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if mv % 5 == 0 {
                    vrIsTrailingZeros = multipleOfPowerOf5(mv, q)
                } else if acceptBounds {
                    vmIsTrailingZeros = multipleOfPowerOf5(mm, q)
                } else if multipleOfPowerOf5(mp, q) {
                    vp -= 1
                }
            }
        } else {
            let q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0)
            e10 = q + e2
            let i = -e2 - q
            let k = pow5bits(i) - PowersOfFive.bitCount
            let j = q - k
            let lo = tables.direct[2 * i], hi = tables.direct[2 * i + 1]
            vr = mulShift64(mv, lo, hi, j)
            vp = mulShift64(mp, lo, hi, j)
            vm = mulShift64(mm, lo, hi, j)
            if q <= 1 {
                // mv = 4 × m2 has at least two trailing zero bits; mm has one iff mmShift is 1;
                // mp = mv + 2 always has one.
                vrIsTrailingZeros = true
                if acceptBounds { vmIsTrailingZeros = mmShift == 1 } else { vp -= 1 }
            } else if q < 63 {
                vrIsTrailingZeros = multipleOfPowerOf2(mv, q)
            }
        }

        // The shortest decimal in the interval.
        var removed = 0
        var lastRemovedDigit: UInt64 = 0
        let output: UInt64
        if vmIsTrailingZeros || vrIsTrailingZeros {
            // The general case (rare).
            while vp / 10 > vm / 10 {
                vmIsTrailingZeros = vmIsTrailingZeros && vm % 10 == 0
                vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                lastRemovedDigit = vr % 10
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            if vmIsTrailingZeros {
                while vm % 10 == 0 {
                    vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                    lastRemovedDigit = vr % 10
                    vr /= 10
                    vp /= 10
                    vm /= 10
                    removed += 1
                }
            }
            if vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0 {
                // Round to even when the exact value ends in …50…0.
                lastRemovedDigit = 4
            }
            let up = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5
            output = vr + (up ? 1 : 0)
        } else {
            // The common case.
            var roundUp = false
            if vp / 100 > vm / 100 {
                roundUp = vr % 100 >= 50
                vr /= 100
                vp /= 100
                vm /= 100
                removed += 2
            }
            while vp / 10 > vm / 10 {
                roundUp = vr % 10 >= 5
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            output = vr + (vr == vm || roundUp ? 1 : 0)
        }
        return (output, e10 + removed)
    }

    // MARK: Float (f2s.c, with the Double tables' high words)

    /// (m × factor) >> shift, 32 < shift.
    @inline(__always)
    private static func mulShift32(_ m: UInt32, _ factor: UInt64, _ shift: Int) -> UInt32 {
        let bits0 = UInt64(m) &* (factor & 0xFFFF_FFFF)
        let bits1 = UInt64(m) &* (factor &>> 32)
        let sum = (bits0 &>> 32) &+ bits1
        return UInt32(truncatingIfNeeded: sum &>> UInt64(shift &- 32))
    }

    @inline(__always)
    private static func mulPow5InvDivPow2(_ m: UInt32, _ q: Int, _ j: Int, _ t: PowersOfFive) -> UInt32 {
        mulShift32(m, t.inverse[2 * q + 1] &+ 1, j)
    }

    @inline(__always)
    private static func mulPow5DivPow2(_ m: UInt32, _ i: Int, _ j: Int, _ t: PowersOfFive) -> UInt32 {
        mulShift32(m, t.direct[2 * i + 1], j)
    }

    private static func pow5Factor32(_ value: UInt32) -> Int {
        var v = value
        var count = 0
        while v != 0 && v % 5 == 0 {
            v /= 5
            count += 1
        }
        return count
    }

    private static func f2d(_ ieeeMantissa: UInt32, _ ieeeExponent: Int) -> (digits: UInt64, exponent: Int) {
        let t = PowersOfFive.tables
        let floatInverseBitCount = PowersOfFive.inverseBitCount - 64
        let floatBitCount = PowersOfFive.bitCount - 64
        let e2: Int
        let m2: UInt32
        if ieeeExponent == 0 {
            e2 = 1 - 127 - 23 - 2
            m2 = ieeeMantissa
        } else {
            e2 = ieeeExponent - 127 - 23 - 2
            m2 = (1 << 23) | ieeeMantissa
        }
        let acceptBounds = m2 & 1 == 0
        let mv = 4 &* m2
        let mp = mv &+ 2
        let mmShift: UInt32 = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0
        let mm = mv &- 1 &- mmShift

        var vr: UInt32, vp: UInt32, vm: UInt32
        let e10: Int
        var vmIsTrailingZeros = false
        var vrIsTrailingZeros = false
        var lastRemovedDigit: UInt32 = 0
        if e2 >= 0 {
            let q = log10Pow2(e2)
            e10 = q
            let k = floatInverseBitCount + pow5bits(q) - 1
            let i = -e2 + q + k
            vr = mulPow5InvDivPow2(mv, q, i, t)
            vp = mulPow5InvDivPow2(mp, q, i, t)
            vm = mulPow5InvDivPow2(mm, q, i, t)
            if q != 0 && (vp &- 1) / 10 <= vm / 10 {
                // One removed digit is needed even when the loop below does not run.
                let l = floatInverseBitCount + pow5bits(q - 1) - 1
                lastRemovedDigit = mulPow5InvDivPow2(mv, q - 1, -e2 + q - 1 + l, t) % 10
            }
            if q <= 9 {
                if mv % 5 == 0 {
                    vrIsTrailingZeros = pow5Factor32(mv) >= q
                } else if acceptBounds {
                    vmIsTrailingZeros = pow5Factor32(mm) >= q
                } else if pow5Factor32(mp) >= q {
                    vp -= 1
                }
            }
        } else {
            let q = log10Pow5(-e2)
            e10 = q + e2
            let i = -e2 - q
            let k = pow5bits(i) - floatBitCount
            var j = q - k
            vr = mulPow5DivPow2(mv, i, j, t)
            vp = mulPow5DivPow2(mp, i, j, t)
            vm = mulPow5DivPow2(mm, i, j, t)
            if q != 0 && (vp &- 1) / 10 <= vm / 10 {
                j = q - 1 - (pow5bits(i + 1) - floatBitCount)
                lastRemovedDigit = mulPow5DivPow2(mv, i + 1, j, t) % 10
            }
            if q <= 1 {
                vrIsTrailingZeros = true
                if acceptBounds { vmIsTrailingZeros = mmShift == 1 } else { vp -= 1 }
            } else if q < 31 {
                vrIsTrailingZeros = mv & ((1 &<< UInt32(q - 1)) &- 1) == 0
            }
        }

        var removed = 0
        let output: UInt32
        if vmIsTrailingZeros || vrIsTrailingZeros {
            while vp / 10 > vm / 10 {
                vmIsTrailingZeros = vmIsTrailingZeros && vm % 10 == 0
                vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                lastRemovedDigit = vr % 10
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            if vmIsTrailingZeros {
                while vm % 10 == 0 {
                    vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                    lastRemovedDigit = vr % 10
                    vr /= 10
                    vp /= 10
                    vm /= 10
                    removed += 1
                }
            }
            if vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0 { lastRemovedDigit = 4 }
            let up = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5
            output = vr + (up ? 1 : 0)
        } else {
            while vp / 10 > vm / 10 {
                lastRemovedDigit = vr % 10
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            output = vr + (vr == vm || lastRemovedDigit >= 5 ? 1 : 0)
        }
        return (UInt64(output), e10 + removed)
    }
}

/// Ryū's tables of 125-bit approximations of 5^i and 5^-i, two words each (low word first).
struct PowersOfFive: Sendable {
    static let bitCount = 125
    static let inverseBitCount = 125
    static let inverseCount = 342
    static let directCount = 326

    /// 5^i shifted to exactly 125 bits (`DOUBLE_POW5_SPLIT[i]`, i < 326).
    let direct: [UInt64]
    /// floor(2^(bitLength(5^i) - 1 + 125) / 5^i) + 1 (`DOUBLE_POW5_INV_SPLIT[i]`, i < 342).
    let inverse: [UInt64]

    static let tables = PowersOfFive()

    /// Computes both tables exactly: 5^i by repeated multiplication, and floor(2^960 / 5^i)
    /// by repeated division, both as little-endian 32-bit limbs (5^341 has 792 bits).
    private init() {
        let top = 960
        var power: [UInt32] = [1]
        var quotient = [UInt32](repeating: 0, count: top / 32 + 1)
        quotient[top / 32] = 1
        var direct: [UInt64] = []
        var inverse: [UInt64] = []
        direct.reserveCapacity(2 * Self.directCount)
        inverse.reserveCapacity(2 * Self.inverseCount)
        for i in 0..<Self.inverseCount {
            let length = Self.bitLength(power)
            if i < Self.directCount {
                let (lo, hi) = Self.window(power, from: length - Self.bitCount)
                direct.append(lo)
                direct.append(hi)
            }
            // floor(2^j / 5^i) = floor(floor(2^960 / 5^i) / 2^(960 - j)).
            let j = length - 1 + Self.inverseBitCount
            let (lo, hi) = Self.window(quotient, from: top - j)
            let (sum, carry) = lo.addingReportingOverflow(1)
            inverse.append(sum)
            inverse.append(hi &+ (carry ? 1 : 0))
            Self.multiply(&power, by: 5)
            Self.divide(&quotient, by: 5)
        }
        self.direct = direct
        self.inverse = inverse
    }

    private static func multiply(_ a: inout [UInt32], by m: UInt32) {
        var carry: UInt64 = 0
        for k in a.indices {
            let p = UInt64(a[k]) * UInt64(m) + carry
            a[k] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { a.append(UInt32(carry)) }
    }

    private static func divide(_ a: inout [UInt32], by d: UInt32) {
        var remainder: UInt64 = 0
        for k in a.indices.reversed() {
            let n = remainder << 32 | UInt64(a[k])
            a[k] = UInt32(n / UInt64(d))
            remainder = n % UInt64(d)
        }
    }

    private static func bitLength(_ a: [UInt32]) -> Int {
        for k in a.indices.reversed() where a[k] != 0 {
            return k * 32 + 32 - a[k].leadingZeroBitCount
        }
        return 0
    }

    /// Bits `from ..< from + 128` of `a` (bits below 0 read as zeros), as (low, high) words.
    private static func window(_ a: [UInt32], from: Int) -> (UInt64, UInt64) {
        func bit(_ p: Int) -> UInt64 {
            guard p >= 0, p / 32 < a.count else { return 0 }
            return UInt64((a[p / 32] >> UInt32(p % 32)) & 1)
        }
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for b in 0..<64 {
            lo |= bit(from + b) << UInt64(b)
            hi |= bit(from + 64 + b) << UInt64(b)
        }
        return (lo, hi)
    }
}
