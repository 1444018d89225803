import CHNative
import Foundation
import Synchronization
import Testing
@testable import Datalake

/// Connections that need no server: each insert takes the next scripted failure for its table,
/// or is recorded (table, rows, deduplication token). Only ingestion's own logic runs here;
/// the same paths run against real servers in `IngestTests`, `RestartTests` and the cluster suites.
final class ScriptedInserts: Sendable {
    struct Insert: Sendable { let table: String; let rows: Int; let token: String }
    struct State {
        /// Per table: the error the next inserts fail with, and how many more fail.
        var failures: [String: (error: ClickHouseError, count: Int)] = [:]
        var inserts: [Insert] = []
        var attempts = 0
        var opened = 0
        var closed = 0
    }
    let state = Mutex(State())

    /// The next `count` inserts into `table` fail with `error`.
    func fail(_ table: String, _ count: Int, with error: ClickHouseError) {
        state.withLock { $0.failures[table] = (error, count) }
    }

    var inserts: [Insert] { state.withLock { $0.inserts } }

    var opener: InsertConnectionOpener {
        { [self] _ in
            state.withLock { $0.opened += 1 }
            return Scripted(owner: self)
        }
    }

    final class Scripted: InsertConnection, @unchecked Sendable {
        let owner: ScriptedInserts
        var isUsable = true
        init(owner: ScriptedInserts) { self.owner = owner }

        func insertBlocks(into table: String, database: String, blocks: [Block], settings: [String: String]) throws {
            let failure: ClickHouseError? = owner.state.withLock { s in
                s.attempts += 1
                guard let (error, count) = s.failures[table], count > 0 else {
                    s.inserts.append(Insert(table: table, rows: blocks.reduce(0) { $0 + $1.rowCount },
                                            token: settings["insert_deduplication_token"] ?? ""))
                    return nil
                }
                s.failures[table] = (error, count - 1)
                return error
            }
            if let failure {
                if failure.isConnectionBroken { isUsable = false }
                throw failure
            }
        }

        func close() { owner.state.withLock { $0.closed += 1 } }
    }
}

@Suite("Batching and retries without a server (offline)")
struct BatchWriterUnitTests {
    func config(_ inserts: ScriptedInserts) -> IngestConfiguration {
        var c = IngestConfiguration(connection: ConnectionConfiguration(host: "unused.invalid", port: 1))
        c.openConnection = inserts.opener
        c.maxLatency = 0.02
        c.maxBackoff = 0.01
        return c
    }

    func events(_ prefix: String, _ n: Int, dataset: String = "entity") -> [EventRecord] {
        let validator = EventValidator(knownOrgs: ["raven"])
        return (0..<n).compactMap { i in
            let text = dataset == "entity"
                ? Event.entity("\(prefix)-\(i)", "e\(i)", at: "2024-05-01T10:00:00Z")
                : Event.session("\(prefix)-\(i)", start: "2024-05-01T10:00:00Z")
            if case .success(let r) = validator.validate(line: Array(text.utf8)[...]) { return r }
            return nil
        }
    }

    @Test func transientFailuresAreRetriedWithTheSameDeduplicationToken() throws {
        let inserts = ScriptedInserts()
        inserts.fail("entity_operations", 3, with: .connectionClosed("server restarting"))
        let writer = BatchWriter(config: config(inserts))
        let ticket = try writer.add(contentsOf: events("a", 25))
        try writer.waitUntilCommitted(ticket, timeout: 10)
        let stats = try writer.finish()
        #expect(stats.retries == 3 && stats.batches == 1 && stats.totalRows == 25)
        #expect(inserts.inserts.map(\.rows) == [25])
        // Each failed attempt broke its connection: a fresh one was opened for the next.
        #expect(inserts.state.withLock { ($0.attempts, $0.opened) } == (4, 4))
        #expect(inserts.inserts.first?.token.isEmpty == false)
    }

