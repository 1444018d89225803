import CHNative
import Foundation
import Testing
import TestSupport
@testable import Datalake
@testable import DatalakeDemo

/// Whether the embedded server (PyPI chdb-core) can run here.
let chdbAvailable: Bool = {
    (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import chdb._chdb"], timeout: 120))?.status == 0
}()

func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

@Suite("Server restart during ingestion (embedded ClickHouse 26.9)", .enabled(if: chdbAvailable))
struct RestartTests {
    @Test func restartMidStreamLosesNothingAndShowsNoDuplicates() throws {
        let dir = NSTemporaryDirectory() + "datalake-restart-\(UInt32.random(in: 0...UInt32.max))"
        let port = freePort()
        let server = EmbeddedServer(directory: dir, port: port, httpPort: freePort())
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
        try server.start()
        let connection = ConnectionConfiguration(host: "127.0.0.1", port: port, compression: .lz4)
        let schema = SchemaConfiguration(database: "datawarehouse")
        do {
            let conn = try Connection(configuration: connection)
            defer { conn.close() }
            try SchemaManager(config: schema).apply(on: conn)
            try SchemaManager(config: schema).addOrganisation(try OrgID("raven"), name: "Raven", on: conn)
        }

        var lines: [String] = []
        try DemoGenerator(scale: 0.1).generate { lines.append($0) }
        // What must be visible afterwards: one row per logical id.
        let validator = EventValidator()
        var expected: [Dataset: Set<String>] = [:]
        for line in lines {
            guard case .success(let r) = validator.validate(line: Array(line.utf8)) else { continue }
            let key: String
            switch r {
            case .entityOperation(let e): key = e.activityID
            case .workflowExecution(let w): key = w.executionID
            case .journeySession(let s), .portalSession(let s): key = s.id
            case .journeyEvent(let e), .portalEvent(let e): key = e.id
            }
            expected[r.dataset, default: []].insert(key)
        }

        var config = IngestConfiguration(connection: connection, schema: schema)
        config.maxLatency = 0.1
        config.maxBatchRows = 200
        config.retryFor = 120
        let ingestor = Ingestor(config: config, validator: validator, deadLetters: nil)
        let restarted = StopFlag()
        let chunks = stride(from: 0, to: lines.count, by: 100).map { Array(lines[$0..<min($0 + 100, lines.count)]) }
        for (i, chunk) in chunks.enumerated() {
            if i == chunks.count / 4 {
                // Restart while the stream goes on (the stop ends chdb with SIGKILL after 2 s).
                let restarter = Thread {
                    _ = try? server.restart()
                    restarted.set()
                }
                restarter.start()
            }
            _ = try ingestor.ingest(lines: chunk.map { ArraySlice(Array($0.utf8)) }, source: "stream")
            Thread.sleep(forTimeInterval: 0.12)
        }
        let summary = try ingestor.finish()
        for _ in 0..<600 where !restarted.isSet { Thread.sleep(forTimeInterval: 0.1) }
        #expect(restarted.isSet)

        let conn = try Connection(configuration: connection)
        defer { conn.close() }
        let views = OrgViews(org: try OrgID("raven"), config: schema)
        var report: [String] = ["sent \(lines.count) events, accepted \(summary.accepted), \(summary.writer.retries) insert retries"]
        let viewFor: [Dataset: String] = [.entityOperations: "entity_operations_final", .workflowExecutions: "workflow_executions_final",
                                          .journeySessions: "journey_sessions_final", .journeyEvents: "journey_events_final",
                                          .portalSessions: "portal_sessions_final", .portalEvents: "portal_events_final"]
        for d in Dataset.allCases {
            let visible = Int(try ResultTable.query("SELECT count() FROM \(views.qualifiedName(viewFor[d] ?? ""))", on: conn).rows[0][0]) ?? -1
            let stored = Int(try ResultTable.query("SELECT count() FROM \(schema.qualified(d.table))", on: conn).rows[0][0]) ?? -1
            let want = expected[d]?.count ?? 0
            report.append("\(d.rawValue): expected \(want), visible \(visible), stored rows \(stored)")
            #expect(visible == want, "\(d.rawValue)")
        }
        #expect(summary.writer.retries > 0, "the restart did not interrupt an insert")
        print("restart test: " + report.joined(separator: "; "))
    }
}
