import ArgumentParser
import CHNative
import Datalake
import DatalakeDemo
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run one of the example reports, or write the HTML report.",
        discussion: """
        Reports: opportunities-by-source; journey-sessions (--journey, --since); portal-sessions (--app, --since).
        With --html FILE, writes one self-contained HTML page with charts instead.
        """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var lake: LakeOptions
    @Option(help: "Organisation id.")
    var org: String = DemoCatalog.orgID
    @Option(help: "Journey id for journey-sessions.")
    var journey: String = "jrn-wallbox-konfigurator"
    @Option(help: "App name for portal-sessions.")
    var app: String = "customer portal"
    @Option(help: "First day (YYYY-MM-DD) for the session reports.")
    var since: String = "2025-12-01"
    @Option(help: "Rows to print at most.")
    var limit: Int?
    @Flag(help: "Print tab-separated values instead of an aligned table.")
    var tsv = false
    @Option(help: "Write the HTML report to this file.")
    var html: String?
    @Argument(help: "Report name: \(Reports.names.joined(separator: ", ")).")
    var name: String?

    func run() throws {
        try reportingErrors {
            let id = try OrgID(org)
            let conn = try Connection(configuration: try connection.configuration())
            defer { conn.close() }
            if let html {
                let orgName = try SchemaManager(config: lake.schema).organisations(on: conn).first { $0.id == id }?.name ?? org
                let page = try HTMLReport(org: id, orgName: orgName, config: lake.schema).render(on: conn, since: since)
                try page.write(toFile: html, atomically: true, encoding: .utf8)
                Output.print("wrote \(html) (\(page.utf8.count) bytes)")
                if name == nil { return }
            }
            guard let name else { throw ValidationError("name a report (\(Reports.names.joined(separator: ", "))) or give --html FILE") }
            let report = try ReportCommand.report(name, org: id, journey: journey, app: app, since: since, schema: lake.schema)
            let table = try report.run(on: conn)
            if tsv {
                Output.print(table.columns.joined(separator: "\t"))
                for row in table.rows.prefix(limit ?? Int.max) { Output.print(row.joined(separator: "\t")) }
            } else {
                Output.print("\(report.title) (\(table.rows.count) rows)")
                Output.print(table.formatted(limit: limit))
            }
        }
    }

    static func report(_ name: String, org: OrgID, journey: String, app: String, since: String, schema: SchemaConfiguration) throws -> Report {
        switch name {
        case "opportunities-by-source": return Reports.opportunitiesBySource(org: org, config: schema)
        case "journey-sessions": return try Reports.journeySessions(org: org, journeyID: journey, since: since, config: schema)
        case "portal-sessions": return try Reports.portalSessions(org: org, app: app, since: since, config: schema)
        default: throw ValidationError("unknown report '\(name)': use \(Reports.names.joined(separator: ", "))")
        }
    }
}
