import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

extension ClusterTests {
    /// Three organisations, one per shard, loaded through the shard-routing writer.
    static func loadThreeOrgs(_ lake: ClusterLake, scale: Double = 0.02) throws -> [(org: String, expected: [Dataset: Set<String>])] {
        let ids = try orgs(onShards: [0, 1, 2])
        let sink = try ShardedBatchWriter(config: lake.ingestConfiguration(), topology: lake.topology())
        let ingestor = Ingestor(sink: sink, validator: EventValidator(knownOrgs: Set(ids)), deadLetters: nil)
        var out: [(String, [Dataset: Set<String>])] = []
        for (i, org) in ids.enumerated() {
            let (lines, expected) = try demoEvents(org: org, scale: scale, seed: UInt64(100 + i))
            let (rejections, _) = try ingestor.ingest(lines: lines.map { ArraySlice(Array($0.utf8)) }, source: org)
            #expect(rejections.isEmpty)
            out.append((org, expected))
        }
        _ = try ingestor.finish()
        return out
    }

    /// The reports of the demo, for one organisation.
    static func reports(_ org: String, _ schema: SchemaConfiguration) throws -> [Report] {
        let id = try OrgID(org)
        return [Reports.opportunitiesBySource(org: id, config: schema),
                try Reports.journeySessions(org: id, journeyID: DemoCatalog.journeys[0].id, since: "2024-01-01", config: schema),
                try Reports.portalSessions(org: id, app: DemoCatalog.customerPortal, since: "2024-01-01", config: schema)]
    }

    /// Every view and report of an organisation, run through another node, reaches the owning
    /// shard and no other — as the shards' own `system.query_log` shows.
    @Test func queriesTouchOnlyTheOrganisationsShard() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            let loaded = try Self.loadThreeOrgs(lake)
            var queryIDs: [(owner: Int, entry: Int, id: String, what: String)] = []
            for (org, expected) in loaded {
                let owner = try lake.cluster.node(of: org)
                let entry = owner % 3 + 1
                let conn = try lake.cluster.connect(node: entry)
                defer { conn.close() }
                // Each shard holds only its own organisation's rows.
                #expect(try lake.count("\(SQLIdentifier.quote(lake.database)).entity_operations_local WHERE org_id = \(SQLLiteral.string(org))", node: owner)
                        == expected[.entityOperations]?.count)
                let views = OrgViews(org: try OrgID(org), config: lake.schema)
                for suffix in OrgViews.suffixes {
                    let id = UUID().uuidString
                    try conn.execute("SELECT * FROM \(views.qualifiedName(suffix)) FORMAT Null", queryID: id)
                    queryIDs.append((owner, entry, id, views.name(suffix)))
                }
                for d in Dataset.allCases {
                    #expect(try lake.count(views.qualifiedName(finalViewOf[d] ?? ""), node: entry) == expected[d]?.count ?? 0, "\(org) \(d)")
                }
                for report in try Self.reports(org, lake.schema) {
                    let id = UUID().uuidString
                    try conn.execute(report.sql, parameters: report.parameters, queryID: id)
                    queryIDs.append((owner, entry, id, "report \(report.name) of \(org)"))
                }
            }
            // The control: the same kind of query with pruning off reaches every shard, so the
            // check below would see a fan-out.
            let control = UUID().uuidString
            do {
                let conn = try lake.cluster.connect(node: 1)
                defer { conn.close() }
                try conn.execute("SELECT count() FROM \(lake.schema.qualified("entity_operations")) FINAL WHERE org_id = {o:String} SETTINGS optimize_skip_unused_shards = 0",
                                 parameters: ["o": ids[1]], queryID: control)
            }
            var secondary: [Int: [String: Int]] = [:]
            for n in 1...3 {
                let c = try lake.cluster.connect(node: n)
                defer { c.close() }
                try c.execute("SYSTEM FLUSH LOGS")
                let rows = try ResultTable.query("""
                    SELECT initial_query_id, count() FROM system.query_log
                    WHERE type = 'QueryFinish' AND NOT is_initial_query AND event_date >= yesterday()
                    GROUP BY initial_query_id
                    """, on: c).rows
                secondary[n] = Dictionary(rows.map { ($0[0], Int($0[1]) ?? 0) }, uniquingKeysWith: +)
            }
            for q in queryIDs {
                let third = 6 - q.owner - q.entry
                #expect((secondary[q.owner]?[q.id] ?? 0) > 0, "\(q.what): the owning node \(q.owner) got no query")
                #expect(secondary[third]?[q.id] == nil, "\(q.what): node \(third) was queried too")
            }
            #expect(secondary[2]?[control] != nil && secondary[3]?[control] != nil, "the control query did not fan out")
            print("cluster pruning: \(queryIDs.count) view and report queries, each reached its organisation's shard and not the third node")
        }
    }

    /// With one shard down, the other organisations' views and reports work through any live
    /// node; the dead shard's organisation gets an error naming the node, never partial rows.
    @Test func shardDownOthersKeepWorking() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            let loaded = try Self.loadThreeOrgs(lake)
            let dead = 2
            lake.cluster.kill(node: dead)
            defer { try? lake.cluster.revive(node: dead) }
            for entry in [1, 3] {
                let conn = try lake.cluster.connect(node: entry)
                defer { conn.close() }
                for (org, expected) in loaded {
                    let views = OrgViews(org: try OrgID(org), config: lake.schema)
                    if try lake.cluster.node(of: org) == dead {
                        let error = #expect(throws: ClickHouseError.self) {
                            _ = try conn.queryAll("SELECT count() FROM \(views.qualifiedName("entity_operations_final"))")
                        }
                        #expect(String(describing: error).contains("127.0.0.1:\(lake.cluster.cluster.port + dead - 1)"), "\(String(describing: error))")
                        continue
                    }
                    for d in Dataset.allCases {
                        let n = Int(try ResultTable.query("SELECT count() FROM \(views.qualifiedName(finalViewOf[d] ?? ""))", on: conn).rows[0][0])
                        #expect(n == expected[d]?.count ?? 0, "\(org) \(d) through node \(entry)")
                    }
                    for report in try Self.reports(org, lake.schema) { #expect(try !report.run(on: conn).rows.isEmpty) }
                }
            }
        }
    }
}

