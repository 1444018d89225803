import CHNative
import Testing

/// `output_format_native_encode_types_in_binary_format = 1` makes 26.9 name the column types of
/// each block by their binary encoding instead of their text. CHNative follows the setting
/// whether it comes with the query's settings, in its `SETTINGS` clause or from a `SET`, and
/// decodes the same values as with text type names.
@Suite(.serialized) struct BinaryTypeNamesTests {
    static let select = """
        SELECT number, toString(number) AS s, toDateTime64(number, 3, 'Asia/Kolkata') AS t,
               CAST(number % 3, 'Enum8(\\'a\\' = 0, \\'b\\\\\\'q\\' = 1, \\'c\\' = 2)') AS e,
               CAST((number, 'x'), 'Tuple(n UInt64, `odd name` String)') AS tup,
               CAST(if(number % 2 = 0, NULL, toString(number)), 'LowCardinality(Nullable(String))') AS lc,
               map('k', [number]) AS m, toDecimal64(number / 7, 4) AS d,
               CAST(if(number % 2 = 0, number, toString(number)), 'Variant(UInt64, String)') AS v,
               CAST(if(number % 3 = 0, toString(number), number), 'Dynamic') AS dyn,
               CAST(concat('{"a":', toString(number), ',"b":{"c":"x"}}'), 'JSON(a UInt32)') AS j
        FROM numbers(7)
        """
    static let allow = ["allow_experimental_variant_type": "1", "allow_experimental_dynamic_type": "1",
                        "allow_experimental_json_type": "1", "allow_suspicious_variant_types": "1"]

    func text(_ c: Connection, _ sql: String, _ settings: [String: String] = [:]) throws -> String {
        tsvText(try c.queryAll(sql, settings: Self.allow.merging(settings) { $1 }))
    }

    @Test func everyWayOfSettingItDecodesTheSameValues() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let expected = try text(c, Self.select)
        #expect(expected.split(separator: "\n").count == 7)
        let key = "output_format_native_encode_types_in_binary_format"
        #expect(try text(c, Self.select, [key: "1"]) == expected)
        #expect(try text(c, Self.select, [key: "true"]) == expected)
        #expect(try text(c, Self.select + " SETTINGS \(key) = 1") == expected)
        #expect(try text(c, Self.select + " SETTINGS \(key) = 0", [key: "1"]) == expected)
        _ = try c.queryAll("SET \(key) = 1")
        #expect(try text(c, Self.select) == expected)
        #expect(try text(c, "SELECT 1 AS one") == "1\n")
        _ = try c.queryAll("SET \(key) = 0")
        #expect(try text(c, Self.select) == expected)
        #expect(c.isUsable)
    }

    /// The client reads the setting from the query's text with ``SQLLexer``, so it must read
    /// the text as the server does: if it took a setting the server ignores (or missed one the
    /// server applies), it would decode the block headers with the wrong type-name encoding.
    @Test func settingsInCommentsAndHeredocsAreReadAsTheServerReadsThem() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let expected = try text(c, Self.select)
        let key = "output_format_native_encode_types_in_binary_format"
        // Nested block comment: the server ignores the whole comment, so binary names stay on.
        #expect(try text(c, Self.select + " /* a /* b */ SETTINGS \(key) = 0 */", [key: "1"]) == expected)
        #expect(try text(c, Self.select + " /* a /* b */ SETTINGS \(key) = 1 */") == expected)
        // `# ` starts a line comment in 26.9.
        #expect(try text(c, Self.select + " # SETTINGS \(key) = 0\n", [key: "1"]) == expected)
        // Comments between the name, `=` and the value.
        #expect(try text(c, Self.select + " SETTINGS \(key) /* c */ = -- d\n 1") == expected)
        // A heredoc is a string literal: nothing in it is a setting.
        #expect(try text(c, "SELECT $$ SETTINGS \(key) = 0 $$ AS s, toDateTime64(1, 3, 'UTC') AS t", [key: "1"])
            == " SETTINGS \(key) = 0 \t1970-01-01 00:00:01.000\n")
        #expect(c.isUsable)
    }
}
