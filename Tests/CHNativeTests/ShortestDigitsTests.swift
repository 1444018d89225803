import Testing
@testable import CHNative

/// `ShortestDigits` (Ryū) against Swift's own shortest round-trip `description` digits, and its
/// computed tables against entries of Ryū's published ones. (The layout is compared with the
/// server in `FloatTextTests` of the CLI tests.)
@Suite struct ShortestDigitsTests {
    /// SplitMix64: reproducible pseudo-random bit patterns.
    struct Bits {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The digits and power of ten of Swift's `description` of a finite, nonzero magnitude
    /// (`1.25e-07`, `12345.0`, `5e-324`), trailing zeros removed.
    static func swiftDigits(_ text: String) -> ShortestDigits.Decimal {
        var digits: UInt64 = 0
        var exponent = 0
        var afterPoint = false
        var seenDigit = false
        var scientific: Substring = ""
        for (i, c) in zip(text.indices, text) {
            if c == "e" { scientific = text[text.index(after: i)...]; break }
            if c == "." { afterPoint = true; continue }
            guard let v = c.wholeNumberValue else { continue }
            if v == 0 && !seenDigit { if afterPoint { exponent -= 1 }; continue }
            seenDigit = true
            digits = digits * 10 + UInt64(v)
            if afterPoint { exponent -= 1 }
        }
        exponent += Int(scientific.replacingOccurrences(of: "+", with: "")) ?? 0
        while digits != 0 && digits % 10 == 0 { digits /= 10; exponent += 1 }
        return ShortestDigits.Decimal(digits: digits, exponent: exponent)
    }

    func check(_ v: Double) {
        guard v.isFinite, v != 0 else { return }
        let expected = Self.swiftDigits(v.magnitude.description)
        #expect(ShortestDigits.of(v) == expected, "\(v.bitPattern): \(v)")
    }

    func check(_ v: Float) {
        guard v.isFinite, v != 0 else { return }
        let expected = Self.swiftDigits(v.magnitude.description)
        #expect(ShortestDigits.of(v) == expected, "\(v.bitPattern): \(v)")
    }

    @Test func tablesMatchRyusPublishedEntries() {
        let t = PowersOfFive.tables
        #expect(t.inverse.count == 2 * 342 && t.direct.count == 2 * 326)
        // DOUBLE_POW5_INV_SPLIT[0, 1, 340, 341] and DOUBLE_POW5_SPLIT[0, 2, 316, 324, 325] of d2s_full_table.h.
        #expect(t.inverse[0...3] == [1, 2_305_843_009_213_693_952, 11_068_046_444_225_730_970, 1_844_674_407_370_955_161])
        #expect(t.inverse[680...683] == [14_677_010_862_395_735_754, 1_681_492_134_412_670_958, 673_562_245_690_857_633, 1_345_193_707_530_136_767])
        #expect(t.direct[0...1] == [0, 1_152_921_504_606_846_976])
        #expect(t.direct[4...5] == [0, 1_801_439_850_948_198_400])
        #expect(t.direct[632...633] == [3_167_368_447_542_438_461, 1_911_323_890_694_592_264])
        #expect(t.direct[648...651] == [3_278_889_188_817_135_834, 1_424_047_269_444_608_885, 8_710_297_504_448_807_696, 1_780_059_086_805_761_106])
    }

    @Test func zeroHasNoDigits() {
        #expect(ShortestDigits.of(0.0) == ShortestDigits.Decimal(digits: 0, exponent: 0))
        #expect(ShortestDigits.of(-0.0 as Float) == ShortestDigits.Decimal(digits: 0, exponent: 0))
    }

    @Test func doublesAtTheEdges() {
        var values: [Double] = [.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, 0.1, 0.3, 1.0 / 3,
                                9_007_199_254_740_991, 9_007_199_254_740_992, 1.7976931348623157e308, 2.2250738585072014e-308,
                                Double.leastNormalMagnitude.nextDown, Double.leastNonzeroMagnitude.nextUp]
        for k in -324...308 {
            guard let p = Double("1e\(k)") else { continue }
            values += [p, p.nextUp, p.nextDown, p * 2, p * 5, p * 3]
        }
        for e in -1074...1023 {
            let p = Double(sign: .plus, exponent: e, significand: 1)
            values += [p, p.nextUp, p.nextDown]
        }
        for bits in 1...2000 as ClosedRange<UInt64> { values.append(Double(bitPattern: bits)) }
        for bits in 0x000F_FFFF_FFFF_F000...0x0010_0000_0000_0800 as ClosedRange<UInt64> { values.append(Double(bitPattern: bits)) }
        for v in values { check(v) }
    }

    @Test func randomDoubles() {
        var bits = Bits(state: 20_240_917)
        for _ in 0..<200_000 { check(Double(bitPattern: bits.next())) }
        // Magnitudes in the positional range and values with few digits.
        for i in 0..<50_000 {
            let r = bits.next()
            check(Double(bitPattern: (r & 0x800F_FFFF_FFFF_FFFF) | (UInt64(1023 - 40 + Int(r >> 52) % 120) << 52)))
            check(Double(i) / 1000)
            check(Double(i) * 0.1)
            check(Double(i) / 3)
        }
    }

    @Test func floatsAtTheEdgesAndAtRandom() {
        var values: [Float] = [.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 16_777_216, 16_777_218,
                               0.1, 0.3, 1.0 / 3, 3.4e38, 1e-7]
        for k in -45...38 {
            guard let p = Float("1e\(k)") else { continue }
            values += [p, p.nextUp, p.nextDown, p * 2, p * 3]
        }
        for e in -149...127 {
            let p = Float(sign: .plus, exponent: e, significand: 1)
            values += [p, p.nextUp, p.nextDown]
        }
        for bits in 1...5000 as ClosedRange<UInt32> { values.append(Float(bitPattern: bits)) }
        for v in values { check(v) }
        var bits = Bits(state: 7)
        for _ in 0..<200_000 { check(Float(bitPattern: UInt32(truncatingIfNeeded: bits.next()))) }
    }
}
