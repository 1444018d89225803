import CHNative
import Testing
@testable import Datalake

@Suite("Schema on ClickHouse 26.9")
struct SchemaTests {
    @Test func applyIsIdempotent() throws {
        try TestLake.with(orgs: []) { lake in
            let manager = SchemaManager(config: lake.schema)
            let again = try manager.apply(on: lake.conn)
            #expect(again.applied.isEmpty)
            #expect(try manager.appliedVersions(on: lake.conn) == Migrations.all.map(\.version))
            let tables = try lake.table("SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name", ["db": lake.schema.database]).column("name")
            for t in ["entity_operations", "entity_latest", "entity_latest_mv", "workflow_executions", "journey_sessions",
                      "journey_events", "portal_sessions", "portal_events", "organisations", "schema_migrations"] {
                #expect(tables.contains(t), "\(t) missing")
            }
            #expect(try manager.apply(on: lake.conn).applied.isEmpty)
            #expect(try lake.count(lake.schema.qualified("schema_migrations")) == Migrations.all.count)
        }
    }

    @Test func numericOrganisationGetsQuotedViews() throws {
        try TestLake.with(orgs: ["4711", "raven"]) { lake in
            let names = try lake.table("SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE '4711\\_%'", ["db": lake.schema.database]).column("name")
            #expect(Set(names) == Set(OrgViews.suffixes.map { "4711_" + $0 }))
            for s in OrgViews.suffixes { #expect(try lake.count(try lake.view("4711", s)) == 0) }
            // Adding again replaces the views and keeps one registry row.
            try SchemaManager(config: lake.schema).addOrganisation(try OrgID("4711"), name: "Renamed", on: lake.conn)
            let orgs = try SchemaManager(config: lake.schema).organisations(on: lake.conn)
            #expect(orgs.map(\.id.rawValue) == ["4711", "raven"])
            #expect(orgs.first?.name == "Renamed")
        }
    }

    /// A registry row whose id is not a valid organisation id (written behind the lake's back)
    /// is reported, not silently left out of the list.
    @Test func anInvalidRegisteredIdIsAnErrorNotOmitted() throws {
        try TestLake.with(orgs: ["raven"]) { lake in
            try lake.conn.execute("INSERT INTO \(lake.schema.qualified("organisations")) (org_id, name) VALUES ('bad id; --', 'x')")
            let error = #expect(throws: (any Error).self) { _ = try SchemaManager(config: lake.schema).organisations(on: lake.conn) }
            #expect("\(String(describing: error))".contains("bad id"))
        }
    }

    @Test func clusterVariantParses() throws {
        let conn = try TestServer.connect()
        defer { conn.close() }
        let config = SchemaConfiguration(database: "datawarehouse", cluster: "lake_cluster")
        let script = SchemaManager(config: config).script(orgs: [try OrgID("4711")])
        #expect(script.allSatisfy { $0.contains("ON CLUSTER `lake_cluster`") })
        #expect(script.contains { $0.contains("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/datawarehouse/entity_operations_local', '{replica}')") })
        #expect(script.contains { $0.contains("ENGINE = Distributed('lake_cluster', 'datawarehouse', 'entity_operations_local', cityHash64(`org_id`))") })
        #expect(script.contains { $0.contains("TO `datawarehouse`.`entity_latest_local`") })
        for statement in script {
            let formatted = try ResultTable.query("SELECT formatQuery({q:String})", parameters: ["q": statement], on: conn)
            #expect(formatted.rows.count == 1)
        }
    }

    @Test func migrationsAreRecordedWithChecksums() throws {
        try TestLake.with(orgs: []) { lake in
            let rows = try lake.table("SELECT version, checksum FROM \(lake.schema.qualified("schema_migrations")) ORDER BY version").rows
            #expect(rows.map { $0[0] } == Migrations.all.map { String($0.version) })
            #expect(rows.map { $0[1] } == Migrations.all.map { $0.checksum(lake.schema) })
        }
    }
}
