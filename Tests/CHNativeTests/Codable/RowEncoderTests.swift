import Foundation
import Testing
@testable import CHNative

/// Encodable rows built into columns of a table's types, offline: the sample block is made
/// here, and the built block is printed, re-encoded and decoded back.
@Suite struct RowEncoderTests {
    /// An empty block with these columns, like the server's sample block for an insert.
    func sample(_ columns: [(String, String)]) throws -> Block {
        try Block(columns.map { name, typeName in
            (name, try makeCodec(for: try TypeParser.parse(typeName)).read(ReadBuffer(bytes: [UInt8]()), rows: 0, context: DecodeContext(defaultTimezone: nil)))
        })
    }

    func build<T: Encodable>(_ rows: [T], _ columns: [(String, String)]) throws -> Block {
        let encoded = try EncodedRows(rows)
        let blocks = try encoded.blocks(for: try sample(columns), blockSize: 1000)
        let (block, _) = try #require(blocks.first)
        // The block survives the wire format.
        let (decoded, _) = try roundTrip(block)
        #expect(tsv(decoded) == tsv(block))
        return block
    }

    enum Kind: String, Codable { case small, large = "lar'ge" }
    struct Point: Codable, Equatable { var x: Double; var y: Double }

    struct Wide: Codable, Equatable {
        var id: UInt64
        var i8: Int8
        var i128: Int128
        var u256: String
        var f32: Float
        var flag: Bool
        var name: String
        var code: String
        var day: Date
        var at: Date
        var precise: Date
        var uid: UUID
        var price: Decimal
        var big: Decimal
        var maybe: Int32?
        var tags: [String]
        var matrix: [[Int16?]]
        var attrs: [String: UInt64]
        var kind: Kind
        var city: String
        var cityOrNil: String?
        var point: Point
        var ip: String
        var ip6: String
    }

    static let columns: [(String, String)] = [
        ("id", "UInt64"), ("i8", "Int8"), ("i128", "Int128"), ("u256", "UInt256"), ("f32", "Float32"), ("flag", "Bool"),
        ("name", "String"), ("code", "FixedString(3)"), ("day", "Date"), ("at", "DateTime('UTC')"), ("precise", "DateTime64(3, 'UTC')"),
        ("uid", "UUID"), ("price", "Decimal(18, 4)"), ("big", "Decimal(76, 20)"), ("maybe", "Nullable(Int32)"), ("tags", "Array(String)"),
        ("matrix", "Array(Array(Nullable(Int16)))"), ("attrs", "Map(String, UInt64)"), ("kind", "Enum8('small' = 1, 'lar\\'ge' = 2)"),
        ("city", "LowCardinality(String)"), ("cityOrNil", "LowCardinality(Nullable(String))"), ("point", "Tuple(x Float64, y Float64)"),
        ("ip", "IPv4"), ("ip6", "IPv6"),
    ]

    static func rows() -> [Wide] {
        [
            Wide(id: 1, i8: -128, i128: .min, u256: "115792089237316195423570985008687907853269984665640564039457584007913129639935", f32: 1.5,
                 flag: true, name: "tab\tand 'quote'", code: "ab", day: Date(timeIntervalSince1970: 86_400 * 19_000),
                 at: Date(timeIntervalSince1970: 1_700_000_000), precise: Date(timeIntervalSince1970: 1_700_000_000.123),
                 uid: UUID(uuidString: "61f0c404-5cb3-11e7-907b-a6006ad3dba0") ?? UUID(), price: Decimal(string: "-12.3456") ?? 0,
                 big: Decimal(string: "1234567890123456789.0123456789") ?? 0, maybe: nil, tags: ["a", ""],
                 matrix: [[1, nil], []], attrs: ["k": 7], kind: .large, city: "Köln", cityOrNil: nil, point: Point(x: 1, y: -2.5),
                 ip: "10.1.2.3", ip6: "2001:db8::1"),
            Wide(id: 2, i8: 127, i128: .max, u256: "0", f32: -0.25, flag: false, name: "", code: "xyz",
                 day: Date(timeIntervalSince1970: 0), at: Date(timeIntervalSince1970: 0), precise: Date(timeIntervalSince1970: -0.5),
                 uid: UUID(uuidString: "00000000-0000-0000-0000-000000000001") ?? UUID(), price: 0, big: Decimal(string: "-0.00000000000000000001") ?? 0,
                 maybe: -7, tags: [], matrix: [], attrs: [:], kind: .small, city: "Köln", cityOrNil: "Bonn", point: Point(x: 0, y: 0),
                 ip: "255.255.255.255", ip6: "::ffff:1.2.3.4"),
        ]
    }

