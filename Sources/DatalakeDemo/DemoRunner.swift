import Datalake
import CHNative
import Foundation

/// The `datalake demo` main job: embedded server, schema, demo organisation through the real
/// ingestion path, connection details, the three reports and the HTML report.
public struct DemoRunner: Sendable {
    /// The embedded server to start (or reuse).
    public var server: EmbeddedServer
    /// Volume of the generated organisation.
    public var scale: Double = 1
    /// Where the HTML report goes (default: `report.html` in the server directory).
    public var htmlPath: String?
    /// The data lake database.
    public var schema = SchemaConfiguration()
    /// Date the session reports start at.
    public var since = "2025-12-01"
    /// Whether a progress bar is drawn during ingestion.
    public var progress = true
    /// What was done so the printed ODBC connection strings work (the driver's registration),
    /// shown with them.
    public var odbcNote: String?

    /// A demo on `server`.
    public init(server: EmbeddedServer) { self.server = server }

    /// Runs every step, printing through `say`. Returns the path of the HTML report.
    @discardableResult
    public func run(say: (String) -> Void) throws -> String {
        let clock = Date()
        say("1. Starting the embedded ClickHouse 26.9 (data: \(server.directory)) ...")
        let started = try server.start()
        say(started ? "   started on 127.0.0.1:\(server.port)" : "   already running on 127.0.0.1:\(server.port)")
        var timeouts = Timeouts()
        timeouts.connect = 10
        let connection = ConnectionConfiguration(host: "127.0.0.1", port: server.port, user: "default", password: "",
                                                 compression: .lz4, timeouts: timeouts, clientName: "datalake-demo")
        let conn = try Connection(configuration: connection)
        defer { conn.close() }
        say("   \(conn.serverInfo.name) \(conn.serverInfo.version) answers on the native protocol")

        say("2. Applying the schema to \(schema.database) ...")
        let manager = SchemaManager(config: schema)
        let applied = try manager.apply(on: conn)
        say(applied.applied.isEmpty ? "   schema is current" : "   applied migrations \(applied.applied.map(String.init).joined(separator: ", "))")
        let org = try OrgID(DemoCatalog.orgID)
        try manager.addOrganisation(org, name: DemoCatalog.orgName, on: conn)
        say("   organisation \(org) (\(DemoCatalog.orgName)) with \(OrgViews.suffixes.count) views")

        let demoDir = server.directory + "/demo"
        try FileManager.default.createDirectory(atPath: demoDir, withIntermediateDirectories: true)
        let file = demoDir + "/raven-energy-scale-\(scale).ndjson"
        say("3. Generating \(DemoCatalog.orgName) (scale \(scale)) into \(file) ...")
        let counts = try DemoGenerator(scale: scale).write(toFile: file)
        say("   \(counts.values.reduce(0, +)) events: " + Dataset.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))

        say("4. Ingesting through the ingestion path (validation, batches, native inserts) ...")
        let ingestConfig = IngestConfiguration(connection: connection, schema: schema)
        let dead = try DeadLetterFile(path: demoDir + "/dead-letters.ndjson")
        let ingestor = Ingestor(config: ingestConfig, validator: EventValidator(knownOrgs: [org.rawValue]), deadLetters: dead)
        let reader = try LineReader(path: file)
        try ingestor.ingest(reader, source: file, progress: progress ? ProgressBar(label: "   ingest", total: reader.fileSize) : nil)
        let summary = try ingestor.finish()
        say(String(format: "   %d events accepted, %d rejected in %.2f s (%.0f events/s, %d inserts, %d retries, max commit latency %.3f s)",
                   summary.accepted, summary.rejected, summary.seconds, summary.eventsPerSecond,
                   summary.writer.inserts, summary.writer.retries, summary.writer.maxCommitLatency))
        let freshness = try FreshnessProbe.measure(config: ingestConfig)
        say(String(format: "   freshness probe: an event handed to the ingestion path was queryable after %.0f ms", freshness * 1000))

