import CHNative
import Foundation
@testable import Datalake

/// The real ClickHouse 26.9 server of `scripts/servers.sh` (CH26_HOST/CH26_PORT, or the
/// package's `.servers/env` file).
enum TestServer {
    static let environment: [String: String] = {
        var env: [String: String] = [:]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if let text = try? String(contentsOf: root.appendingPathComponent(".servers/env"), encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("export ") {
                let kv = line.dropFirst(7).split(separator: "=", maxSplits: 1)
                if kv.count == 2 { env[String(kv[0])] = String(kv[1]) }
            }
        }
        for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("CH26_") { env[k] = v }
        return env
    }()

    static var configuration: ConnectionConfiguration {
        ConnectionConfiguration(host: environment["CH26_HOST"] ?? "127.0.0.1",
                                port: Int(environment["CH26_PORT"] ?? "") ?? 9000, compression: .lz4)
    }

    static func connect() throws -> Connection { try Connection(configuration: configuration) }
}

/// A data lake in a database of its own (`datawarehouse_test_<random>`), dropped afterwards.
final class TestLake: @unchecked Sendable {
    let schema: SchemaConfiguration
    let conn: Connection

    init(orgs: [String] = ["raven"]) throws {
        schema = SchemaConfiguration(database: "datawarehouse_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36))
        conn = try TestServer.connect()
        try SchemaManager(config: schema).apply(on: conn)
        for o in orgs { try SchemaManager(config: schema).addOrganisation(try OrgID(o), name: o, on: conn) }
    }

    func drop() {
        _ = try? conn.execute("DROP DATABASE IF EXISTS \(SQLIdentifier.quote(schema.database))")
        conn.close()
    }

    /// Runs `body` with a fresh lake and drops it afterwards.
    static func with<R>(orgs: [String] = ["raven"], _ body: (TestLake) throws -> R) throws -> R {
        let lake = try TestLake(orgs: orgs)
        defer { lake.drop() }
        return try body(lake)
    }

    var ingestConfiguration: IngestConfiguration {
        var c = IngestConfiguration(connection: TestServer.configuration, schema: schema)
        c.maxLatency = 0.1
        return c
    }

    func view(_ org: String, _ suffix: String) throws -> String {
        OrgViews(org: try OrgID(org), config: schema).qualifiedName(suffix)
    }

    func table(_ sql: String, _ parameters: [String: String] = [:]) throws -> ResultTable {
        try ResultTable.query(sql, parameters: parameters, on: conn)
    }

    func count(_ from: String) throws -> Int {
        Int(try table("SELECT count() FROM \(from)").rows.first?.first ?? "") ?? -1
    }

    /// Validates NDJSON `lines` and writes them through a ``BatchWriter``; returns the rejections.
    @discardableResult
    func ingest(_ lines: [String], knownOrgs: Set<String>? = nil) throws -> [(Int, String)] {
        let ingestor = Ingestor(config: ingestConfiguration, validator: EventValidator(knownOrgs: knownOrgs), deadLetters: nil)
        let (rejections, _) = try ingestor.ingest(lines: lines.map { ArraySlice(Array($0.utf8)) }, source: "test")
        _ = try ingestor.finish()
        return rejections
    }
}

/// NDJSON helpers for tests.
enum Event {
    static func entity(_ activity: String, _ entity: String, org: String = "raven", op: String = "createEntity",
                       schema: String = "opportunity", at: String, title: String = "t", source: String = "Wallbox Konfigurator") -> String {
        #"{"dataset":"entity_operations","activity_id":"\#(activity)","entity_id":"\#(entity)","org_id":"\#(org)","operation":"\#(op)","schema":"\#(schema)","timestamp":"\#(at)","detail":{"title":"\#(title)","payload":{"source":{"title":"\#(source)"}}}}"#
    }

    static func session(_ id: String, org: String = "raven", journey: String = "j1", start: String, end: String? = nil, device: String = "mobile") -> String {
        let endPart = end.map { #","end_time":"\#($0)""# } ?? ""
        return #"{"dataset":"journey_sessions","id":"\#(id)","org_id":"\#(org)","journey_id":"\#(journey)","start_time":"\#(start)"\#(endPart),"details":{"deviceType":"\#(device)"}}"#
    }
}