    @Test func structsBuildColumnsOfTheTableTypesAndDecodeBack() throws {
        let block = try build(RowEncoderTests.rows(), RowEncoderTests.columns)
        #expect(block.columns.map(\.type.name) == (try RowEncoderTests.columns.map { try TypeParser.parse($0.1).name }))
        let lines = tsv(block).split(separator: "\n")
        #expect(lines[0] == "1\t-128\t-170141183460469231731687303715884105728\t115792089237316195423570985008687907853269984665640564039457584007913129639935\t1.5\ttrue\ttab\\tand \\'quote\\'\tab\\0\t2022-01-08\t2023-11-14 22:13:20\t2023-11-14 22:13:20.123\t61f0c404-5cb3-11e7-907b-a6006ad3dba0\t-12.3456\t1234567890123456789.0123456789\t\\N\t['a','']\t[[1,NULL],[]]\t{'k':7}\tlar\\'ge\tKöln\t\\N\t(1,-2.5)\t10.1.2.3\t2001:db8::1")
        #expect(lines[1] == "2\t127\t170141183460469231731687303715884105727\t0\t-0.25\tfalse\t\txyz\t1970-01-01\t1970-01-01 00:00:00\t1969-12-31 23:59:59.500\t00000000-0000-0000-0000-000000000001\t0\t-0.00000000000000000001\t-7\t[]\t[]\t{}\tsmall\tKöln\tBonn\t(0,0)\t255.255.255.255\t::ffff:1.2.3.4")
        var back = try RowDecoder().decode(Wide.self, from: block)
        // FixedString keeps its zero padding; IPs read back as text.
        back[0].code = String(back[0].code.prefix(2))
        #expect(back == RowEncoderTests.rows())
    }

    /// The message of the error building `rows` into `columns` throws.
    func message<T: Encodable>(_ rows: [T], _ columns: [(String, String)]) -> String {
        do {
            let encoded = try EncodedRows(rows)
            _ = try encoded.blocks(for: try sample(columns), blockSize: 1000)
            return "no error"
        } catch let ClickHouseError.invalidInput(m) {
            return m
        } catch {
            return "\(error)"
        }
    }

    @Test func mismatchesNameTheColumnAndRow() throws {
        struct R: Encodable { var id: Int; var name: String? }
        #expect(message([R(id: 1, name: "a"), R(id: 300, name: "b")], [("id", "UInt8"), ("name", "String")])
                == "column 'id' row 1: cannot store integer 300 in UInt8 (out of range)")
        #expect(message([R(id: 1, name: nil)], [("id", "UInt8"), ("name", "String")])
                .hasPrefix("the server expects column 'name'"))
        #expect(message([R(id: 1, name: "a"), R(id: 2, name: nil)], [("id", "UInt8"), ("name", "String")])
                == "column 'name' row 1: cannot store nil in String (the column is not Nullable)")
        #expect(message([R(id: 1, name: "x")], [("id", "UInt8"), ("name", "Date")])
                == "column 'name' row 0: cannot store String \"x\" in Date")
        #expect(message([R(id: 1, name: "x")], [("id", "UInt8")]).contains("column 'name' is not among the table's columns"))
        struct D: Encodable { var d: Decimal }
        #expect(message([D(d: Decimal(string: "1.005") ?? 0)], [("d", "Decimal(9, 2)")]).contains("more than 2 decimal places"))
    }

    @Test func newerTypes() throws {
        struct R: Codable, Equatable {
            var bf: Float
            var t: Int
            var t64: Int64
            var p: [Double]
            var ring: [[Double]]
            var agg: UInt64
        }
        let rows = [R(bf: 0.1, t: -3600, t64: 1_500, p: [1.5, -2], ring: [[0, 0], [1, 0]], agg: .max)]
        let block = try build(rows, [("bf", "BFloat16"), ("t", "Time"), ("t64", "Time64(3)"), ("p", "Point"), ("ring", "Ring"),
                                     ("agg", "SimpleAggregateFunction(max, UInt64)")])
        #expect(tsv(block) == "0.099609375\t-01:00:00\t00:00:01.500\t(1.5,-2)\t[(0,0),(1,0)]\t18446744073709551615\n")
        var back = try RowDecoder().decode(R.self, from: block)
        back[0].bf = 0.1
        #expect(back == rows)
        // Variants take the values one of their members holds (CodableDynamicInsertTests).
        #expect(tsv(try build([["v": "x"]], [("v", "Variant(String, UInt8)")])) == "x\n")
        #expect(message([["v": 1.5]], [("v", "Variant(String, UInt8)")])
                == "column 'v' row 0: cannot store floating-point 1.5 in Variant(String, UInt8) (no variant holds it)")
    }

    @Test func decimalTextIsExact() throws {
        let n = try #require(DecimalText.parse("-1.5e3"))
        #expect(DecimalText.scaled(n, scale: 2)?.digits == [1, 5, 0, 0, 0, 0])
        #expect(DecimalText.parse("1e") == nil && DecimalText.parse("") == nil && DecimalText.parse("1.2.3") == nil)
        let min128 = DecimalText.words(negative: true, digits: Array("170141183460469231731687303715884105728".utf8).map { $0 - 48 }, wordCount: 2, signed: true)
        #expect(min128 == [0, 1 << 63])
        #expect(DecimalText.words(negative: false, digits: Array("170141183460469231731687303715884105728".utf8).map { $0 - 48 }, wordCount: 2, signed: true) == nil)
    }
}
