import CHNative
import Foundation
import Testing
@testable import Datalake

extension ClusterTests {
    /// The server's error code for `sql`, or `nil` when it ran.
    static func errorCode(_ sql: String, on conn: Connection) -> Int32? {
        do {
            _ = try conn.queryAll(sql)
            return nil
        } catch {
            return (error as? ClickHouseError)?.serverCode ?? -1
        }
    }

    /// The configuration of `issued`'s login through `node`.
    static func login(_ issued: IssuedCredential, node: Int, _ lake: ClusterLake) -> ConnectionConfiguration {
        var config = lake.cluster.configuration(node: node)
        config.user = issued.credential.username
        config.password = issued.password
        config.database = lake.database
        return config
    }

    /// A credential generated on the cluster works through every node and reads only its
    /// organisation's rows — through the `Distributed` tables (the other shards run the query as
    /// the credential's user, passed by the inter-server secret) and the shard-local tables —
    /// with other organisations' data on every shard; a revoked one fails on every node; a node
    /// down during generate is named and nothing is provisioned.
    @Test func credentialsOnEveryNode() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            let loaded = try Self.loadThreeOrgs(lake)
            let org = ids[1]
            let manager = CredentialManager(
                admin: lake.cluster.configuration(node: 1), schema: lake.schema,
                backend: ClusterCredentialBackend(cluster: lake.cluster.cluster, schema: lake.schema),
                endpoint: ConnectionEndpoint(host: "127.0.0.1", port: lake.cluster.cluster.port, database: lake.database))
            let issued = try manager.generate(org: org)
            defer { _ = try? manager.revoke(issued.credential.username) }
            let db = SQLIdentifier.quote(lake.database)
            var checked = 0
            for node in 1...3 {
                let conn = try Connection(configuration: Self.login(issued, node: node, lake))
                defer { conn.close() }
                #expect(try manager.list().map(\.username).contains(issued.credential.username))
                for table in AccessPolicy.datasetTables {
                    for name in [table, table + "_local"] {
                        let row = try ResultTable.query("SELECT count(), countIf(org_id != {o:String}) FROM \(db).\(SQLIdentifier.quote(name))", parameters: ["o": org], on: conn).rows[0]
                        #expect(row[1] == "0", "node \(node): \(name) shows other organisations' rows")
                        if name == table, table == "entity_operations" {
                            #expect(Int(row[0]) == loaded[1].expected[.entityOperations]?.count, "node \(node): \(name)")
                        }
                        checked += 1
                    }
                }
                for other in ids where other != org {
                    for suffix in OrgViews.suffixes {
                        #expect(Self.errorCode("SELECT count() FROM \(db).\(SQLIdentifier.quote(other + "_" + suffix))", on: conn) == 497, "node \(node): \(other)_\(suffix)")
                        checked += 1
                    }
                }
                let own = OrgViews(org: try OrgID(org), config: lake.schema)
                for suffix in OrgViews.suffixes {
                    let row = try ResultTable.query("SELECT count(), countIf(org_id != {o:String}) FROM \(own.qualifiedName(suffix))", parameters: ["o": org], on: conn).rows[0]
                    #expect(row[1] == "0", "node \(node): \(suffix)")
                    checked += 1
                }
                for d in Dataset.allCases {
                    let n = Int(try ResultTable.query("SELECT count() FROM \(own.qualifiedName(finalViewOf[d] ?? ""))", on: conn).rows[0][0])
                    #expect(n == loaded[1].expected[d]?.count ?? 0, "node \(node): own view \(d)")
                }
                for forbidden in ["\(db).organisations", "\(db).credentials", "\(db).schema_migrations", "system.users", "system.query_log"] {
                    #expect(Self.errorCode("SELECT count() FROM \(forbidden)", on: conn) != nil, "node \(node): \(forbidden) readable")
                }
                #expect(Self.errorCode("INSERT INTO \(db).entity_operations (org_id) VALUES ('x')", on: conn) != nil)
                #expect(Self.errorCode("SELECT count() FROM remote('127.0.0.1:\(lake.cluster.cluster.port)', system.one)", on: conn) != nil)
            }
            // The shard holding the rows ran the remote part as the credential's user, not as `default`.
            do {
                var config = lake.cluster.configuration(node: 1)
                config.user = issued.credential.username
                config.password = issued.password
                let conn = try Connection(configuration: config)
                let id = UUID().uuidString
                try conn.execute("SELECT count() FROM \(db).entity_operations", queryID: id)
                conn.close()
                let owner = try lake.cluster.connect(node: 2)
                defer { owner.close() }
                try owner.execute("SYSTEM FLUSH LOGS")
                let users = try ResultTable.query("SELECT DISTINCT user FROM system.query_log WHERE initial_query_id = {id:String} AND NOT is_initial_query",
                                                  parameters: ["id": id], on: owner).column("user")
                #expect(users == [issued.credential.username], "shard 2 ran the query as \(users)")
            }
            try manager.revoke(issued.credential.username)
            for node in 1...3 {
                var config = lake.cluster.configuration(node: node)
                config.user = issued.credential.username
                config.password = issued.password
                #expect(throws: (any Error).self) { try Connection(configuration: config).close() }
            }
            // A node down during generate: named, and no node gets the credential.
            lake.cluster.cluster.stop(node: 3)
            defer { try? lake.cluster.revive(node: 3) }
            let error = #expect(throws: (any Error).self) { _ = try manager.generate(org: org) }
            #expect(String(describing: error).contains("(shard 3) is unreachable"), "\(String(describing: error))")
            #expect(try manager.list(org: org).isEmpty)
            print("cluster credentials: \(checked) table and view reads through 3 nodes showed only \(org)'s rows or were refused; revoked login refused on all 3 nodes")
        }
    }

    /// Each node counts the queries that come in through it, so each gets its share of the
    /// budget: with 30 queries an hour on 3 nodes, 10 through each, 30 in all — not 30 per node.
    @Test func theQuotaBudgetHoldsForTheWholeCluster() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            var policy = AccessPolicy()
            policy.queriesPerHour = 30
            let manager = CredentialManager(
                admin: lake.cluster.configuration(node: 1), schema: lake.schema,
                backend: ClusterCredentialBackend(cluster: lake.cluster.cluster, schema: lake.schema, policy: policy),
                endpoint: ConnectionEndpoint(host: "127.0.0.1", port: lake.cluster.cluster.port, database: lake.database))
            let issued = try manager.generate(org: ids[0])
            defer { _ = try? manager.revoke(issued.credential.username) }
            var allowed: [Int] = []
            for node in 1...3 {
                let conn = try Connection(configuration: Self.login(issued, node: node, lake))
                defer { conn.close() }
                var ran = 0
                var refusal: Int32?
                // (26.9 does not count a bare `SELECT 1`; a table function is counted.)
                while ran < 40, refusal == nil {
                    if let code = Self.errorCode("SELECT number FROM numbers(1)", on: conn) { refusal = code } else { ran += 1 }
                }
                #expect(refusal == 201, "node \(node): \(ran) queries, then \(String(describing: refusal))")
                allowed.append(ran)
            }
            #expect(allowed == [10, 10, 10])
            print("cluster quota: 30 queries an hour on 3 nodes -> \(allowed) through nodes 1-3 (\(allowed.reduce(0, +)) in all)")
        }
    }
}
