import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

/// The data lake on a real 3-node cluster of embedded ClickHouse 26.9 servers (one shard each,
/// `Distributed` tables, DDL sent to every node). Serialized: some tests stop nodes.
@Suite("Cluster: 3 embedded ClickHouse 26.9 nodes", .serialized, .enabled(if: chdbAvailable))
struct ClusterTests {
    /// The client-side shard equals the server's `cityHash64(org_id) % 3` and the node a
    /// `Distributed` insert really puts the row on, for thousands of ids.
    @Test func routingEqualsTheDistributedKey() throws {
        try ClusterLake.with(orgs: []) { lake in
            var ids: [String] = (0..<2_000).map { "org-\($0)" }
            var rng = SeededRandom(seed: 15)
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
            for _ in 0..<1_500 {
                let n = Int(rng.next() % 64) + 1
                ids.append(String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
            }
            // Longer and non-ASCII strings reach every branch of CityHash64 (0, 1-3, 4-8, 9-16, 17-32, 33-64, > 64 bytes).
            for n in [0, 65, 100, 127, 128, 129, 200, 300, 1000] { ids.append(String(repeating: "ä", count: n / 2) + String(n)) }
            ids.append("")
            let router = try ShardRouter(shardCount: TestCluster.shards)
            let db = SQLIdentifier.quote(lake.database)
            for n in 1...TestCluster.shards {
                let c = try lake.cluster.connect(node: n)
                defer { c.close() }
                try c.execute("CREATE TABLE \(db).routing_local (id String) ENGINE = MergeTree ORDER BY id")
                try c.execute("CREATE TABLE \(db).routing AS \(db).routing_local ENGINE = Distributed('lake', \(SQLLiteral.string(lake.database)), 'routing_local', cityHash64(id))")
            }
            let entry = try lake.cluster.connect(node: 2)
            defer { entry.close() }
            try entry.insert(into: "routing", database: lake.database, blocks: [try Block([("id", StringColumn(ids))])],
                             settings: ["distributed_foreground_insert": "1"])
            var mismatches: [String] = []
            var placed = 0
            for n in 1...TestCluster.shards {
                let c = try lake.cluster.connect(node: n)
                defer { c.close() }
                let rows = try ResultTable.query("SELECT id, toString(cityHash64(id)), toString(cityHash64(id) % 3) FROM \(db).routing_local", on: c).rows
                for row in rows {
                    placed += 1
                    if CityHash64.hash(row[0]) != UInt64(row[1]) { mismatches.append("hash of '\(row[0])'") }
                    if router.shard(of: row[0]) != n - 1 || Int(row[2]) != n - 1 { mismatches.append("'\(row[0])' on node \(n)") }
                }
            }
            #expect(placed == ids.count)
            #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
            print("cluster routing: \(ids.count) ids, \(mismatches.count) mismatches between CityHash64/ShardRouter and the Distributed table")
        }
    }

    /// Every node gets the tables; re-running is a no-op; a node that missed the migrations is
    /// caught up; nodes that disagree, an unknown cluster and a node down are clear errors.
    @Test func schemaOnEveryNode() throws {
        try ClusterLake.with(orgs: ["raven"]) { lake in
            let results = try lake.manager.apply()
            #expect(results.count == 3 && results.allSatisfy { $0.result.applied.isEmpty })
            for n in 1...3 {
                let c = try lake.cluster.connect(node: n)
                defer { c.close() }
                let rows = try ResultTable.query("SELECT name, engine FROM system.tables WHERE database = {d:String}", parameters: ["d": lake.database], on: c).rows
                let engines = Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
                #expect(engines["entity_operations_local"] == "ReplacingMergeTree")
                #expect(engines["entity_operations"] == "Distributed")
                #expect(engines["entity_latest_mv"] == "MaterializedView")
                #expect(engines["organisations"] == "ReplacingMergeTree")
                #expect(engines["raven_current_entities_final"] == "View")
                #expect(try lake.count("\(SQLIdentifier.quote(lake.database)).schema_migrations", node: n) == Migrations.all.count)
            }
            // A node that lost its schema (rebuilt, or down during every earlier apply) is caught up.
            do {
                let c = try lake.cluster.connect(node: 3)
                try c.execute("DROP DATABASE \(SQLIdentifier.quote(lake.database)) SYNC")
                c.close()
            }
            // Applying while that node is down names it (the others are current) ...
            lake.cluster.cluster.stop(node: 3)
            let whileDown = #expect(throws: ClusterError.self) { try lake.manager.apply() }
            #expect(String(describing: whileDown).contains("127.0.0.1:\(lake.cluster.cluster.port + 2) (shard 3) is unreachable"), "\(String(describing: whileDown))")
            try lake.cluster.revive(node: 3)
            // ... and running it again once the node is back catches it up.
            let caughtUp = try lake.manager.apply()
            #expect(caughtUp.map { $0.result.applied } == [[], [], Migrations.all.map(\.version)])
            #expect(caughtUp[2].result.refreshedOrgs.map(\.rawValue) == [])  // its registry was gone too
            _ = try lake.manager.addOrganisation(try OrgID("raven"), name: "raven")
            #expect(try lake.count("\(SQLIdentifier.quote(lake.database)).`raven_current_entities_final`", node: 3) == 0)

            // Nodes that disagree on a migration: refused, naming the node.
            do {
                let c = try lake.cluster.connect(node: 2)
                try c.execute("INSERT INTO \(SQLIdentifier.quote(lake.database)).schema_migrations (version, name, checksum) VALUES (2, 'edited', '0000000000000000')")
                c.close()
            }
            let disagree = #expect(throws: ClusterError.self) { try lake.manager.apply() }
            #expect(String(describing: disagree).contains("127.0.0.1:\(lake.cluster.cluster.port + 1)"), "\(String(describing: disagree))")

            // Unknown cluster.
            let unknown = #expect(throws: DatalakeError.self) {
                _ = try ClusterSchemaManager(database: lake.database, cluster: "nope", connection: lake.cluster.configuration(node: 1)).apply()
            }
            #expect(String(describing: unknown).contains("no cluster 'nope'") && String(describing: unknown).contains("lake"))

            // A node down: named; registering an organisation writes nothing anywhere.
            lake.cluster.cluster.stop(node: 3)
            defer { try? lake.cluster.revive(node: 3) }
            let down = #expect(throws: ClusterError.self) { _ = try lake.manager.addOrganisation(try OrgID("acme"), name: "acme") }
            #expect(String(describing: down).contains("127.0.0.1:\(lake.cluster.cluster.port + 2) (shard 3) is unreachable"), "\(String(describing: down))")
            #expect(try lake.count("\(SQLIdentifier.quote(lake.database)).organisations FINAL WHERE org_id = 'acme'", node: 1) == 0)
        }
    }
}
