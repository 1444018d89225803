import Foundation
import Testing
@testable import CHNative

/// RowDecoder and typed accessors, offline: blocks from the golden fixtures and built by hand.
@Suite struct RowDecoderTests {
    func fixture(_ name: String) throws -> Block {
        let entry = try #require(GoldenFixtures.entries.first { $0.name == name })
        return try #require(GoldenFixtures.decodeNative(try GoldenFixtures.bytes(name, "native"), timezone: entry.timezone).first)
    }

    struct V<T: Decodable>: Decodable { let v: T }

    func decode<T: Decodable>(_ name: String, as: T.Type) throws -> [T] {
        try RowDecoder().decode(V<T>.self, from: try fixture(name)).map(\.v)
    }

    @Test func integersOfEveryWidth() throws {
        #expect(try decode("uint8", as: UInt8.self) == [0, 1, 127, 128, 254, 255])
        #expect(try decode("uint8", as: Int.self) == [0, 1, 127, 128, 254, 255])
        #expect(try decode("int64", as: Int64.self) == [.min, -1, 0, .max])
        #expect(try decode("uint64", as: UInt64.self).last == .max)
        #expect(try decode("int128", as: Int128.self) == [.min, -1, 0, .max])
        #expect(try decode("uint128", as: UInt128.self).last == .max)
        #expect(try decode("int256", as: String.self)[0] == "-57896044618658097711785492504343953926634992332820282019728792003956564819968")
        #expect(try decode("int16", as: [Int16].self.Element.self) == [-32768, -1, 0, 32767])
    }

