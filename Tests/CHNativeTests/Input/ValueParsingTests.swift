@testable import CHNative
import Testing

/// Each type family's text forms: what is stored exactly, and what is refused rather than
/// stored differently.
struct ValueParsingTests {
    func tsv(_ type: String, _ rows: [String], timezone: String? = nil) -> String {
        parsed(.tabSeparated, type, rows.map { $0 + "\n" }.joined(), timezone: timezone)
    }

    @Test func integersAreRangeChecked() {
        #expect(tsv("Int8", ["-128", "127", "+5", "007", "-0", ""]) == "-128\n127\n5\n7\n0\n0\n")
        #expect(tsv("UInt64", ["18446744073709551615"]) == "18446744073709551615\n")
        #expect(tsv("Int128", ["-170141183460469231731687303715884105728"]) == "-170141183460469231731687303715884105728\n")
        #expect(tsv("UInt256", ["115792089237316195423570985008687907853269984665640564039457584007913129639935"])
                == "115792089237316195423570985008687907853269984665640564039457584007913129639935\n")
        for (type, bad) in [("Int8", "128"), ("UInt8", "256"), ("UInt8", "-1"), ("Int32", "1.5"), ("Int32", "1e3"),
                            ("Int32", " 5"), ("Int64", "9223372036854775808"), ("UInt256", "1e5")] {
            #expect(tsv(type, [bad]).hasPrefix("error: row 1 (line 1), column 'v'"), "\(type) \(bad)")
        }
    }

    @Test func floatsAreCorrectlyRounded() {
        #expect(tsv("Float64", ["0.1", "1e23", "2.2250738585072011e-308", "-0", ".5", "5.", "inf", "-Inf", "nan", "123456789012345678901234567890"])
                == "0.1\n1e23\n2.225073858507201e-308\n-0\n0.5\n5\ninf\n-inf\nnan\n1.2345678901234568e29\n")
        #expect(tsv("Float32", ["0.1", "3.4028235e38", "16777217", "1e-46"]) == "0.1\n3.4028235e38\n16777216\n0\n")
        #expect(tsv("Float64", ["0x1p3"]).hasPrefix("error:"))
        #expect(tsv("Float64", ["1_000"]).hasPrefix("error:"))
    }

    @Test func boolSpellings() {
        #expect(tsv("Bool", ["true", "FALSE", "1", "0", "y", "no", "on", "off", "enable", "disable"])
                == "true\nfalse\ntrue\nfalse\ntrue\nfalse\ntrue\nfalse\ntrue\nfalse\n")
        #expect(tsv("Bool", ["2"]).hasPrefix("error:"))
    }

    @Test func datesAndTheirRanges() {
        #expect(tsv("Date", ["2024-01-05", "20240105", "1970-01-01", "2149-06-06"]) == "2024-01-05\n2024-01-05\n1970-01-01\n2149-06-06\n")
        for bad in ["2149-06-07", "1969-12-31", "2024-02-30", "2024-1-5", ""] {
            #expect(tsv("Date", [bad]).hasPrefix("error:"), "\(bad)")
        }
        #expect(tsv("Date32", ["1900-01-01", "2299-12-31"]) == "1900-01-01\n2299-12-31\n")
        #expect(tsv("Date32", ["1899-12-31"]).hasPrefix("error:"))
    }

    @Test func dateTimesInTheirTimezone() {
        #expect(tsv("DateTime('UTC')", ["2024-01-05 10:11:12", "2024-01-05T10:11:12", "1704449472", "2024-01-05", "2024-01-05 10:11:12+02:00", "2024-01-05T10:11:12Z"])
                == "2024-01-05 10:11:12\n2024-01-05 10:11:12\n2024-01-05 10:11:12\n2024-01-05 00:00:00\n2024-01-05 08:11:12\n2024-01-05 10:11:12\n")
        // The session's timezone for a column without one (the instant printed in UTC).
        #expect(tsv("DateTime", ["2024-07-01 12:00:00"], timezone: "Asia/Kolkata") == "2024-07-01 06:30:00\n")
        #expect(tsv("DateTime('Europe/Berlin')", ["2023-10-29 02:30:00"]) == "2023-10-29 02:30:00\n")
        for bad in ["2023-03-26 02:30:00", "2106-02-07 07:28:16", "1969-12-31 23:59:59", "2024-01-05 10:11:12.5", "0", "2024-01-05 24:00:00"] {
            #expect(tsv("DateTime('Europe/Berlin')", [bad]).hasPrefix("error:"), "\(bad)")
        }
        #expect(tsv("DateTime64(3, 'UTC')", ["2024-01-05 10:11:12.7", "2024-01-05 10:11:12.789000", "1704449472.123", "1900-01-01 00:00:00.000", "2299-12-31 23:59:59.999"])
                == "2024-01-05 10:11:12.700\n2024-01-05 10:11:12.789\n2024-01-05 10:11:12.123\n1900-01-01 00:00:00.000\n2299-12-31 23:59:59.999\n")
        #expect(tsv("DateTime64(3, 'UTC')", ["2024-01-05 10:11:12.7891"]).hasPrefix("error:"))
        // basic (18.16): no date alone, no offsets.
        #expect(parsed(.tabSeparated, "DateTime('UTC')", "2024-01-05\n", settings: settings18).hasPrefix("error:"))
    }

    @Test func uuidsAndAddresses() {
        #expect(tsv("UUID", ["61f0c404-5cb3-11e7-907b-a6006ad3dba0", "61F0C4045CB311E7907BA6006AD3DBA0"])
                == "61f0c404-5cb3-11e7-907b-a6006ad3dba0\n61f0c404-5cb3-11e7-907b-a6006ad3dba0\n")
        #expect(tsv("IPv4", ["1.2.3.4", "255.255.255.255", "01.2.3.4"]) == "1.2.3.4\n255.255.255.255\n1.2.3.4\n")
        #expect(tsv("IPv4", ["16909060"]).hasPrefix("error:"))
        #expect(tsv("IPv6", ["::1", "2001:DB8::8a2e:370:7334", "1.2.3.4"]) == "::1\n2001:db8::8a2e:370:7334\n::ffff:1.2.3.4\n")
    }

    @Test func decimalsAreExact() {
        #expect(tsv("Decimal(9, 2)", ["1.1", "-0.01", "1e2", "9999999.99", "1.500", "0.10e1"]) == "1.1\n-0.01\n100\n9999999.99\n1.5\n1\n")
        #expect(tsv("Decimal(9, 2)", ["1.005"]).contains("digits after the point"))
        #expect(tsv("Decimal(9, 2)", ["10000000"]).contains("more than 9 digits"))
        #expect(tsv("Decimal(38, 10)", ["9999999999999999999999999999.9999999999"]) == "9999999999999999999999999999.9999999999\n")
        #expect(tsv("Decimal(76, 20)", ["-12345678901234567890123456789012345678901234567890.1234567890123456789"])
                == "-12345678901234567890123456789012345678901234567890.1234567890123456789\n")
    }

    @Test func enumsByNameOrNumber() {
        let type = "Enum8('a' = 1, 'b' = -2, '3' = 5)"
        #expect(tsv(type, ["b", "1", "3", "5"]) == "b\na\n3\n3\n")
        #expect(tsv(type, ["c"]).hasPrefix("error:"))
        #expect(tsv(type, ["2"]).hasPrefix("error:"))
    }

    /// An Enum's default is its smallest number for an omitted JSON key, but NULL into it or an
    /// empty CSV field stores the number 0, which the server keeps even when it is none of the
    /// enum's values: refused then.
    @Test func enumDefaults() throws {
        let columns = [("n", "Int32"), ("e", "Enum8('a' = 1, 'b' = -2)"), ("z", "Enum8('q' = 0, 'r' = -5)")]
        #expect(try readBlocks(.jsonEachRow, columns, "{\"n\":1}\n").text == "1\tb\tr\n")
        #expect(try readBlocks(.jsonEachRow, columns, "{\"n\":1,\"e\":\"a\",\"z\":null}\n").text == "1\ta\tq\n")
        #expect((try readBlocks(.csv, columns, "1,,q\n").error as? TextInputError)?.message.contains("number 0") == true)
        #expect((try readBlocks(.tabSeparated, columns, "1\t\\N\tq\n").error as? TextInputError)?.column == "e")
        #expect(try readBlocks(.csv, columns, "1,a,\n").text == "1\ta\tq\n")
    }

    @Test func stringsAndFixedStrings() {
        #expect(tsv("FixedString(3)", ["ab", "abc"]) == "ab\\0\nabc\n")
        #expect(tsv("FixedString(3)", ["abcd"]).hasPrefix("error:"))
    }

    @Test func compositesInText() {
        #expect(tsv("Array(Int32)", ["[1,2, 3]", "[]", "[ 1 , 2 ,]"]) == "[1,2,3]\n[]\n[1,2]\n")
        // In TabSeparated an array's field is read as it is: its strings carry their own escapes.
        #expect(tsv("Array(Nullable(String))", ["['a\\'b',NULL,'NULL','it''s']", "['tab\\tin']"]) == "['a\\'b',NULL,'NULL','it\\'s']\n['tab\\tin']\n")
        #expect(tsv("Array(String)", ["['a\\\\'b']"]).hasPrefix("error:"))
        #expect(tsv("Array(Array(Tuple(String, Nullable(Int8))))", ["[[('x',NULL),('y',1)],[]]"]) == "[[('x',NULL),('y',1)],[]]\n")
        #expect(tsv("Map(String, Array(Int32))", ["{'a':[1],'b' : []}"]) == "{'a':[1],'b':[]}\n")
        #expect(tsv("Tuple(a Int32, b String)", ["(1,'x')", "( 2 , 'y' )"]) == "(1,'x')\n(2,'y')\n")
        #expect(tsv("Tuple(a Int32, b String)", ["(2, 'y',)"]).hasPrefix("error:"))
        #expect(tsv("Array(Int32)", ["[1,2"]).hasPrefix("error:"))
        #expect(tsv("Array(Date)", ["[2024-01-01]"]).hasPrefix("error:"))
    }

    @Test func nullableAndLowCardinality() throws {
        #expect(tsv("Nullable(Int32)", ["\\N", "5"]) == "\\N\n5\n")
        #expect(tsv("Nullable(Int32)", ["NULL"]).contains("cannot parse 'NULL' as Int32"))
        let r = try readBlocks(.tabSeparated, [("v", "LowCardinality(Nullable(String))")], "x\n\\N\ny\nx\n\n")
        #expect(r.text == "x\n\\N\ny\nx\n\n")
        let column = try #require(r.blocks.first?.columns.first as? LowCardinalityColumn)
        // NULL, then x, y and the empty string, each once.
        #expect(column.dictionary.count == 4 && column.indexes == [1, 0, 2, 1, 3])
    }

    @Test func jsonValues() {
        func json(_ type: String, _ values: [String]) -> String {
            parsed(.jsonEachRow, type, values.map { "{\"v\":\($0)}\n" }.joined())
        }
        #expect(json("Int32", ["5", "\"6\"", "true", "null", "-0"]) == "5\n6\n1\n0\n0\n")
        #expect(json("Int32", ["5.0"]).hasPrefix("error:"))
        #expect(json("String", ["\"a\\u00e9\\ud83d\\ude00\"", "1.50", "[ 1 , \"a\" ]", "{\"a\":1}", "true", "null"])
                == "aé😀\n1.50\n[ 1 , \"a\" ]\n{\"a\":1}\ntrue\n\n")
        #expect(json("String", ["\"\\ud800\""]).hasPrefix("error:"))
        #expect(json("Decimal(9, 2)", ["1.25", "\"1.25\""]) == "1.25\n1.25\n")
        #expect(json("Date", ["\"2024-01-05\"", "19727"]) == "2024-01-05\n2024-01-05\n")
        #expect(json("Enum8('a' = 1, 'b' = -2)", ["1", "\"b\""]) == "a\nb\n")
        #expect(json("Array(Nullable(Int32))", ["[1,null]", "null"]) == "[1,NULL]\n[]\n")
        #expect(json("Tuple(a String, b Int32)", ["{\"b\":1,\"a\":\"x\"}", "{\"a\":\"z\"}"]) == "('x',1)\n('z',0)\n")
        #expect(json("Tuple(a String, b Int32)", ["[\"y\",2]"]).hasPrefix("error:"))
        #expect(json("Tuple(String, Int32)", ["[\"y\",2]"]) == "('y',2)\n")
        #expect(json("Map(Int32, Nullable(String))", ["{\"5\":\"a\",\"6\":null}"]) == "{5:'a',6:NULL}\n")
        #expect(json("Bool", ["true", "0"]) == "true\nfalse\n")
        #expect(json("Bool", ["\"true\""]).hasPrefix("error:"))
    }

    @Test func unsupportedTypesAreRefusedBeforeAnyRow() {
        #expect(throws: TextInputUnsupported.self) { try readBlocks(.csv, [("v", "Variant(String, UInt8)")], "") }
        #expect(throws: TextInputUnsupported.self) { try readBlocks(.csv, [("v", "DateTime('No/Such_Zone')")], "") }
    }
}
