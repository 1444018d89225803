import Foundation
import CHNative
import Testing

@Suite(.serialized) struct HandshakeTests {
    @Test(arguments: TestServers.all)
    func handshakeExposesServerInfo(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let info = c.serverInfo
        #expect(info.name == "ClickHouse")
        #expect(!info.timezone.isEmpty)
        #expect(info.negotiatedRevision == min(info.revision, ProtocolRevision.current))
        if server.modern {
            #expect(info.versionMajor == 26 && info.versionMinor == 9)
            #expect(info.revision >= 54492)
            #expect(!info.displayName.isEmpty)
        } else {
            #expect(info.version == "18.16.1")
            #expect(info.revision == 54412)
            #expect(info.negotiatedRevision == 54412)
        }
        let blocks = try c.queryAll("SELECT version()")
        #expect(tsvText(blocks).hasPrefix(server.modern ? "26.9" : "18.16"))
    }

    @Test(arguments: TestServers.all)
    func wrongPasswordIsAServerError(server: TestServers.Server) throws {
        do {
            _ = try Connection(configuration: server.configuration(user: TestServers.testUser, password: "wrong"))
            Issue.record("login with a wrong password succeeded")
        } catch let ClickHouseError.server(e) {
            #expect(e.code == (server.modern ? 516 : 193))
            #expect(!String(describing: e).contains("wrong"))
        }
    }

    @Test(arguments: TestServers.all)
    func userPasswordAndDatabase(server: TestServers.Server) throws {
        var cfg = server.configuration(user: TestServers.testUser, password: TestServers.testPassword)
        cfg.database = "system"
        let c = try Connection(configuration: cfg)
        defer { c.close() }
        #expect(tsvText(try c.queryAll("SELECT currentDatabase()")) == "system\n")
        let user = try c.queryAll(server.modern ? "SELECT currentUser()" : "SELECT user FROM system.processes WHERE query LIKE '%marker_4711%'")
        #expect(tsvText(user) == "\(TestServers.testUser)\n")
    }

    @Test func unknownDatabaseIsRefused() throws {
        var cfg = TestServers.ch26.configuration()
        cfg.database = "no_such_db_123"
        #expect(throws: ClickHouseError.self) { _ = try Connection(configuration: cfg) }
    }

    @Test func connectionRefusedIsClear() throws {
        var cfg = TestServers.ch26.configuration(port: 1)
        cfg.timeouts.connect = 2
        do {
            _ = try Connection(configuration: cfg)
            Issue.record("connected to port 1")
        } catch let ClickHouseError.connectionFailed(detail) {
            #expect(detail.message.contains("127.0.0.1:1"))
            // The OS's own answer, as a value to match on.
            #expect(detail.endpoint == "127.0.0.1:1")
            #expect(detail.underlying == .posix("connect", ECONNREFUSED), "\(detail)")
        }
    }

    @Test func anUnknownHostNameCarriesTheResolverCode() throws {
        var cfg = TestServers.ch26.configuration(port: 9000)
        cfg.host = "no-such-host.invalid"
        do {
            _ = try Connection(configuration: cfg)
            Issue.record("resolved no-such-host.invalid")
        } catch let error as ClickHouseError {
            #expect(error.code == .connectionFailed && error.endpoint == "no-such-host.invalid:9000", "\(error)")
            #expect(error.underlying?.domain == .addressResolution && error.underlying?.operation == "getaddrinfo", "\(error)")
            #expect(error.underlying.map { $0.code != 0 } == true)
        }
    }

    @Test(arguments: TestServers.all)
    func pingWorks(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        try c.ping()
        try c.ping()
        #expect(c.isUsable)
    }
}
