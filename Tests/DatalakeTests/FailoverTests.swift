import CHNative
import Foundation
import Testing
@testable import Datalake

/// Several hosts: fail over on connect errors, in order and at random, with the pool's health
/// check — against two real embedded ClickHouse 26.9 servers, one of which is stopped.
@Suite("Failover between two real servers", .enabled(if: chdbAvailable), .serialized)
struct FailoverTests {
    @Test func failsOverInOrderAtRandomAndThroughThePool() async throws {
        let base = NSTemporaryDirectory() + "datalake-failover-\(UInt32.random(in: 0...UInt32.max))"
        let a = EmbeddedServer(directory: base + "/a", port: freePort(), httpPort: freePort())
        let b = EmbeddedServer(directory: base + "/b", port: freePort(), httpPort: freePort())
        defer {
            a.stop()
            b.stop()
            try? FileManager.default.removeItem(atPath: base)
        }
        try a.start()
        try b.start()
        let dead = ServerAddress(host: "127.0.0.1", port: freePort())
        let addrA = ServerAddress(host: "127.0.0.1", port: a.port)
        let addrB = ServerAddress(host: "127.0.0.1", port: b.port)
        var config = ConnectionConfiguration(host: "127.0.0.1", port: dead.port)
        config.fallbackAddresses = [addrA, addrB]
        config.timeouts.connect = 3

        // In order: the dead port is skipped, A serves.
        do {
            let c = try Connection(configuration: config)
            defer { c.close() }
            #expect(c.address == addrA)
            #expect(ResultTableText.first(try c.queryAll("SELECT tcpPort()")) == String(a.port))
        }

        // The pool: A serves; A stops; the next query is answered by B without an error.
        let client = Client(configuration: config, pool: PoolConfiguration(maximumConnections: 2, healthCheckAfter: 0))
        #expect(ResultTableText.first(try await client.query("SELECT tcpPort()")) == String(a.port))
        a.stop()
        #expect(ResultTableText.first(try await client.query("SELECT tcpPort()")) == String(b.port))
        #expect(client.openConnections == 1)
        do {
            let c = try Connection(configuration: config)
            defer { c.close() }
            #expect(c.address == addrB)
        }
        await client.shutdown()

        // A is back: a connection to it alone succeeds (and marks it healthy again); random order spreads.
        try a.start()
        _ = try Connection(configuration: ConnectionConfiguration(host: "127.0.0.1", port: a.port))
        HostHealth.shared.markHealthy(addrA)
        var random = ConnectionConfiguration(host: "127.0.0.1", port: a.port)
        random.fallbackAddresses = [addrB]
        random.failover = .random
        var seen: [ServerAddress: Int] = [:]
        for _ in 0..<40 {
            let c = try Connection(configuration: random)
            seen[c.address, default: 0] += 1
            c.close()
        }
        #expect(seen.count == 2, "random order used \(seen)")

        // Nothing answers: one clear error naming every server and why.
        a.stop()
        b.stop()
        var none = ConnectionConfiguration(host: "127.0.0.1", port: a.port)
        none.fallbackAddresses = [addrB]
        // A server in the middle of its shutdown may still accept and then close: wait (10 s at
        // most) until neither port accepts a connection any more.
        let gone = Date().addingTimeInterval(10)
        while Date() < gone, ![a.port, addrB.port].allSatisfy(Self.refuses) { usleep(100_000) }
        do {
            _ = try Connection(configuration: none)
            Issue.record("connected with every server down")
        } catch let ClickHouseError.connectionFailed(detail) {
            #expect(detail.message.contains("none of the 2 servers answered"))
            #expect(detail.message.contains(addrA.description) && detail.message.contains(addrB.description))
            // Nothing listens on either port: the last refusal is the OS's ECONNREFUSED.
            #expect(detail.underlying?.posixCode == ECONNREFUSED && detail.underlying?.operation == "connect", "\(detail)")
        }
    }

    /// Whether a TCP connect to `port` on loopback is refused (nothing listens there).
    static func refuses(_ port: Int) -> Bool {
        do {
            try Connection(configuration: ConnectionConfiguration(host: "127.0.0.1", port: port)).close()
            return false
        } catch let error as ClickHouseError {
            return error.underlying?.posixCode == ECONNREFUSED
        } catch {
            return false
        }
    }

    @Test func hostListsParse() throws {
        #expect(try ServerAddress.parseList("h1:9001, h2 ,[::1]:9440", defaultPort: 9000)
            == [ServerAddress(host: "h1", port: 9001), ServerAddress(host: "h2", port: 9000), ServerAddress(host: "::1", port: 9440)])
        for bad in ["", "h1:x", "h1:70000", "[::1", ",,"] {
            #expect(throws: ClickHouseError.self) { try ServerAddress.parseList(bad, defaultPort: 9000) }
        }
    }
}

/// The first cell of a result as TabSeparated text.
enum ResultTableText {
    static func first(_ blocks: [Block]) -> String {
        guard let block = blocks.first(where: { $0.rowCount > 0 }), let column = block.columns.first else { return "" }
        var out = TextOutput(capacity: 16)
        column.writeText(at: 0, to: &out, style: .tabSeparated)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