    @Test func aServerErrorThatIsNotTransientIsNotRetried() throws {
        let inserts = ScriptedInserts()
        let unknownTable = ServerException(code: 60, name: "DB::Exception", message: "Unknown table", stackTrace: "", nested: [])
        inserts.fail("entity_operations", 1, with: .server(unknownTable))
        let writer = BatchWriter(config: config(inserts))
        let ticket = try writer.add(contentsOf: events("a", 5))
        #expect(throws: ClickHouseError.server(unknownTable)) { try writer.waitUntilCommitted(ticket, timeout: 10) }
        #expect(inserts.state.withLock { $0.attempts } == 1)
        #expect(throws: ClickHouseError.self) { _ = try writer.add(contentsOf: events("b", 1)) }
        _ = try? writer.finish()
    }

    @Test func retriesStopAfterRetryForAndAServerWriterGoesOn() throws {
        let inserts = ScriptedInserts()
        inserts.fail("entity_operations", 1_000_000, with: .timeout("no answer"))
        var c = config(inserts)
        c.retryFor = 0.2
        c.keepsGoingAfterAFailedBatch = true
        let writer = BatchWriter(config: c)
        let failed = try writer.add(contentsOf: events("a", 4))
        #expect(throws: ClickHouseError.timeout("no answer")) { try writer.waitUntilCommitted(failed, timeout: 10) }
        inserts.state.withLock { $0.failures = [:] }
        let next = try writer.add(contentsOf: events("b", 6))
        try writer.waitUntilCommitted(next, timeout: 10)
        let stats = try writer.finish()
        #expect(stats.failedBatches == 1 && stats.totalRows == 6 && stats.retries > 2, "\(stats)")
        #expect(inserts.inserts.map(\.rows) == [6])
    }

    /// Retries are counted once: a table that failed in an earlier batch and succeeds in a later
    /// one (whose other table fails) does not add its earlier retries again.
    @Test func retriesOfAFailedBatchAreCountedOnce() throws {
        let inserts = ScriptedInserts()
        inserts.fail("entity_operations", 1_000_000, with: .timeout("no answer"))
        var c = config(inserts)
        c.retryFor = 0.2
        c.keepsGoingAfterAFailedBatch = true
        let writer = BatchWriter(config: c)
        let first = try writer.add(contentsOf: events("a", 3))
        #expect(throws: ClickHouseError.self) { try writer.waitUntilCommitted(first, timeout: 10) }
        let retriesOfFirst = inserts.state.withLock { $0.attempts } - 1
        #expect(retriesOfFirst > 2)
        inserts.state.withLock { $0.failures = [:] }
        let unknownTable = ServerException(code: 60, name: "DB::Exception", message: "Unknown table", stackTrace: "", nested: [])
        inserts.fail("journey_sessions", 1, with: .server(unknownTable))
        let second = try writer.add(contentsOf: events("b", 2) + events("s", 2, dataset: "session"))
        #expect(throws: ClickHouseError.server(unknownTable)) { try writer.waitUntilCommitted(second, timeout: 10) }
        let stats = try writer.finish()
        #expect(stats.retries == retriesOfFirst && stats.failedBatches == 2, "\(stats)")
    }

    @Test func theTablesOfABatchGoInTogetherAndBackPressureHoldsAtMaxBatchRows() throws {
        let inserts = ScriptedInserts()
        var c = config(inserts)
        c.maxBatchRows = 10
        c.maxLatency = 5  // only a full batch (or a flush) starts an insert
        let writer = BatchWriter(config: c)
        // 10 rows fill the batch: the writer takes them at once, both tables in one batch.
        _ = try writer.add(contentsOf: events("a", 6) + events("s", 4, dataset: "session"))
        let deadline = Date().addingTimeInterval(5)
        while inserts.inserts.count < 2 && Date() < deadline { usleep(1000) }
        #expect(Set(inserts.inserts.map(\.table)) == ["entity_operations", "journey_sessions"])
        #expect(inserts.inserts.map(\.rows).reduce(0, +) == 10)
        // Fewer than a batch waits for the latency — or a flush.
        _ = try writer.add(contentsOf: events("b", 3))
        #expect(inserts.inserts.count == 2)
        try writer.flush()
        #expect(inserts.inserts.count == 3 && inserts.inserts.last?.rows == 3)
        #expect(try writer.finish().batches == 2)
    }
}
