import CHNative
import Testing

/// Native TLS against ClickHouse 18.16's secure port with the project's own CA.
@Suite(.serialized) struct TLSTests {
    func config(_ tls: TLSConfiguration, host: String = "127.0.0.1", compression: CompressionMethod = .none) -> ConnectionConfiguration {
        var c = TestServers.ch18.configuration(compression: compression, tls: tls, port: TestServers.tlsPort)
        c.host = host
        return c
    }

    @Test(arguments: CompressionMethod.allCases)
    func verifiedTLSWithTheProjectCA(compression: CompressionMethod) throws {
        for host in ["127.0.0.1", "localhost"] {
            let c = try Connection(configuration: config(TLSConfiguration(caFile: TestServers.caFile), host: host, compression: compression))
            defer { c.close() }
            let blocks = try c.queryAll("SELECT number, toString(number) FROM numbers(200000)")
            #expect(blocks.reduce(0) { $0 + $1.rowCount } == 200000)
            #expect(tsvText(try c.queryAll("SELECT 'secure'")) == "secure\n")
        }
    }

    @Test func unknownCAIsRefusedByDefault() throws {
        do {
            _ = try Connection(configuration: config(TLSConfiguration()))
            Issue.record("a certificate from an unknown CA was accepted")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.contains("verification"))
            #expect(detail.underlying?.domain == .certificateVerification, "\(detail)")
        }
    }

    @Test func hostNameIsChecked() throws {
        do {
            _ = try Connection(configuration: config(TLSConfiguration(caFile: TestServers.caFile, serverName: "wrong.example")))
            Issue.record("a certificate for another host name was accepted")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.lowercased().contains("hostname mismatch"))
            #expect(detail.underlying?.code == 62 && detail.endpoint != nil, "\(detail)")
        }
    }

    @Test func verificationCanBeSwitchedOffExplicitly() throws {
        let c = try Connection(configuration: config(TLSConfiguration(verifyCertificate: false)))
        defer { c.close() }
        #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
    }

    @Test func plainClientOnTheTLSPortFailsClearly() throws {
        var cfg = TestServers.ch18.configuration(port: TestServers.tlsPort)
        cfg.timeouts.connect = 3
        #expect(throws: ClickHouseError.self) { _ = try Connection(configuration: cfg) }
    }

    @Test func tlsClientOnAPlainPortFailsClearly() throws {
        var cfg = config(TLSConfiguration(caFile: TestServers.caFile))
        cfg.port = TestServers.ch18.port
        cfg.timeouts.connect = 3
        do {
            _ = try Connection(configuration: cfg)
            Issue.record("TLS handshake with a plain port succeeded")
        } catch let error as ClickHouseError {
            if case .tls = error {} else if case .timeout = error {} else { Issue.record("unexpected \(error)") }
        }
    }
}
