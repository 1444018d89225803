import CHNative
import Testing

/// Errors have a matchable shape: equality by case and payload (not by their text), the
/// server's code name, and a documented answer to "is the connection still usable?".
@Suite struct ClickHouseErrorTests {
    @Test func equalityIsStructuralNotTextual() {
        let a = ServerException(code: 60, name: "DB::Exception", message: "m", stackTrace: "one", nested: [])
        let b = ServerException(code: 60, name: "DB::Exception", message: "m", stackTrace: "two", nested: [])
        #expect(ClickHouseError.server(a).description == ClickHouseError.server(b).description)
        #expect(ClickHouseError.server(a) != ClickHouseError.server(b))
        #expect(ClickHouseError.server(a) == ClickHouseError.server(a))
        #expect(ClickHouseError.timeout("x") != ClickHouseError.connectionFailed("x"))
    }

    @Test func cancellationDoesNotBreakTheConnection() {
        #expect(!ClickHouseError.cancelled.isConnectionBroken)
        #expect(!ClickHouseError.server(ServerException(code: 1, name: "", message: "", stackTrace: "", nested: [])).isConnectionBroken)
        #expect(!ClickHouseError.invalidInput("x").isConnectionBroken)
        #expect(ClickHouseError.timeout("x").isConnectionBroken)
        #expect(ClickHouseError.protocolViolation("x").isConnectionBroken)
        #expect(ClickHouseError.connectionClosed("x").isConnectionBroken)
    }

    @Test func codeNamesAreTheServers() {
        func name(_ code: Int32) -> String? { ServerException(code: code, name: "", message: "", stackTrace: "", nested: []).codeName }
        #expect(name(60) == "UNKNOWN_TABLE")
        #expect(name(516) == "AUTHENTICATION_FAILED")
        #expect(name(394) == "QUERY_WAS_CANCELLED")
        #expect(name(-7) == nil)
    }
}
