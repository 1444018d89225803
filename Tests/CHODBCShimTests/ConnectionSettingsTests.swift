import Testing
@testable import CHODBCShim

/// ClickHouse settings given with the connection (`Settings={...}`, the query string of `Url`,
/// keys that may name a setting), resolved offline; the server's part (which names exist, which
/// values it accepts) is tested through the driver manager in Tests/odbc/test_spec.py.
@Suite struct ConnectionSettingsTests {
    static func resolve(_ text: String) throws -> ConnectionSettings {
        try ConnectionSettings.resolve(pairs: ConnectionString.parse(text))
    }

    @Test func settingsKeyListsExplicitSettings() throws {
        let s = try Self.resolve("Server=h;Settings={max_threads=3;max_block_size = 1234};Settings={max_threads=4}")
        #expect(s.serverSettings.map(\.name) == ["max_block_size", "max_threads"])
        #expect(s.serverSettings.map(\.value) == ["1234", "4"])
        #expect(s.settingCandidates.isEmpty && s.warnings.isEmpty)
        #expect(s.configuration(loginTimeout: nil).settings == ["max_threads": "4", "max_block_size": "1234"])
    }

    @Test func urlQueryStringParametersAreSettings() throws {
        let s = try Self.resolve("Url=https://ch:9440/?database=db&max_execution_time=9&default_format=ODBCDriver2&session_id=x&log_comment=a%20b+c")
        #expect(s.database == "db" && s.host == "ch" && s.port == 9440 && s.secure == true)
        #expect(s.serverSettings.map(\.name) == ["max_execution_time", "log_comment"])
        #expect(s.serverSettings.last?.value == "a b c")
    }

    @Test func unknownKeysThatMayBeSettingsWaitForTheServer() throws {
        let s = try Self.resolve("Server=h;max_execution_time=10;Data_Type_Default_Nullable=1;weird-key=1")
        #expect(s.settingCandidates.map(\.key) == ["max_execution_time", "Data_Type_Default_Nullable"])
        #expect(s.warnings.count == 1 && s.warnings[0].contains("weird-key"))
        #expect(s.settingNamesToCheck == ["data_type_default_nullable", "max_execution_time"])
    }

    @Test func adoptTakesTheServersSpellingAndReportsTheRest() throws {
        var s = try Self.resolve("Server=h;Data_Type_Default_Nullable=1;max_execution_tme=5;Settings={max_threads=2}")
        try s.adopt(serverSettingNames: ["data_type_default_nullable", "max_threads"])
        #expect(s.serverSettings.map(\.name) == ["max_threads", "data_type_default_nullable"])
        #expect(s.warnings.count == 1 && s.warnings[0].contains("max_execution_tme"))
        #expect(s.settingCandidates.isEmpty)
    }

    @Test func anExplicitSettingTheServerDoesNotKnowIsAnError() throws {
        var s = try Self.resolve("Server=h;Settings={no_such_setting=1}")
        #expect(throws: ODBCError.self) { try s.adopt(serverSettingNames: []) }
        #expect(throws: ODBCError.self) { try Self.resolve("Settings={bad-name=1}") }
        #expect(throws: ODBCError.self) { try Self.resolve("Url=http://h:9000/?bad-name=1") }
    }

    @Test func completedStringCarriesTheSettings() throws {
        // ODBC escaping: the inner value's `}` is doubled inside the outer braces.
        let s = try Self.resolve("Server=h;Settings={log_comment={a;b}}};max_threads=2")
        let out = s.outputString()
        #expect(out.contains("Settings="))
        let again = try Self.resolve(out)
        #expect(again.serverSettings.map(\.name) == ["log_comment"] && again.serverSettings.first?.value == "a;b")
    }

    @Test func urlParametersWithoutANameAreSkipped() throws {
        let s = try Self.resolve("Url=http://h:9000/?=x&&max_threads=&=")
        #expect(s.serverSettings.map(\.name) == ["max_threads"] && s.serverSettings.first?.value == "")
    }

    @Test func stringMaxLengthIsOptional() throws {
        #expect(try Self.resolve("Server=h").stringMaxLength == nil)
        #expect(try Self.resolve("Server=h;StringMaxLength=100").stringMaxLength == 100)
        #expect(throws: ODBCError.self) { try Self.resolve("StringMaxLength=0") }
    }
}
