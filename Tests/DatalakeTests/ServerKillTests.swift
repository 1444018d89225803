import CHNative
import Foundation
import Testing
import TestSupport
@testable import Datalake

/// The real server killed (SIGKILL) in the middle of a large result, an insert and a handshake:
/// the caller gets a clear error within its timeout, the pool drops the broken connection, and
/// the first query after the server is back succeeds.
@Suite("Server killed mid-operation (embedded ClickHouse 26.9)", .enabled(if: chdbAvailable), .serialized)
struct ServerKillTests {
    final class Server: @unchecked Sendable {
        let dir = NSTemporaryDirectory() + "datalake-kill-\(UInt32.random(in: 0...UInt32.max))"
        let server: EmbeddedServer
        var configuration: ConnectionConfiguration

        init() throws {
            server = EmbeddedServer(directory: dir, port: freePort(), httpPort: freePort())
            try server.start()
            configuration = ConnectionConfiguration(host: "127.0.0.1", port: server.port, compression: .lz4)
            configuration.timeouts = Timeouts(connect: 3, read: 10, write: 10)
        }

        /// SIGKILL to the server's process group: no goodbye on any socket.
        func kill9() {
            if let pid = server.runningPID {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                for _ in 0..<50 where EmbeddedServer.isAlive(pid) { Thread.sleep(forTimeInterval: 0.05) }
            }
        }