extension ClusterTests {
    /// A client given every node (`fallbackAddresses`, the CLI's `--host h1:p1,h2:p2`) keeps
    /// working when its entry node dies mid-session: the open connection fails, the next one
    /// goes to the next live node, and every organisation not on the dead shard is served.
    @Test func anyNodeServesWhenTheEntryNodeDies() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            let loaded = try Self.loadThreeOrgs(lake)
            var config = lake.cluster.configuration(node: 1)
            config.fallbackAddresses = [2, 3].map { ServerAddress(host: "127.0.0.1", port: lake.cluster.configuration(node: $0).port) }
            func count(_ org: String, on conn: Connection) throws -> Int {
                Int(try ResultTable.query("SELECT count() FROM \(OrgViews(org: try OrgID(org), config: lake.schema).qualifiedName("entity_operations_final"))", on: conn).rows[0][0]) ?? -1
            }
            let session = try Connection(configuration: config)
            defer { session.close() }
            #expect(try ResultTable.query("SELECT tcpPort()", on: session).rows[0][0] == String(lake.cluster.cluster.port))
            #expect(try count(ids[1], on: session) == loaded[1].expected[.entityOperations]?.count)
            lake.cluster.kill(node: 1)
            defer { try? lake.cluster.revive(node: 1) }
            #expect(throws: (any Error).self) { _ = try count(ids[1], on: session) }
            let next = try Connection(configuration: config)
            defer { next.close() }
            #expect(try ResultTable.query("SELECT tcpPort()", on: next).rows[0][0] == String(lake.cluster.cluster.port + 1))
            for (i, org) in ids.enumerated() where i > 0 {
                #expect(try count(org, on: next) == loaded[i].expected[.entityOperations]?.count)
            }
            let error = #expect(throws: ClickHouseError.self) { _ = try count(ids[0], on: next) }
            #expect(String(describing: error).contains("127.0.0.1:\(lake.cluster.cluster.port)"), "\(String(describing: error))")
        }
    }
}
