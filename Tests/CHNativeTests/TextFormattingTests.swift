import Testing
@testable import CHNative

@Suite struct TextFormattingTests {
    func text(_ body: (inout TextOutput) -> Void) -> String {
        var out = TextOutput()
        body(&out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    // Expected strings are what ClickHouse 26.9 prints for `FORMAT TabSeparated`.
    @Test(arguments: [
        (1e21, "1e21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (1e-5, "0.00001"), (0.1, "0.1"),
        (123456.789, "123456.789"), (1.5e300, "1.5e300"), (-0.0, "-0"), (1e-6, "0.000001"),
        (1234567890123456789012.0, "1.2345678901234568e21"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e308"), (100, "100"), (1e16, "10000000000000000"),
        (0.3, "0.3"), (1.23456789e-5, "0.0000123456789"), (Double.nan, "nan"), (Double.infinity, "inf"),
        (-Double.infinity, "-inf"), (-2.5, "-2.5"),
    ] as [(Double, String)])
    func float64(_ value: Double, _ expected: String) {
        #expect(text { NumberFormatting.append(value, to: &$0) } == expected)
    }

    @Test(arguments: [
        (Float(0.1), "0.1"), (Float(1e20), "100000000000000000000"), (Float(3.4e38), "3.4e38"),
        (Float(1e-7), "1e-7"), (Float(16777217), "16777216"), (Float(1e-45), "1e-45"),
    ] as [(Float, String)])
    func float32(_ value: Float, _ expected: String) {
        #expect(text { NumberFormatting.append(value, to: &$0) } == expected)
    }

    @Test func integers() {
        #expect(text { NumberFormatting.append(UInt64.max, to: &$0) } == "18446744073709551615")
        #expect(text { NumberFormatting.append(Int64.min, to: &$0) } == "-9223372036854775808")
        #expect(text { NumberFormatting.append(UInt64(0), to: &$0) } == "0")
        var values: [UInt64] = [0, 1, 9, 10, 99, 100, UInt64.max, UInt64.max - 1]
        var p: UInt64 = 1
        for _ in 0..<19 {
            p *= 10
            values += [p - 1, p, p + 1, p / 2 * 3]
        }
        var state: UInt64 = 1
        for _ in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values += [state, state >> (state % 64)]
        }
        for v in values {
            guard text({ NumberFormatting.append(v, to: &$0) }) == String(v),
                  text({ NumberFormatting.append(Int64(bitPattern: v), to: &$0) }) == String(Int64(bitPattern: v)),
                  NumberFormatting.digitCount(v) == String(v).count else {
                Issue.record("\(v)")
                break
            }
        }
    }

    @Test func escaping() {
        let raw: [UInt8] = Array("a\tb\nc\\d'e\"f".utf8) + [0, 1, 8, 12, 13, 27, 127]
        let s = text { out in raw.withUnsafeBytes { TextEscaping.appendEscaped($0, quoted: false, to: &out) } }
        #expect(Array(s.utf8) == Array("a\\tb\\nc\\\\d\\'e\"f\\0".utf8) + [1] + Array("\\b\\f\\r".utf8) + [27, 127])
        let q = text { out in Array("a'b".utf8).withUnsafeBytes { TextEscaping.appendEscaped($0, quoted: true, to: &out) } }
        #expect(q == "'a\\'b'")
    }

    /// The pointer writers of strings against the append functions, and ByteCopy, for every
    /// length up to 40 of text with and without bytes to escape.
    @Test func stringWritersAndByteCopy() {
        var state: UInt64 = 3
        for length in 0...40 {
            // Letters; escaped bytes among letters; bytes of 0x80 and above with one byte to
            // escape or quote somewhere.
            for kind in 0..<3 {
                let special = length == 0 ? 0 : Int(state >> 40) % length
                let bytes: [UInt8] = (0..<length).map { i in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let b = UInt8(truncatingIfNeeded: state >> 56)
                    switch kind {
                    case 0: return 0x41 + b % 26
                    case 1: return [0x09, 0x0A, 0x5C, 0x27, 0x22, 0x00, 0x41, 0x42, 0x43, 0x44][Int(b % 10)]
                    default: return i == special ? [0x5C, 0x27, 0x22, 0x0D][Int(b % 4)] : 0x80 | b
                    }
                }
                /// What `write` puts in a buffer of room `2 × length + 2`.
                func written(_ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
                    var buffer = [UInt8](repeating: 0xEE, count: 2 * length + 2)
                    let n = buffer.withUnsafeMutableBufferPointer { b in b.baseAddress.map(write) ?? 0 }
                    return String(decoding: buffer[..<n], as: UTF8.self)
                }
                bytes.withUnsafeBytes { raw in
                    for quoted in [false, true] {
                        #expect(written { TextEscaping.writeEscaped(raw, quoted: quoted, to: $0) } == text { TextEscaping.appendEscaped(raw, quoted: quoted, to: &$0) })
                    }
                    #expect(written { StringText.writeCSV(raw, to: $0) } == text { StringText.appendCSV(raw, to: &$0) })
                }
                var copy = [UInt8](repeating: 0xEE, count: length + 1)
                bytes.withUnsafeBufferPointer { source in
                    copy.withUnsafeMutableBufferPointer { target in
                        guard let from = source.baseAddress, let to = target.baseAddress else { return }
                        ByteCopy.copy(from: from, count: length, to: to)
                    }
                }
                #expect(Array(copy[..<length]) == bytes && copy[length] == 0xEE)
            }
        }
    }

    @Test func dates() {
        #expect(text { CivilTime.appendDate(days: 0, to: &$0) } == "1970-01-01")
        #expect(text { CivilTime.appendDate(days: 18262, to: &$0) } == "2020-01-01")
        #expect(text { CivilTime.appendDate(days: -25567, to: &$0) } == "1900-01-01")
        #expect(text { CivilTime.appendDate(days: 65535, to: &$0) } == "2149-06-06")
        #expect(text { CivilTime.appendDateTime(seconds: 1_577_836_800, timezone: "Asia/Kolkata", to: &$0) } == "2020-01-01 05:30:00")
        #expect(text { CivilTime.appendDateTime64(ticks: -1, precision: 3, timezone: nil, to: &$0) } == "1969-12-31 23:59:59.999")
        // The fast conversion of the dates ClickHouse can print, day by day.
        for d in CivilTime.minimumDay...CivilTime.maximumDay {
            let (y, m, day) = CivilTime.civil(fromDays: d)
            let fast = CivilTime.civilWithinRange(days: Int32(d))
            guard fast.year == Int(y) && fast.month == m && fast.day == day else {
                Issue.record("day \(d): \(fast) vs \((y, m, day))")
                break
            }
        }
        for d in [-719_468, -1, 0, 59, 10957, 2_932_896] as [Int64] {
            let (y, m, day) = CivilTime.civil(fromDays: d)
            #expect(CivilTime.days(year: y, month: m, day: day) == d)
        }
    }

    @Test func uuidAndIPs() {
        // 61f0c404-5cb3-11e7-907b-a6006ad3dba0: first half then second half, each a little-endian UInt64.
        let v = UInt128(0x907BA6006AD3DBA0 as UInt64) << 64 | UInt128(0x61F0C4045CB311E7 as UInt64)
        #expect(text { FixedWidthFormatting.appendUUID(v, to: &$0) } == "61f0c404-5cb3-11e7-907b-a6006ad3dba0")
        #expect(text { FixedWidthFormatting.appendIPv4(0x01020304, to: &$0) } == "1.2.3.4")
        func v6(_ bytes: [UInt8]) -> String { text { out in bytes.withUnsafeBytes { IPText.appendIPv6($0, to: &out) } } }
        #expect(v6([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]) == "2001:db8::1")
        #expect(v6([UInt8](repeating: 0, count: 10) + [0xff, 0xff, 1, 2, 3, 4]) == "::ffff:1.2.3.4")
        #expect(v6([UInt8](repeating: 0, count: 16)) == "::")
        #expect(v6([UInt8](repeating: 0, count: 15) + [1]) == "::1")
    }

    @Test func decimals() {
        func dec(_ digits: String, scale: Int, negative: Bool = false) -> String {
            text { WideIntegerText.appendDecimal(negative: negative, digits: Array(digits.utf8), scale: scale, to: &$0) }
        }
        #expect(dec("1500", scale: 3) == "1.5")
        #expect(dec("10", scale: 4, negative: true) == "-0.001")
        #expect(dec("10000", scale: 2) == "100")
        #expect(dec("0", scale: 2) == "0")
        let (neg, digits) = [UInt8](repeating: 0xFF, count: 16).withUnsafeBytes { WideIntegerText.digits($0, signed: true) }
        #expect(neg && digits == Array("1".utf8))
        let (_, max) = [UInt8](repeating: 0xFF, count: 32).withUnsafeBytes { WideIntegerText.digits($0, signed: false) }
        #expect(String(decoding: max, as: UTF8.self) == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
    }
}