        func finish() {
            server.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    /// Stops (SIGSTOP) the server's process group and waits until every thread of `pid` is
    /// stopped: `kill` only queues the stop, and on a busy machine a thread can go on serving
    /// a connection for a while after it returns.
    static func freeze(_ pid: Int32) throws {
        kill(-pid, SIGSTOP)
        kill(pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            let states = tasks.map { EmbeddedServer.processState("/proc/\(pid)/task/\($0)/stat") ?? "?" }
            if !states.isEmpty && states.allSatisfy({ $0 == "T" || $0 == "t" }) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw ClickHouseError.invalidState("the server (pid \(pid)) did not stop within 10 s of SIGSTOP")
    }

    /// For a failure message when a server the test froze seems to answer: who answered, the
    /// frozen process's state, and who listens on the port.
    static func whoAnswered(_ c: Connection, _ s: Server, _ pid: Int32) -> String {
        let state = EmbeddedServer.processState("/proc/\(pid)/stat").map { String($0) } ?? "(gone)"
        let listeners = (try? ChildProcess.run("/bin/sh", ["-c", "ss -ltnp 'sport = :\(s.server.port)' 2>&1; ps -o pid,pgid,stat,args -p \(pid) 2>&1"],
                                               timeout: 30))?.stdoutText ?? "(ss failed)"
        return "server '\(c.serverInfo.displayName)' \(c.serverInfo.version) answered on port \(s.server.port) "
            + "(ours is '\(s.server.displayName ?? "")', pid \(pid), state \(state)); \(listeners)"
    }

    /// Seconds `body` took, and the error it threw.
    static func timed(_ body: () throws -> Void) -> (Double, (any Error)?) {
        let start = Date()
        do {
            try body()
            return (Date().timeIntervalSince(start), nil)
        } catch {
            return (Date().timeIntervalSince(start), error)
        }
    }

    @Test func killedDuringALargeResultAnInsertAndAHandshake() throws {
        let s = try Server()
        defer { s.finish() }

        // 1. A large result: blocks arrive, then the server dies.
        let reader = try Connection(configuration: s.configuration)
        let result = try reader.query("SELECT number, toString(number) FROM system.numbers", settings: ["max_block_size": "65536"])
        var rows = 0
        while rows < 500_000, let block = try result.next() { rows += block.rowCount }
        s.kill9()
        let (readSeconds, readError) = Self.timed { while try result.next() != nil {} }
        #expect(readError is ClickHouseError, "reading after the kill: \(String(describing: readError))")
        #expect(readSeconds < s.configuration.timeouts.read + 2)
        #expect(!reader.isUsable)
        #expect(throws: ClickHouseError.self) { _ = try reader.queryAll("SELECT 1") }

        // 2. An insert: blocks are being sent when the server dies.
        try s.server.start()
        let writer = try Connection(configuration: s.configuration)
        try writer.execute("CREATE TABLE IF NOT EXISTS kill_insert (n UInt64, s String) ENGINE = MergeTree ORDER BY n")
        let block = try Block([
            ("n", try FixedWidthColumn<UInt64>(type: .uint64, values: Array(0..<200_000))),
            ("s", StringColumn((0..<200_000).map { "row \($0) with some padding to make it heavier" })),
        ])
        let killer = Thread { Thread.sleep(forTimeInterval: 0.3); s.kill9() }
        killer.start()
        let (insertSeconds, insertError) = Self.timed {
            for _ in 0..<400 { try writer.insert(into: "kill_insert", blocks: [block]) }
        }
        #expect(insertError is ClickHouseError, "insert after the kill: \(String(describing: insertError))")
        #expect(insertSeconds < 30)
        #expect(!writer.isUsable)

        // 3. A handshake: the server accepts the TCP connection but is frozen (SIGSTOP), then killed.
        try s.server.start()
        let pid = try #require(s.server.runningPID)
        try Self.freeze(pid)
        let killer2 = Thread { Thread.sleep(forTimeInterval: 1); s.kill9() }
        killer2.start()
        var answered = ""
        let (handshakeSeconds, handshakeError) = Self.timed {
            let c = try Connection(configuration: s.configuration)
            answered = Self.whoAnswered(c, s, pid)
            c.close()
        }
        #expect(handshakeError is ClickHouseError, "handshake: \(String(describing: handshakeError)) \(answered)")
        #expect(handshakeSeconds < s.configuration.timeouts.connect + 2)

        // 4. Back again: the first query succeeds.
        try s.server.start()
        let again = try Connection(configuration: s.configuration)
        defer { again.close() }
        #expect(ResultTableText.first(try again.queryAll("SELECT 40 + 2")) == "42")
    }

    @Test func frozenServerTripsTheHandshakeTimeout() throws {
        let s = try Server()
        defer { s.finish() }
        let pid = try #require(s.server.runningPID)
        defer { kill(-pid, SIGCONT); kill(pid, SIGCONT) }
        try Self.freeze(pid)
        var c = s.configuration
        c.timeouts.connect = 1.5
        var answered = ""
        let (seconds, error) = Self.timed {
            let connection = try Connection(configuration: c)
            answered = Self.whoAnswered(connection, s, pid)
            connection.close()
        }
        guard case .timeout? = error as? ClickHouseError else {
            Issue.record("expected a timeout, got \(String(describing: error)) \(answered)")
            return
        }
        #expect(seconds >= 1.4 && seconds < 4)
    }

    @Test func poolDropsTheBrokenConnectionAndRecoversWhenTheServerIsBack() async throws {
        let s = try Server()
        defer { s.finish() }
        let client = Client(configuration: s.configuration, pool: PoolConfiguration(maximumConnections: 4, healthCheckAfter: 60))
        #expect(ResultTableText.first(try await client.query("SELECT 1")) == "1")
        #expect(client.openConnections == 1)
        s.kill9()
        // The idle connection is dead and reused without a ping: the query fails clearly, and the connection is dropped.
        await #expect(throws: ClickHouseError.self) { _ = try await client.query("SELECT 1") }
        #expect(client.openConnections == 0)
        // While the server is down: a clear connect error, nothing leaks.
        await #expect(throws: ClickHouseError.self) { _ = try await client.query("SELECT 1") }
        #expect(client.openConnections == 0)
        try s.server.start()
        #expect(ResultTableText.first(try await client.query("SELECT 2")) == "2")
        #expect(client.openConnections == 1)
        await client.shutdown()
    }

    @Test func cancelUnderLoadLeavesConnectionsUsable() async throws {
        let s = try Server()
        defer { s.finish() }
        let client = Client(configuration: s.configuration, pool: PoolConfiguration(maximumConnections: 8))
        let tasks = (0..<8).map { _ in
            Task { try await client.query("SELECT count() FROM system.numbers WHERE NOT ignore(sipHash64(number))") }
        }
        try await Task.sleep(nanoseconds: 700_000_000)
        for t in tasks { t.cancel() }
        var cancelled = 0
        for t in tasks {
            do {
                _ = try await t.value
            } catch ClickHouseError.cancelled {
                cancelled += 1
            } catch is CancellationError {
                cancelled += 1
            }
        }
        #expect(cancelled == 8)
        // Every connection is still good: eight queries at once succeed on them.
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<8 { group.addTask { ResultTableText.first(try await client.query("SELECT \(i)")) } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers.sorted() == (0..<8).map(String.init))
        #expect(client.openConnections <= 8)
        await client.shutdown()
    }
}