        say("5. Row counts (physical rows include versions and replays that merges have not collapsed yet; the views show each row once)")
        let views = OrgViews(org: org, config: schema)
        for table in Tables.datasets.map(\.name) + ["entity_latest"] {
            let n = try ResultTable.query("SELECT count() FROM \(schema.qualified(table)) WHERE org_id = {o:String}", parameters: ["o": org.rawValue], on: conn).rows.first?.first ?? "?"
            say("   \(table.padding(toLength: 38, withPad: " ", startingAt: 0)) \(n) physical rows")
        }
        for suffix in OrgViews.suffixes {
            let n = try ResultTable.query("SELECT count() FROM \(views.qualifiedName(suffix))", on: conn).rows.first?.first ?? "?"
            say("   \(views.name(suffix).padding(toLength: 38, withPad: " ", startingAt: 0)) \(n) rows")
        }

        say("6. Connect with any SQL client or BI tool")
        say("   host 127.0.0.1, port \(server.port) (native protocol), database \(schema.database), user default, no password")
        say("   ODBC: Driver={ClickHouse Native (Unicode)};Server=127.0.0.1;Port=\(server.port);Database=\(schema.database);UID=default;PWD=;")
        if let odbcNote { say("   " + odbcNote) }
        say("   CLI:  datalake query --port \(server.port) \"SELECT * FROM \(schema.database).\(SQLIdentifier.quote(views.name("current_entities_final"))) LIMIT 5\"")

        say("7. Reports")
        for report in [Reports.opportunitiesBySource(org: org, config: schema),
                       try Reports.journeySessions(org: org, journeyID: DemoCatalog.journeys[0].id, since: since, config: schema),
                       try Reports.portalSessions(org: org, app: DemoCatalog.customerPortal, since: since, config: schema)] {
            let table = try report.run(on: conn)
            say("   == \(report.name): \(report.title) (\(table.rows.count) rows)")
            for line in table.formatted(limit: 8).split(separator: "\n") { say("   " + line) }
        }

        let html = htmlPath ?? server.directory + "/report.html"
        let page = try HTMLReport(org: org, orgName: DemoCatalog.orgName, config: schema).render(on: conn, since: "2025-10-01")
        try page.write(toFile: html, atomically: true, encoding: .utf8)
        say("8. HTML report: \(html) (\(page.utf8.count / 1024) KiB, self-contained)")
        conn.close()
        try showCredential(org: org, connection: connection, say: say)
        let stop = server.directory == EmbeddedServer(directory: EmbeddedServer.defaultDirectory).directory
            ? "datalake server stop" : "datalake server stop --data \(server.directory)"
        say(String(format: "Done in %.1f s. The server keeps running; stop it with: ", Date().timeIntervalSince(clock)) + stop)
        return html
    }

    /// Step 9: a credential for the organisation, and what it can and cannot read.
    func showCredential(org: OrgID, connection: ConnectionConfiguration, say: (String) -> Void) throws {
        say("9. A credential for \(DemoCatalog.orgName) (users file of the embedded server, which restarts to apply it) ...")
        let manager = CredentialManager(
            admin: connection, schema: schema, backend: UsersXMLBackend.embedded(directory: server.directory, schema: schema),
            endpoint: ConnectionEndpoint(host: "127.0.0.1", port: server.port, database: schema.database))
        let issued = try manager.generate(org: org.rawValue)
        for (label, value) in issued.details { say("   \(label): \(value)") }
        say("   (the password is shown only now; `datalake credentials list` shows the user, never the password)")
        var customerConfig = connection
        customerConfig.user = issued.credential.username
        customerConfig.password = issued.password
        customerConfig.database = schema.database
        let customer = try Connection(configuration: customerConfig)
        defer { customer.close() }
        let orgs = try ResultTable.query("SELECT count(), uniqExact(org_id) FROM entity_operations", on: customer).rows.first ?? []
        say("   as \(issued.credential.username): entity_operations shows \(orgs.first ?? "?") rows of \(orgs.last ?? "?") organisation")
        do {
            _ = try customer.queryAll("SELECT count() FROM system.users")
            say("   as \(issued.credential.username): system.users is readable (unexpected)")
        } catch {
            say("   as \(issued.credential.username): system.users is refused — \(String(describing: error).prefix(90))…")
        }
        var hint = "datalake credentials revoke \(issued.credential.username)"
        if server.port != 9000 { hint += " --port \(server.port)" }
        if server.directory != EmbeddedServer(directory: EmbeddedServer.defaultDirectory).directory { hint += " --data \(server.directory)" }
        say("   revoke it with: " + hint)
    }
}
