import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

@Suite("Reports on ClickHouse 26.9")
struct ReportTests {
    @Test func threeReportsAndHTML() throws {
        try TestLake.with { lake in
            var lines: [String] = []
            try DemoGenerator(scale: 0.05).generate { lines.append($0) }
            #expect(try lake.ingest(lines).isEmpty)
            let org = try OrgID("raven")

            let opp = try Reports.opportunitiesBySource(org: org, config: lake.schema).run(on: lake.conn)
            #expect(opp.columns == ["month", "source", "opportunities"])
            #expect(Set(opp.column("source")).isSuperset(of: ["Wallbox Konfigurator", "Energieausweis bestellen"]))
            let created = try lake.table("""
                SELECT count() FROM \(try lake.view("raven", "entity_operations_final"))
                WHERE schema = 'opportunity' AND operation = 'createEntity'
                """).rows[0][0]
            #expect(opp.numbers("opportunities").reduce(0, +) == Double(created))

            let journeys = try Reports.journeySessions(org: org, journeyID: "jrn-energieausweis", since: "2025-06-01", config: lake.schema).run(on: lake.conn)
            #expect(!journeys.rows.isEmpty)
            #expect(journeys.column("journey_id").allSatisfy { $0 == "jrn-energieausweis" })
            #expect(journeys.column("start_time").allSatisfy { $0 >= "2025-06-01" })

            let portal = try Reports.portalSessions(org: org, app: "customer portal", since: "2025-06-01", config: lake.schema).run(on: lake.conn)
            #expect(!portal.rows.isEmpty)
            #expect(portal.column("email").allSatisfy { $0.hasSuffix("@example.de") })

            #expect(throws: DatalakeError.self) { try Reports.portalSessions(org: org, app: "x", since: "2025-13-01'", config: lake.schema) }

            let html = try HTMLReport(org: org, orgName: "Raven Energy GmbH", config: lake.schema).render(on: lake.conn)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.components(separatedBy: "<svg").count - 1 >= 5)
            #expect(!html.contains("<script"))
            let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") && !$0.hasPrefix("s://www.raven-energy.de") && !$0.hasPrefix("s://www.google.com") }
            #expect(external.isEmpty, "\(external.prefix(3))")
        }
    }
}
