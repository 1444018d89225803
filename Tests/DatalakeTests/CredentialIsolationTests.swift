import CHNative
import Foundation
import Testing
@testable import Datalake

/// Generated credentials on an embedded ClickHouse 26.9 of their own (users-XML backend, restarted
/// to apply), tried over the native protocol: what they may read, what they may not, quota, revoke.
@Suite("Credentials: isolation over the native protocol (embedded server)", .enabled(if: chdbAvailable), .serialized)
struct CredentialIsolationTests {
    static let rows = ["alpha": 6, "beta": 4, "alpha_x": 3]

    final class Lake: @unchecked Sendable {
        let dir = NSTemporaryDirectory() + "datalake-cred-\(UInt32.random(in: 0...UInt32.max))"
        let server: EmbeddedServer
        let admin: ConnectionConfiguration
        let schema = SchemaConfiguration(database: "datawarehouse")

        init() throws {
            let port = freePort()
            server = EmbeddedServer(directory: dir, port: port, httpPort: freePort())
            admin = ConnectionConfiguration(host: "127.0.0.1", port: port)
            try server.start()
            let conn = try Connection(configuration: admin)
            defer { conn.close() }
            try SchemaManager(config: schema).apply(on: conn)
            for (org, n) in CredentialIsolationTests.rows.sorted(by: { $0.key < $1.key }) {
                try SchemaManager(config: schema).addOrganisation(try OrgID(org), name: org, on: conn)
                try conn.execute("""
                    INSERT INTO datawarehouse.entity_operations (activity_id, entity_id, org_id, operation, schema, timestamp)
                    SELECT concat({o:String}, toString(number)), toString(number), {o:String}, 'createEntity', 'contact', now64(3) FROM numbers({n:UInt32})
                    """, parameters: ["o": org, "n": String(n)])
                try conn.execute("""
                    INSERT INTO datawarehouse.journey_sessions (id, org_id, journey_id, start_time, details, last_updated_at)
                    SELECT toString(number), {o:String}, 'j', now64(3), '{}', now64(3) FROM numbers({n:UInt32})
                    """, parameters: ["o": org, "n": String(n)])
            }
        }

        func manager(policy: AccessPolicy) -> CredentialManager {
            CredentialManager(admin: admin, schema: schema,
                              backend: UsersXMLBackend.embedded(directory: dir, policy: policy, schema: schema),
                              endpoint: ConnectionEndpoint(host: "127.0.0.1", port: admin.port, database: schema.database))
        }

        func login(_ issued: IssuedCredential, compression: CompressionMethod = .none) throws -> Connection {
            try Connection(configuration: ConnectionConfiguration(
                host: issued.endpoint.host, port: issued.endpoint.port, user: issued.credential.username,
                password: issued.password, database: issued.endpoint.database, compression: compression))
        }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    /// The server's error code for `sql`, or `nil` when it ran.
    static func code(_ sql: String, on conn: Connection) -> Int32? {
        do {
            _ = try conn.queryAll(sql)
            return nil
        } catch let e as ClickHouseError {
            return e.serverCode ?? -1
        } catch {
            return -2
        }
    }

    static func count(_ sql: String, on conn: Connection) throws -> Int {
        Int(try ResultTable.query(sql, on: conn).rows.first?.first ?? "") ?? -1
    }

