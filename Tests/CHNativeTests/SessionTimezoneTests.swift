import Testing
@testable import CHNative

@Suite struct SessionTimezoneTests {
    @Test func findsTheSettingOutsideLiteralsAndComments() {
        #expect(SessionTimezone.find(in: "SELECT now() SETTINGS session_timezone = 'Asia/Tokyo'")
            == .init(name: "Asia/Tokyo", persists: false))
        #expect(SessionTimezone.find(in: "set SESSION_TIMEZONE='Europe/Berlin'") == .init(name: "Europe/Berlin", persists: true))
        #expect(SessionTimezone.find(in: "SELECT 'session_timezone = ''X''' -- session_timezone = 'Y'\n") == nil)
        #expect(SessionTimezone.find(in: "SELECT 1 /* session_timezone = 'Y' */") == nil)
        #expect(SessionTimezone.find(in: "SELECT `session_timezone = 'Z'`") == nil)
        #expect(SessionTimezone.find(in: "SELECT x AS my_session_timezone FROM t") == nil)
        #expect(SessionTimezone.find(in: "SELECT 1 SETTINGS session_timezone = ''") == .init(name: "", persists: false))
        #expect(SessionTimezone.find(in: "SELECT 1 SETTINGS session_timezone = 'unterminated") == nil)
    }

    @Test func findsBareValuesOfOtherSettings() {
        let key = "output_format_native_encode_types_in_binary_format"
        #expect(SessionTimezone.findSetting(key, in: "SELECT 1 SETTINGS \(key)=1") == .init(name: "1", persists: false))
        #expect(SessionTimezone.findSetting(key, in: "SET \(key) = true") == .init(name: "true", persists: true))
        #expect(SessionTimezone.findSetting(key, in: "SELECT 1 SETTINGS \(key) = 1, \(key) = 0") == .init(name: "0", persists: false))
        #expect(SessionTimezone.findSetting(key, in: "SELECT '\(key) = 1' -- \(key) = 1\n") == nil)
        #expect(SessionTimezone.findSetting("session_timezone", in: "SELECT 1 SETTINGS session_timezone = UTC", quotedOnly: true) == nil)
        #expect(SessionTimezone.isOn("1") && SessionTimezone.isOn("TRUE") && SessionTimezone.isOn("2"))
        #expect(!SessionTimezone.isOn("0") && !SessionTimezone.isOn("false") && !SessionTimezone.isOn("yes"))
    }
}
