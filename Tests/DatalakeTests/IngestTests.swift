import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

@Suite("Ingestion into ClickHouse 26.9")
struct IngestTests {
    func tempFile(_ name: String) -> String {
        NSTemporaryDirectory() + "datalake-test-\(UInt32.random(in: 0...UInt32.max))-" + name
    }

    @Test func fileWithBadLinesGoesToDeadLettersAndTheRestIsQueryable() throws {
        try TestLake.with { lake in
            let path = tempFile("events.ndjson")
            let deadPath = tempFile("dead.ndjson")
            defer {
                try? FileManager.default.removeItem(atPath: path)
                try? FileManager.default.removeItem(atPath: deadPath)
            }
            var lines: [String] = []
            try DemoGenerator(scale: 0.02).generate { lines.append($0) }
            lines.insert("{broken", at: 10)
            lines.insert(Event.entity("x", "y", org: "unknown-org", at: "2024-05-01"), at: 20)
            lines.insert("", at: 30)
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

            let dead = try DeadLetterFile(path: deadPath)
            let ingestor = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: dead)
            try ingestor.ingest(try LineReader(path: path), source: path)
            let summary = try ingestor.finish()
            #expect(summary.rejected == 2)
            #expect(summary.accepted == lines.count - 3)
            #expect(summary.writer.totalRows == summary.accepted)
            let deadLines = try String(contentsOfFile: deadPath, encoding: .utf8).split(separator: "\n")
            #expect(deadLines.count == 2)
            #expect(deadLines[0].contains("\"line\":11") && deadLines[0].contains("not valid JSON"))
            #expect(deadLines[1].contains("unknown organisation 'unknown-org'"))

            let stored = try lake.count(lake.schema.qualified("journey_events"))
            // Replaying the whole file changes nothing visible.
            let again = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: nil)
            try again.ingest(try LineReader(path: path), source: path)
            _ = try again.finish()
            #expect(try lake.count(try lake.view("raven", "journey_events_final")) == stored)
            #expect(try lake.count(lake.schema.qualified("journey_events") + " FINAL") == stored)
        }
    }

    @Test func eventIsQueryableWithinOneSecond() throws {
        try TestLake.with { lake in
            var config = lake.ingestConfiguration
            config.maxLatency = 0.3
            var worst = 0.0
            for _ in 0..<3 { worst = max(worst, try FreshnessProbe.measure(config: config)) }
            #expect(worst < 1.0, "took \(worst) s")
        }
    }

    @Test func followModePicksUpAppendedLines() throws {
        try TestLake.with { lake in
            let path = tempFile("follow.ndjson")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try (Event.session("f1", start: "2024-05-01T10:00:00Z") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let reader = try LineReader(path: path, follow: true)
            let ingestor = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(), deadLetters: nil)
            let done = StopFlag()
            let thread = Thread {
                try? ingestor.ingest(reader, source: path)
                done.set()
            }
            thread.start()
            let view = try lake.view("raven", "journey_sessions_final")
            func waitFor(_ n: Int) throws -> Bool {
                for _ in 0..<100 {
                    if try lake.count(view) == n { return true }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                return false
            }
            #expect(try waitFor(1))
            let h = try #require(FileHandle(forWritingAtPath: path))
            h.seekToEndOfFile()
            h.write(Data((Event.session("f2", start: "2024-05-01T11:00:00Z") + "\n").utf8))
            try h.close()
            #expect(try waitFor(2))
            reader.stop()
            for _ in 0..<100 where !done.isSet { Thread.sleep(forTimeInterval: 0.02) }
            #expect(done.isSet)
            _ = try ingestor.finish()
        }
    }
}

/// A writer that runs for days (`datalake serve`) must not be ended by one batch that failed.
@Suite("Batch writer after a failed batch (ClickHouse 26.9)")
struct FailedBatchTests {
    func events(_ prefix: String, _ n: Int) -> [EventRecord] {
        let validator = EventValidator(knownOrgs: ["raven"])
        return (0..<n).compactMap { i in
            let line = Array(Event.entity("\(prefix)-\(i)", "e\(i)", at: "2024-05-01T10:00:00Z").utf8)
            if case .success(let r) = validator.validate(line: line[...]) { return r }
            return nil
        }
    }

    @Test func aServerWriterReportsTheFailedBatchAndWritesTheNextOnes() throws {
        try TestLake.with { lake in
            var config = lake.ingestConfiguration
            config.keepsGoingAfterAFailedBatch = true
            config.retryFor = 0.5
            let writer = BatchWriter(config: config)
            let table = lake.schema.qualified("entity_operations"), away = lake.schema.qualified("entity_operations_away")
            // The table is away: the first batch fails (UNKNOWN_TABLE, not worth retrying).
            try lake.conn.execute("RENAME TABLE \(table) TO \(away)")
            let first = try writer.add(contentsOf: events("a", 10))
            #expect(first.sequences == [10] && first.firstSequences == [1])
            #expect(throws: ClickHouseError.self) { try writer.waitUntilCommitted(first, timeout: 30) }
            try lake.conn.execute("RENAME TABLE \(away) TO \(table)")
            // The writer goes on: the next events are written; the failed ones stay failed.
            let second = try writer.add(contentsOf: events("b", 7))
            try writer.waitUntilCommitted(second, timeout: 30)
            #expect(throws: ClickHouseError.self) { try writer.waitUntilCommitted(first, timeout: 1) }
            let stats = try writer.finish()
            #expect(stats.failedBatches == 1 && stats.totalRows == 7)
            #expect(try lake.count(table) == 7)
        }
    }

    @Test func aFileWriterStopsAtTheFirstFailedBatch() throws {
        try TestLake.with { lake in
            var config = lake.ingestConfiguration
            config.retryFor = 0.5
            let writer = BatchWriter(config: config)
            let table = lake.schema.qualified("entity_operations"), away = lake.schema.qualified("entity_operations_away")
            try lake.conn.execute("RENAME TABLE \(table) TO \(away)")
            let first = try writer.add(contentsOf: events("a", 10))
            #expect(throws: ClickHouseError.self) { try writer.waitUntilCommitted(first, timeout: 30) }
            try lake.conn.execute("RENAME TABLE \(away) TO \(table)")
            #expect(throws: ClickHouseError.self) { _ = try writer.add(contentsOf: events("b", 7)) }
            #expect(throws: ClickHouseError.self) { _ = try writer.finish() }
            #expect(try lake.count(table) == 0)
        }
    }
}
