import CHNative
import Foundation
import Testing

/// Faults between client and a real server: silence, a cut stream, corrupted bytes.
@Suite(.serialized) struct FaultTests {
    var server: TestServers.Server { TestServers.ch26 }

    @Test func stalledPeerTripsTheHandshakeTimeout() throws {
        let proxy = try FaultProxy(targetHost: server.host, targetPort: server.port, mode: .silent)
        defer { proxy.stop() }
        var cfg = server.configuration(port: proxy.port)
        cfg.timeouts.connect = 1
        let started = Date()
        #expect(throws: ClickHouseError.self) { _ = try Connection(configuration: cfg) }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func stalledStreamTripsTheReadTimeout() throws {
        let proxy = try FaultProxy(targetHost: server.host, targetPort: server.port, mode: .stallAfter(bytes: 200_000))
        defer { proxy.stop() }
        var cfg = server.configuration(port: proxy.port)
        cfg.timeouts.read = 1
        let c = try Connection(configuration: cfg)
        let started = Date()
        do {
            _ = try c.queryAll("SELECT number, toString(number) FROM numbers(1000000)")
            Issue.record("no timeout")
        } catch let ClickHouseError.timeout(detail) {
            #expect(detail.message.contains("1.0 s"))
            #expect(detail.endpoint == "127.0.0.1:\(proxy.port)" && detail.underlying == nil, "\(detail)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!c.isUsable)
        #expect(throws: ClickHouseError.self) { try c.ping() }
    }

    @Test(arguments: CompressionMethod.allCases)
    func serverGoneMidQueryIsAClearErrorAndTheConnectionIsNotReused(compression: CompressionMethod) throws {
        let proxy = try FaultProxy(targetHost: server.host, targetPort: server.port, mode: .cutAfter(bytes: 300_000))
        defer { proxy.stop() }
        let c = try Connection(configuration: server.configuration(compression: compression, port: proxy.port))
        do {
            _ = try c.queryAll("SELECT number, toString(number) FROM numbers(2000000)")
            Issue.record("the cut went unnoticed")
        } catch let error as ClickHouseError {
            #expect(error.isConnectionBroken)
            if case .connectionClosed = error {} else if case .connectionFailed = error {} else {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(!c.isUsable)
    }

    @Test func corruptCompressedFrameIsDetected() throws {
        // Hello and the first packets are small; corrupt a byte well inside the data stream.
        let proxy = try FaultProxy(targetHost: server.host, targetPort: server.port, mode: .corrupt(at: 150_000))
        defer { proxy.stop() }
        let c = try Connection(configuration: server.configuration(compression: .lz4, port: proxy.port))
        do {
            _ = try c.queryAll("SELECT number, toString(number) FROM numbers(2000000)")
            Issue.record("corruption went unnoticed")
        } catch let error as ClickHouseError {
            if case .corruptCompressedData(let why) = error {
                #expect(why.contains("checksum"))
            } else {
                // The flipped byte may land in a frame header instead: still an error, never data.
                #expect(error.isConnectionBroken, "\(error)")
            }
        }
        #expect(!c.isUsable)
    }

    @Test func garbageFromThePeerIsAnError() throws {
        // A "server" that answers the Hello with random bytes.
        let proxy = try FaultProxy(targetHost: server.host, targetPort: server.port, mode: .corrupt(at: 0))
        defer { proxy.stop() }
        #expect(throws: ClickHouseError.self) { _ = try Connection(configuration: server.configuration(port: proxy.port)) }
    }

    @Test func oldServerRecoversAfterARejectedQuery() throws {
        let c = try TestServers.ch18.connect()
        defer { c.close() }
        for _ in 0..<3 {
            #expect(throws: ClickHouseError.self) { _ = try c.queryAll("SELEC 1") }
            #expect(tsvText(try c.queryAll("SELECT 2")) == "2\n")
        }
    }
}
