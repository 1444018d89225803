import CHNative
import Testing

/// `QueryClauses` finds FORMAT and SETTINGS as the server's parser does: outside literals,
/// quoted identifiers, comments and parentheses; `system.settings` and a column named `format`
/// are not clauses.
struct FormatClauseTests {
    @Test func formatAndSettingsClauses() {
        let cases: [(sql: String, format: String?, settings: String?)] = [
            ("SELECT 1 FORMAT JSON", "JSON", nil),
            ("SELECT 1 FORMAT JSON;", "JSON", nil),
            ("SELECT 'FORMAT CSV' /* FORMAT CSV */ -- FORMAT CSV\n FORMAT JSONEachRow", "JSONEachRow", nil),
            ("SELECT 1 FORMAT CSV SETTINGS max_threads = 1, date_time_output_format = 'iso'", "CSV", "max_threads = 1, date_time_output_format = 'iso'"),
            ("SELECT 1 SETTINGS max_threads = 1 FORMAT CSV", "CSV", "max_threads = 1"),
            ("SELECT 1 AS format", nil, nil),
            ("SELECT format FROM t", nil, nil),
            ("SELECT t.format FROM t", nil, nil),
            ("SELECT * FROM (SELECT 1 FORMAT JSON)", nil, nil),
            ("SELECT name FROM system.settings WHERE changed", nil, nil),
            ("SELECT settings FROM t", nil, nil),
            ("SELECT * FROM (SELECT 1 SETTINGS max_threads = 2) SETTINGS max_threads = 3", nil, "max_threads = 3"),
            ("SELECT `FORMAT` FORMAT `TSV`", "TSV", nil),
            ("SELECT $$ FORMAT CSV $$ FORMAT Values", "Values", nil),
        ]
        for c in cases {
            let clauses = QueryClauses(scanning: c.sql)
            #expect(clauses.keyword == "SELECT")
            #expect(clauses.format == c.format, "\(c.sql)")
            #expect(clauses.settings == c.settings, "\(c.sql)")
        }
    }

    @Test func insertDataStartsAfterTheFormatName() {
        let sql = "INSERT INTO t (a, `b c`) SETTINGS async_insert = 0 FORMAT CSV\n1,2\n"
        let clauses = QueryClauses(scanning: sql)
        #expect(clauses.keyword == "INSERT" && clauses.format == "CSV")
        #expect(clauses.insertDataOffset.map { String(decoding: Array(sql.utf8)[$0...], as: UTF8.self) } == "1,2\n")
        #expect(QueryClauses(scanning: "INSERT INTO t VALUES (1)").format == nil)
        #expect(QueryClauses(scanning: "  -- only a comment\n").keyword == "")
    }
}