    @Test func credentialReadsOnlyItsOrganisationAndNothingElse() throws {
        let lake = try Lake()
        defer { lake.stop() }
        // Small limits so the test can reach them; the documented defaults are AccessPolicy().
        var policy = AccessPolicy()
        policy.queriesPerHour = 150
        policy.maxResultRows = 1000
        let manager = lake.manager(policy: policy)
        let alpha = try manager.generate(org: "alpha")
        let beta = try manager.generate(org: "beta")
        #expect(try manager.list().map(\.username) == [alpha.credential.username, beta.credential.username])
        #expect(try manager.list(org: "beta").map(\.username) == [beta.credential.username])

        for compression in [CompressionMethod.none, .lz4, .zstd] {
            let conn = try lake.login(alpha, compression: compression)
            defer { conn.close() }
            // Its rows, in the shared table and in every base table behind its views.
            let byOrg = try ResultTable.query("SELECT org_id, count() FROM entity_operations GROUP BY org_id", on: conn).rows
            #expect(byOrg == [["alpha", "6"]])
            for table in AccessPolicy.datasetTables {
                #expect(try Self.count("SELECT count() FROM datawarehouse.\(table) WHERE org_id != 'alpha'", on: conn) == 0, "\(table)")
            }
            #expect(try Self.count("SELECT count() FROM datawarehouse.journey_sessions", on: conn) == 6)
            for suffix in OrgViews.suffixes {
                #expect(Self.code("SELECT count() FROM datawarehouse.alpha_\(suffix)", on: conn) == nil, "alpha_\(suffix)")
            }
            #expect(try Self.count("SELECT count() FROM datawarehouse.alpha_entity_operations_final", on: conn) == 6)
        }

        let conn = try lake.login(alpha)
        defer { conn.close() }
        let accessDenied: Int32 = 497
        let refused: [(String, Set<Int32>)] = [
            ("SELECT count() FROM datawarehouse.beta_entity_operations_final", [accessDenied]),
            ("SELECT count() FROM datawarehouse.beta_current_entities_final", [accessDenied]),
            ("SELECT count() FROM datawarehouse.alpha_x_entity_operations_final", [accessDenied]),
            ("SELECT count() FROM datawarehouse.organisations", [accessDenied]),
            ("SELECT count() FROM datawarehouse.credentials", [accessDenied]),
            ("SELECT count() FROM datawarehouse.schema_migrations", [accessDenied]),
            ("SELECT count() FROM system.users", [accessDenied]),
            ("SELECT count() FROM system.grants", [accessDenied]),
            ("SELECT count() FROM system.row_policies", [accessDenied]),
            ("SELECT count() FROM system.quotas", [accessDenied]),
            ("SELECT count() FROM system.processes", [accessDenied]),
            ("SELECT count() FROM system.settings_profiles", [accessDenied]),
            ("SELECT * FROM file('/etc/passwd', 'LineAsString')", [accessDenied]),
            ("INSERT INTO datawarehouse.entity_operations (activity_id, org_id) SELECT 'x', 'alpha'", [accessDenied, 164]),
            ("ALTER TABLE datawarehouse.entity_operations DELETE WHERE 1", [accessDenied, 164]),
            ("ALTER TABLE datawarehouse.entity_operations ADD COLUMN x UInt8", [accessDenied, 164]),
            ("DROP TABLE datawarehouse.entity_operations", [accessDenied, 164]),
            ("TRUNCATE TABLE datawarehouse.journey_events", [accessDenied, 164]),
            ("CREATE TABLE datawarehouse.mine (a UInt8) ENGINE = Memory", [accessDenied, 164]),
            ("CREATE USER intruder", [accessDenied, 164]),
            ("GRANT SELECT ON datawarehouse.beta_entity_operations_final TO \(alpha.credential.username)", [accessDenied, 164]),
            ("SELECT 1 SETTINGS readonly = 0", [164]),
            ("SELECT 1 SETTINGS max_execution_time = 100000", [452]),
            ("SELECT 1 SETTINGS max_result_rows = 100000", [452]),
            ("SELECT number FROM system.numbers LIMIT 5000", [396]),
        ]
        for (sql, codes) in refused {
            let got = Self.code(sql, on: conn)
            #expect(got.map { codes.contains($0) } == true, "\(sql): got \(got.map(String.init) ?? "success"), expected \(codes.sorted())")
        }
        // The refused statements changed nothing.
        let check = try Connection(configuration: lake.admin)
        defer { check.close() }
        #expect(try Self.count("SELECT count() FROM datawarehouse.entity_operations", on: check) == 13)
        #expect(try Self.count("SELECT count() FROM system.tables WHERE database = 'datawarehouse' AND name = 'mine'", on: check) == 0)

        // The quota: queries per hour run out with a clear error (code 201, QUOTA_EXCEEDED).
        // (ClickHouse 26.9 does not count a bare `SELECT 1` against the quota, so read a table.)
        var quotaCode: Int32?
        for _ in 0..<200 {
            if let c = Self.code("SELECT number FROM numbers(1)", on: conn) { quotaCode = c; break }
        }
        #expect(quotaCode == 201)
        // Beta's budget is its own.
        let betaConn = try lake.login(beta)
        #expect(try ResultTable.query("SELECT org_id, count() FROM entity_operations GROUP BY org_id", on: betaConn).rows == [["beta", "4"]])

        // Revoke: the open session cannot run new queries, the next login fails, twice is an error.
        try manager.revoke(beta.credential.username)
        #expect(Self.code("SELECT 1", on: betaConn) != nil)
        betaConn.close()
        var loginCode: Int32?
        do { _ = try lake.login(beta) } catch let e as ClickHouseError { loginCode = e.serverCode }
        #expect(loginCode == 516)
        #expect(throws: DatalakeError.self) { try manager.revoke(beta.credential.username) }
        #expect(try manager.list().map(\.username) == [alpha.credential.username])
        // The admin still sees every organisation's rows.
        let admin = try Connection(configuration: lake.admin)
        defer { admin.close() }
        #expect(try Self.count("SELECT uniqExact(org_id) FROM datawarehouse.entity_operations", on: admin) == 3)
    }

    @Test func badInputChangesNothing() throws {
        let lake = try Lake()
        defer { lake.stop() }
        let manager = lake.manager(policy: AccessPolicy())
        let kept = try manager.generate(org: "alpha")
        let file = lake.dir + "/users.d/datalake-credentials.xml"
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let pid = lake.server.runningPID
        let attempts: [() throws -> Void] = [
            { _ = try manager.generate(org: "ghost") },
            { _ = try manager.generate(org: "a'b") },
            { _ = try manager.generate(org: "a`b") },
            { _ = try manager.generate(org: "a;DROP USER default") },
            { _ = try manager.generate(org: "") },
            { try manager.revoke("dl_alpha_nosuchone") },
            { try manager.revoke("x' OR 1=1 --") },
            { try manager.revoke("dl_alpha`; DROP TABLE t") },
            { try manager.revoke(kept.credential.username, org: "beta") },
            { _ = try manager.list(org: "ghost") },
        ]
        for attempt in attempts {
            #expect(throws: DatalakeError.self) { try attempt() }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        #expect(lake.server.runningPID == pid, "no restart for refused input")
        #expect(try manager.list().map(\.username) == [kept.credential.username])
        let conn = try lake.login(kept)
        conn.close()
    }
}
