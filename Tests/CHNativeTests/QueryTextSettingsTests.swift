import Testing
@testable import CHNative

@Suite struct QueryTextSettingsTests {
    @Test func findsTheSettingOutsideLiteralsAndComments() {
        #expect(QueryTextSettings.Scan("SELECT now() SETTINGS session_timezone = 'Asia/Tokyo'").sessionTimezone
            == .init(name: "Asia/Tokyo", persists: false))
        #expect(QueryTextSettings.Scan("set SESSION_TIMEZONE='Europe/Berlin'").sessionTimezone == .init(name: "Europe/Berlin", persists: true))
        #expect(QueryTextSettings.Scan("SELECT 'session_timezone = ''X''' -- session_timezone = 'Y'\n").sessionTimezone == nil)
        #expect(QueryTextSettings.Scan("SELECT 1 /* session_timezone = 'Y' */").sessionTimezone == nil)
        #expect(QueryTextSettings.Scan("SELECT `session_timezone = 'Z'`").sessionTimezone == nil)
        #expect(QueryTextSettings.Scan("SELECT x AS my_session_timezone FROM t").sessionTimezone == nil)
        #expect(QueryTextSettings.Scan("SELECT 1 SETTINGS session_timezone = ''").sessionTimezone == .init(name: "", persists: false))
        #expect(QueryTextSettings.Scan("SELECT 1 SETTINGS session_timezone = 'unterminated").sessionTimezone == nil)
    }

    @Test func findsBareValuesOfOtherSettings() {
        let key = "output_format_native_encode_types_in_binary_format"
        #expect(QueryTextSettings.Scan("SELECT 1 SETTINGS \(key)=1").find(key) == .init(name: "1", persists: false))
        #expect(QueryTextSettings.Scan("SET \(key) = true").find(key) == .init(name: "true", persists: true))
        #expect(QueryTextSettings.Scan("SELECT 1 SETTINGS \(key) = 1, \(key) = 0").find(key) == .init(name: "0", persists: false))
        #expect(QueryTextSettings.Scan("SELECT '\(key) = 1' -- \(key) = 1\n").find(key) == nil)
        #expect(QueryTextSettings.Scan("SELECT 1 SETTINGS session_timezone = UTC").find("session_timezone", quotedOnly: true) == nil)
        #expect(QueryTextSettings.isOn("1") && QueryTextSettings.isOn("TRUE") && QueryTextSettings.isOn("2"))
        #expect(!QueryTextSettings.isOn("0") && !QueryTextSettings.isOn("false") && !QueryTextSettings.isOn("yes"))
    }

    /// Where ClickHouse 26.9's lexer reads a query differently from the scanner this code had
    /// before ``SQLLexer``; each case was run on the server (BinaryTypeNamesTests repeats some).
    @Test func readsTheTextAsTheServerDoes() {
        let tz = { QueryTextSettings.Scan($0).sessionTimezone }
        // Block comments nest: all of this is one comment.
        #expect(tz("SELECT 1 /* a /* b */ SETTINGS session_timezone = 'Y' */") == nil)
        // `# ` and `#!` start line comments.
        #expect(tz("SELECT 1 # SETTINGS session_timezone = 'Y'\n") == nil)
        #expect(tz("#! SETTINGS session_timezone = 'Y'\nSELECT 1") == nil)
        // Comments and any white space may stand between the parts.
        #expect(tz("SELECT 1 SETTINGS session_timezone /* c */ = -- d\n 'Asia/Tokyo'") == .init(name: "Asia/Tokyo", persists: false))
        #expect(tz("SELECT 1 SETTINGS session_timezone\u{0C}=\u{0B}'UTC'") == .init(name: "UTC", persists: false))
        // Heredocs are string literals, taken verbatim.
        #expect(tz("SELECT 1 SETTINGS session_timezone = $$Asia/Tokyo$$") == .init(name: "Asia/Tokyo", persists: false))
        #expect(tz("SET session_timezone = $tz$Europe/Berlin$tz$") == .init(name: "Europe/Berlin", persists: true))
        #expect(tz("SELECT $$ SETTINGS session_timezone = 'Y' $$") == nil)
        // `$` continues a word: `x$session_timezone` is one identifier.
        #expect(tz("SELECT 1 AS x$session_timezone = 'Y'") == nil)
    }
}
