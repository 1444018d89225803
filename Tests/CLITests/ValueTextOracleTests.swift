import Foundation
import Testing

/// Many values of one type printed by `datalake query` against the server's own text of the
/// same values over HTTP, line by line.
///
/// Floats: random bit patterns, every binade and its neighbours, subnormals, the powers of ten
/// and their neighbours (the 1e15 … 1e22 boundaries of positional notation among them), NaN,
/// infinities and zeros, and values with few digits; each line carries the bit pattern, so a
/// difference names its value. Dates and times: the whole range and beyond it.
@Suite(.serialized) struct ValueTextOracleTests {
    /// `1eK` for every K a type holds, rounded by Swift's parser, and the values next to it.
    static func powersOfTen<F: BinaryFloatingPoint & LosslessStringConvertible>(_: F.Type, _ range: ClosedRange<Int>) -> [F] {
        range.compactMap { F("1e\($0)") }.filter { $0 != 0 && $0.isFinite }.flatMap { [$0, $0.nextUp, $0.nextDown] }
    }

    /// Compares the two renderings line by line, naming the first few differences.
    func compare(_ sql: String) throws {
        let theirs = try QueryCLI.server(sql)
        let (status, mine, err) = try QueryCLI.run([sql])
        #expect(status == 0, "\(err)")
        let a = String(decoding: mine, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: theirs, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(a.count == b.count)
        #expect(b.count > 1000, "the oracle printed \(b.count) lines")
        let differences = zip(a, b).filter { $0 != $1 }.prefix(10).map { "mine \($0) vs the server's \($1)" }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func float64AsTheServerPrintsIt() throws {
        let edges = Self.powersOfTen(Double.self, -330...310) + [.greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
                                                                 9_007_199_254_740_992, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3]
        let list = edges.map { String($0.bitPattern) }.joined(separator: ",")
        let sql = """
            SELECT b, reinterpretAsFloat64(b) AS f FROM (
                SELECT arrayJoin([\(list)]::Array(UInt64)) AS b
                UNION ALL SELECT sipHash64(number) FROM numbers(100000)
                UNION ALL SELECT toUInt64(bitOr(bitAnd(sipHash64(number, 1), 0x800FFFFFFFFFFFFF), bitShiftLeft(toUInt64(983 + sipHash64(number, 2) % 120), 52))) FROM numbers(100000)
                UNION ALL SELECT toUInt64(arrayJoin([bitShiftLeft(toUInt64(number), 52) - 1, bitShiftLeft(toUInt64(number), 52), bitShiftLeft(toUInt64(number), 52) + 1])) FROM numbers(1, 2047)
                UNION ALL SELECT number FROM numbers(3000)
                UNION ALL SELECT toUInt64(bitShiftLeft(toUInt64(1), number) + arrayJoin([0, 1])) FROM numbers(64)
                UNION ALL SELECT toUInt64(arrayJoin([0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001, 0x8000000000000000, 0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF]))
            ) ORDER BY b FORMAT TabSeparated
            """
        try compare(sql)
        // Both signs, few digits, the positional range.
        try compare("""
            SELECT number, number / 3, number * 0.001, -number * 1e-9, number * 1.1e15, 1 / (number + 1), number * 7e18, -number / 7e7,
                toFloat64(number) * 100000, exp10(toFloat64(number % 60) - 30) FROM numbers(50000) FORMAT TabSeparated
            """)
    }

    @Test func float32AsTheServerPrintsIt() throws {
        let edges = Self.powersOfTen(Float.self, -46...39) + [.greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
                                                            16_777_216, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3]
        let list = edges.map { String($0.bitPattern) }.joined(separator: ",")
        let sql = """
            SELECT b, reinterpretAsFloat32(b) AS f FROM (
                SELECT arrayJoin([\(list)]::Array(UInt32)) AS b
                UNION ALL SELECT toUInt32(sipHash64(number) % 4294967296) FROM numbers(100000)
                UNION ALL SELECT toUInt32(bitOr(bitAnd(sipHash64(number, 1), 0x807FFFFF), bitShiftLeft(toUInt64(100 + sipHash64(number, 2) % 60), 23))) FROM numbers(50000)
                UNION ALL SELECT toUInt32(arrayJoin([bitShiftLeft(toUInt64(number), 23) - 1, bitShiftLeft(toUInt64(number), 23), bitShiftLeft(toUInt64(number), 23) + 1])) FROM numbers(1, 255)
                UNION ALL SELECT toUInt32(number) FROM numbers(3000)
                UNION ALL SELECT toUInt32(arrayJoin([0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x80000000, 0x7F7FFFFF, 0xFF7FFFFF]))
            ) ORDER BY b FORMAT TabSeparated
            """
        try compare(sql)
        try compare("""
            SELECT toFloat32(number / 3), toFloat32(number * 0.001), toFloat32(-number * 1e-9), toFloat32(number * 1.1e15),
                toFloat32(number) * 100000 FROM numbers(50000) FORMAT TabSeparated
            """)
    }

    @Test func datesAndTimesAsTheServerPrintsThem() throws {
        try compare("""
            SELECT number, toDate(number * 7 % 65536), toDate32(toInt32(number * 131) - 3000000), toDateTime(toUInt32(number * 86413 + number % 60), 'UTC'),
                toDateTime(toUInt32(number * 86413), 'Asia/Kolkata'), toDateTime64(number * 1000003 - 1000000000, 3, 'UTC'),
                toDate(19000 + number % 1000), toDateTime(1700000000 + number * 7, 'UTC'), toDate32(-25000 + number % 500)
            FROM numbers(60000) FORMAT TabSeparated
            """)
        for format in ["CSV", "TabSeparated"] {
            try compare("""
                SELECT toDate(number * 7 % 65536) d, [d], toDateTime(toUInt32(number * 86413), 'UTC') t, [t] FROM numbers(5000) FORMAT \(format)
                """)
        }
    }
}
