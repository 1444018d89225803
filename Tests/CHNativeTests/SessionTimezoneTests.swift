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
}
