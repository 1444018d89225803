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
}