    @Test func outOfRangeIntegersNameColumnRowAndValue() throws {
        do {
            _ = try decode("int8", as: UInt8.self)
            Issue.record("-128 decoded as UInt8")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.debugDescription.contains("column 'v' row 0 (Int8)"))
            #expect(context.debugDescription.contains("UInt8"))
            #expect(context.debugDescription.contains("-128"))
            #expect(context.codingPath.map(\.stringValue) == ["v"])
        }
    }

    @Test func floatsBoolsAndStrings() throws {
        let f = try decode("float64", as: Double.self)
        #expect(f[0] == 0 && f[0].sign == .plus && f[1].sign == .minus)
        #expect(f.contains { $0.isNaN } && f.contains(.infinity) && f.contains(-.infinity))
        #expect(try decode("float32", as: Float.self)[5] == 3.4028235e38)
        #expect(try decode("bool", as: Bool.self) == [true, false, true])
        let s = try decode("string", as: String.self)
        #expect(s[2] == "tab\there" && s[8] == "nul\0byte" && s[9] == "ünïcødé ✓")
        let raw = try decode("string", as: [UInt8].self)
        #expect(raw[10] == [0xFF, 0x80, 0xC0])
        #expect(try decode("string", as: Data.self)[11] == Data([0xE2, 0x82]))
        #expect(try decode("fixedstring", as: String.self)[1] == "a\0\0\0\0")
        #expect(try decode("enum8", as: String.self)[1] == "b'c")
        #expect(try decode("enum8", as: Int.self)[1] == -2)
    }

    @Test func datesUUIDsAndDecimals() throws {
        #expect(try decode("date", as: Date.self)[1] == ISO8601DateFormatter().date(from: "2000-02-29T00:00:00Z"))
        #expect(try decode("date32", as: Date.self)[0] == ISO8601DateFormatter().date(from: "1900-01-01T00:00:00Z"))
        #expect(try decode("datetime_utc", as: Date.self)[2] == Date(timeIntervalSince1970: 4_294_967_295))
        let ms = try decode("datetime64_3", as: Date.self)
        #expect(ms[1] == Date(timeIntervalSince1970: -0.5))
        #expect(abs(ms[2].timeIntervalSince1970 - 1_709_210_096.789) < 1e-6)
        #expect(try decode("datetime64_3", as: String.self)[2] == "2024-02-29 12:34:56.789")
        #expect(try decode("uuid", as: UUID.self)[1] == UUID(uuidString: "61f0c404-5cb3-11e7-907b-a6006ad3dba0"))
        #expect(try decode("uuid", as: String.self)[1] == "61f0c404-5cb3-11e7-907b-a6006ad3dba0")
        #expect(try decode("decimal64", as: Decimal.self) == [Decimal(string: "-12.34"), 0, Decimal(string: "99999999999999.9999"), Decimal(string: "-0.0001")])
        #expect(try decode("decimal128", as: Decimal.self)[2] == Decimal(string: "9999999999999999999999999999.9999999999"))
        let wide = try fixture("decimal256")
        #expect(try RowDecoder().decode(V<Decimal>.self, from: wide, row: 3).v == Decimal(string: "-42.5"))
        #expect(try RowDecoder().decode(V<String>.self, from: wide, row: 2).v == "99999999999999999999999999999999999999999999999999999999.99999999999999999999")
        #expect(throws: DecodingError.self) { try RowDecoder().decode(V<Decimal>.self, from: wide, row: 2) }
        #expect(try decode("ipv6", as: String.self)[3] == "::ffff:1.2.3.4")
    }

    @Test func nullsBecomeOptionalsOrErrors() throws {
        #expect(try decode("nullable_int32", as: Int32?.self) == [nil, 1, nil, -7, nil])
        #expect(try decode("lowcardinality_nullable_string", as: String?.self) == [nil, "x", "x", nil, ""])
        #expect(try decode("nullable_nothing", as: Int?.self) == [nil, nil, nil])
        do {
            _ = try decode("nullable_int32", as: Int32.self)
            Issue.record("NULL decoded as Int32")
        } catch let DecodingError.valueNotFound(_, context) {
            #expect(context.debugDescription.contains("column 'v' row 0"))
            #expect(context.debugDescription.contains("NULL"))
        }
    }

    @Test func arraysMapsAndTuples() throws {
        #expect(try decode("array_uint8", as: [UInt8].self) == [[], [1], [1, 2, 3], [255]])
        #expect(try decode("array_nested", as: [[Int8?]].self) == [[[nil]], [], [[1, nil], []], [[-128, 127]]])
        #expect(try decode("lowcardinality_array", as: [String].self) == [["a", "b"], [], ["a"]])
        #expect(try decode("map_string_uint64", as: [String: UInt64].self) == [["a": 1], [:], ["x": 2, "y": 3]])
        #expect(try decode("map_int_key", as: [Int32: String].self) == [[1: "one", -1: "minus"], [:]])
        #expect(try decode("map_lowcardinality_nullable", as: [String: Double?].self)[1]["k"] == 1.5)
        struct Pair: Decodable, Equatable { let id: UInt32; let name: String; let score: Double?
            enum CodingKeys: String, CodingKey { case id, name = "name with space", score } }
        #expect(try decode("tuple_named", as: Pair.self) == [Pair(id: 1, name: "x", score: nil), Pair(id: 2, name: "", score: 3.5)])
        struct Inner: Decodable, Equatable { let a: UInt8; let b: [UInt16] }
        struct Outer: Decodable, Equatable { let inner: Inner; let s: String }
        #expect(try decode("tuple_nested", as: Outer.self) == [Outer(inner: Inner(a: 1, b: [2, 3]), s: "p"), Outer(inner: Inner(a: 4, b: []), s: "q")])
        struct Item: Decodable, Equatable { let a: Int; let b: String
            init(from d: any Decoder) throws { var c = try d.unkeyedContainer(); a = try c.decode(Int.self); b = try c.decode(String.self) }
            init(a: Int, b: String) { self.a = a; self.b = b } }
        #expect(try decode("array_tuple", as: [Item].self) == [[Item(a: 1, b: "a"), Item(a: 2, b: "b")], [], [Item(a: 3, b: "")]])
    }

    @Test func variantDynamicAndJSON() throws {
        let variant = try fixture("variant")
        #expect(try RowDecoder().decode(V<UInt64?>.self, from: variant, row: 0).v == nil)
        #expect(try RowDecoder().decode(V<UInt64>.self, from: variant, row: 1).v == 42)
        #expect(try RowDecoder().decode(V<String>.self, from: variant, row: 2).v == "text")
        #expect(try RowDecoder().decode(V<[UInt64]>.self, from: variant, row: 3).v == [1, 2])
        #expect(throws: DecodingError.self) { try RowDecoder().decode(V<String>.self, from: variant, row: 1) }
        // (The server turned most values of this array of Dynamic into Strings.)
        #expect(try decode("dynamic", as: String?.self) == [nil, "42", "text", "1.5", "[1, 2]", "2024-01-01"])
        let dynamic = try fixture("dynamic_typed")
        #expect(try RowDecoder().decode(V<Int?>.self, from: dynamic, row: 0).v == nil)
        #expect(try RowDecoder().decode(V<Int>.self, from: dynamic, row: 1).v == 42)
        #expect(try RowDecoder().decode(V<Double>.self, from: dynamic, row: 3).v == 1.5)
        #expect(try RowDecoder().decode(V<[Int]>.self, from: dynamic, row: 4).v == [1, 2])
        #expect(try RowDecoder().decode(V<Date>.self, from: dynamic, row: 5).v == ISO8601DateFormatter().date(from: "2024-01-01T00:00:00Z"))

        struct Inner: Decodable, Equatable { let c: String }
        struct Doc: Decodable, Equatable { let a: Int64?; let b: Inner?; let d: [Int64?]? }
        #expect(try decode("json", as: Doc.self) == [Doc(a: 1, b: Inner(c: "x"), d: nil), Doc(a: nil, b: nil, d: nil), Doc(a: 2, b: nil, d: [1, 2])])
        #expect(try decode("json", as: String.self)[0] == #"{"a":"1","b":{"c":"x"}}"# || (try decode("json", as: String.self)[0]).contains(#""c":"x""#))
        struct Typed: Decodable, Equatable { let id: UInt64; let name: String; let extra: Bool? }
        #expect(try decode("json_typed_paths", as: Typed.self) == [Typed(id: 1, name: "a", extra: true), Typed(id: 2, name: "", extra: nil)])
    }

    @Test func missingColumnsAndWrongTypesAreClear() throws {
        struct Row: Decodable { let v: UInt8; let other: String }
        do {
            _ = try RowDecoder().decode(Row.self, from: try fixture("uint8"))
            Issue.record("a missing column was accepted")
        } catch let DecodingError.keyNotFound(key, context) {
            #expect(key.stringValue == "other")
            #expect(context.debugDescription.contains("no column 'other'"))
        }
        do {
            _ = try decode("string", as: Date.self)
            Issue.record("a String decoded as Date")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.debugDescription.contains("column 'v' row 0 (String) cannot be decoded as Date"))
        }
    }

    @Test func typedAccessors() throws {
        let block = try fixture("uint64")
        #expect(try block.column(named: "v", as: FixedWidthColumn<UInt64>.self).values.last == .max)
        #expect(try block.column(at: 0, as: FixedWidthColumn<UInt64>.self).count == 5)
        #expect(try block.values(named: "v", as: UInt64.self).first == 0)
        do {
            _ = try block.column(named: "v", as: StringColumn.self)
            Issue.record("wrong column type accepted")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message.contains("'v'") && message.contains("UInt64") && message.contains("StringColumn"))
        }
        #expect(throws: ClickHouseError.self) { try block.values(named: "nope", as: Int.self) }
        #expect(try fixture("nullable_string").values(named: "v", as: String?.self) == [nil, "x", "", "\\N", nil])
        // A one-column result decodes as plain values.
        #expect(try RowDecoder().decode(UInt64.self, from: block).count == 5)
    }
}
