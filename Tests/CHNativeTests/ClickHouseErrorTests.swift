import CHNative
import Foundation
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

    @Test func networkErrorsCarryTheEndpointAndTheUnderlyingError() {
        let refused = ClickHouseError.connectionFailed(.init("cannot connect to h:9000: Connection refused", endpoint: "h:9000",
                                                             underlying: .posix("connect", ECONNREFUSED)))
        #expect(refused.code == .connectionFailed)
        #expect(refused.endpoint == "h:9000")
        #expect(refused.underlying?.posixCode == ECONNREFUSED && refused.underlying?.text == String(cString: strerror(ECONNREFUSED)))
        // The same words with another errno are another error.
        let reset = ClickHouseError.connectionFailed(.init("cannot connect to h:9000: Connection refused", endpoint: "h:9000",
                                                           underlying: .posix("connect", ECONNRESET)))
        #expect(refused != reset && refused.description == reset.description)
        // A string literal is a detail with only a message.
        let plain: ClickHouseError = .timeout("no data for 1 s")
        #expect(plain.detail == ClickHouseError.Detail("no data for 1 s") && plain.underlying == nil && plain.endpoint == nil)
        #expect(plain.description == "timeout: no data for 1 s")
        #expect(UnderlyingError(domain: .openSSL, code: 5, operation: "SSL_read", text: "x").posixCode == nil)
    }

    @Test func everyCaseHasAStableCode() {
        let server = ServerException(code: 1, name: "", message: "", stackTrace: "", nested: [])
        let all: [ClickHouseError] = [.server(server), .connectionFailed("a"), .connectionClosed("a"), .timeout("a"), .tls("a"),
                                      .protocolViolation("a"), .corruptCompressedData("a"), .unsupportedType("a"), .invalidInput("a"),
                                      .cancelled, .invalidState("a")]
        #expect(all.map(\.code) == ClickHouseError.Code.allCases)
        #expect(ClickHouseError.Code.timeout.rawValue == "timeout")
        #expect(all.filter { $0.detail != nil }.map(\.code) == [.connectionFailed, .connectionClosed, .timeout, .tls])
    }
}
