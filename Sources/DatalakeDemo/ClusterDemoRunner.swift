import Datalake
import CHNative
import Foundation

/// `datalake demo --shards N`: the demo on a sharded cluster of embedded servers — Raven
/// Energy GmbH plus two more organisations (other generator seeds), each on the shard its id
/// hashes to, loaded through the shard-routing writer; Raven's reports are the single-node ones.
public struct ClusterDemoRunner: Sendable {
    /// The organisations of the cluster demo: id, name and generator seed (Raven's is the
    /// single-node demo's, so its reports are the same).
    public static let organisations: [(id: String, name: String, seed: UInt64)] = [
        (DemoCatalog.orgID, DemoCatalog.orgName, 20_240_101),
        ("nordwind", "Nordwind Stadtwerke AG", 7),
        ("kilowatt", "Kilowatt Solar GmbH", 11),
    ]

    /// The cluster to start (or reuse).
    public var cluster: EmbeddedCluster
    /// Volume of each organisation.
    public var scale: Double = 1
    /// The data lake database.
    public var database = Datalake.database
    /// Date the session reports start at (as in the single-node demo).
    public var since = "2025-12-01"

    /// A demo on `cluster`.
    public init(cluster: EmbeddedCluster) { self.cluster = cluster }

    /// Runs every step, printing through `say`.
    public func run(say: (String) -> Void) throws {
        let clock = Date()
        say("1. Starting \(cluster.shards) embedded ClickHouse 26.9 nodes as cluster '\(EmbeddedCluster.clusterName)' (data: \(cluster.directory)) ...")
        let started = try cluster.start()
        say("   \(started) started, \(cluster.shards - started) already running: native ports \(cluster.ports.map(String.init).joined(separator: ", "))")
        var timeouts = Timeouts()
        timeouts.connect = 10
        let connection = ConnectionConfiguration(host: "127.0.0.1", port: cluster.port, compression: .lz4, timeouts: timeouts, clientName: "datalake-demo")
        let manager = ClusterSchemaManager(database: database, cluster: EmbeddedCluster.clusterName, connection: connection)

        say("2. Applying the schema on every node (T_local + Distributed by cityHash64(org_id)) ...")
        for r in try manager.apply() {
            say("   node \(r.node): " + (r.result.applied.isEmpty ? "current" : "applied migrations \(r.result.applied.map(String.init).joined(separator: ", "))"))
        }
        var topology = try manager.topology()
        for org in Self.organisations {
            topology = try manager.addOrganisation(try OrgID(org.id), name: org.name)
            say("   organisation \(org.id) (\(org.name)): rows on node \(try topology.node(of: org.id))")
        }

        say("3. Generating and ingesting (each event straight to its organisation's shard) ...")
        let sink = try ShardedBatchWriter(config: IngestConfiguration(connection: connection, schema: manager.config), topology: topology)
        let ingestor = Ingestor(sink: sink, validator: EventValidator(knownOrgs: Set(Self.organisations.map(\.id))), deadLetters: nil)
        for org in Self.organisations {
            var lines: [ArraySlice<UInt8>] = []
            let counts = try DemoGenerator(scale: scale, seed: org.seed).generate { line in
                let renamed = org.id == DemoCatalog.orgID ? line : line.replacingOccurrences(of: #""org_id":"raven""#, with: #""org_id":"\#(org.id)""#)
                lines.append(ArraySlice(Array(renamed.utf8)))
            }
            _ = try ingestor.ingest(lines: lines, source: org.id)
            say("   \(org.id): \(counts.values.reduce(0, +)) events")
        }
        let summary = try ingestor.finish()
        say(String(format: "   %d events accepted in %.2f s (%.0f events/s, %d inserts, %d retries)",
                   summary.accepted, summary.seconds, summary.eventsPerSecond, summary.writer.inserts, summary.writer.retries))

        let conn = try Connection(configuration: connection)
        defer { conn.close() }
        say("4. Rows per node (entity_operations_local): each organisation lives on one shard")
        for node in topology.nodes {
            let c = try Connection(configuration: node.configuration(from: connection))
            defer { c.close() }
            let rows = try ResultTable.query("SELECT org_id, count() FROM \(manager.config.qualified("entity_operations_local")) GROUP BY org_id ORDER BY org_id", on: c).rows
            say("   node \(node): " + (rows.isEmpty ? "no rows" : rows.map { "\($0[0]) \($0[1])" }.joined(separator: ", ")))
        }

        say("5. Raven's reports, read through the Distributed tables from node 1 (only Raven's shard is queried)")
        let org = try OrgID(DemoCatalog.orgID)
        for report in [Reports.opportunitiesBySource(org: org, config: manager.config),
                       try Reports.journeySessions(org: org, journeyID: DemoCatalog.journeys[0].id, since: since, config: manager.config),
                       try Reports.portalSessions(org: org, app: DemoCatalog.customerPortal, since: since, config: manager.config)] {
            let table = try report.run(on: conn)
            say("   == \(report.name): \(report.title) (\(table.rows.count) rows)")
            for line in table.formatted(limit: 8).split(separator: "\n") { say("   " + line) }
        }
        say("6. Connect to any node: ports \(cluster.ports.map(String.init).joined(separator: ", ")), database \(database), user default")
        say("   CLI: datalake query --port \(cluster.port) \"SELECT count() FROM \(database).\(SQLIdentifier.quote("raven_current_entities_final"))\"")
        say(String(format: "Done in %.1f s. The nodes keep running; stop them with: datalake cluster stop --data %@", Date().timeIntervalSince(clock), cluster.directory))
    }
}
