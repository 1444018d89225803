import Testing
@testable import CHNative

@Suite struct QueryTextSettingsTests {
    @Test func findsTheSettingOutsideLiteralsAndComments() {
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT now() SETTINGS session_timezone = 'Asia/Tokyo'")
            == .init(name: "Asia/Tokyo", persists: false))
        #expect(QueryTextSettings.sessionTimezone(in: "set SESSION_TIMEZONE='Europe/Berlin'") == .init(name: "Europe/Berlin", persists: true))
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT 'session_timezone = ''X''' -- session_timezone = 'Y'\n") == nil)
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT 1 /* session_timezone = 'Y' */") == nil)
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT `session_timezone = 'Z'`") == nil)
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT x AS my_session_timezone FROM t") == nil)
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT 1 SETTINGS session_timezone = ''") == .init(name: "", persists: false))
        #expect(QueryTextSettings.sessionTimezone(in: "SELECT 1 SETTINGS session_timezone = 'unterminated") == nil)
    }

    @Test func findsBareValuesOfOtherSettings() {
        let key = "output_format_native_encode_types_in_binary_format"
        #expect(QueryTextSettings.findSetting(key, in: "SELECT 1 SETTINGS \(key)=1") == .init(name: "1", persists: false))
        #expect(QueryTextSettings.findSetting(key, in: "SET \(key) = true") == .init(name: "true", persists: true))
        #expect(QueryTextSettings.findSetting(key, in: "SELECT 1 SETTINGS \(key) = 1, \(key) = 0") == .init(name: "0", persists: false))
        #expect(QueryTextSettings.findSetting(key, in: "SELECT '\(key) = 1' -- \(key) = 1\n") == nil)
        #expect(QueryTextSettings.findSetting("session_timezone", in: "SELECT 1 SETTINGS session_timezone = UTC", quotedOnly: true) == nil)
        #expect(QueryTextSettings.isOn("1") && QueryTextSettings.isOn("TRUE") && QueryTextSettings.isOn("2"))
        #expect(!QueryTextSettings.isOn("0") && !QueryTextSettings.isOn("false") && !QueryTextSettings.isOn("yes"))
    }

    /// Where ClickHouse 26.9's lexer reads a query differently from the scanner this code had
    /// before ``SQLLexer``; each case was run on the server (BinaryTypeNamesTests repeats some).
    @Test func readsTheTextAsTheServerDoes() {
        let tz = { QueryTextSettings.sessionTimezone(in: $0) }
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
