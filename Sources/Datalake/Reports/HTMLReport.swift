import CHNative
import Foundation

/// One self-contained HTML page with the charts a BI user would build: opportunities over time
/// by source, the journey step funnel with exits, portal events by type, sessions by device
/// type, workflow outcomes, and the three example reports. Inline SVG and CSS only.
public struct HTMLReport: Sendable {
    /// The organisation reported on.
    public let org: OrgID
    /// Its display name.
    public let orgName: String
    /// Where the data lives.
    public let config: SchemaConfiguration

    /// A report for `org`.
    public init(org: OrgID, orgName: String, config: SchemaConfiguration = SchemaConfiguration()) {
        self.org = org
        self.orgName = orgName
        self.config = config
    }

    /// Queries the lake and renders the page.
    public func render(on conn: Connection, since: String = "2025-10-01") throws -> String {
        let v = OrgViews(org: org, config: config)
        func q(_ sql: String) throws -> ResultTable { try ResultTable.query(sql, on: conn) }
        var sections: [String] = []

        let kpis = try q("""
            SELECT
              (SELECT count() FROM \(v.qualifiedName("current_entities_final"))) AS entities,
              (SELECT count() FROM \(v.qualifiedName("journey_sessions_final"))) AS journey_sessions,
              (SELECT count() FROM \(v.qualifiedName("portal_sessions_final"))) AS portal_sessions,
              (SELECT count() FROM \(v.qualifiedName("workflow_executions_final"))) AS workflows,
              (SELECT countIf(type = 'journey_submit') FROM \(v.qualifiedName("journey_events_final"))) AS submits
            """)
        let k = kpis.rows.first ?? []
        let tiles = zip(["Active entities", "Journey sessions", "Portal sessions", "Workflow executions", "Journey submits"], k)
            .map { "<div class=\"tile\"><div class=\"num\">\($1)</div><div>\($0)</div></div>" }.joined()
        sections.append("<div class=\"tiles\">\(tiles)</div>")

        let opp = try Reports.opportunitiesBySource(org: org, config: config).run(on: conn)
        let months = Array(Set(opp.column("month"))).sorted()
        let sources = Array(Set(opp.column("source"))).sorted()
        var series: [(String, [Double])] = sources.map { ($0, Array(repeating: 0, count: months.count)) }
        for row in opp.rows {
            guard let mi = months.firstIndex(of: row[0]), let si = sources.firstIndex(of: row[1]) else { continue }
            series[si].1[mi] += Double(row[2]) ?? 0
        }
        sections.append(section("Opportunities created per month by source",
            SVGChart.stackedBars(title: "Opportunities per month by source", categories: months.map { String($0.prefix(7)) }, series: series)))

        let funnel = try q("""
            SELECT journey_id, step_number, any(step_name) AS step, uniqExact(session_id) AS sessions
            FROM (
              SELECT journey_id, session_id, 1 AS step_number, JSONExtractString(details, 'stepName') AS step_name
              FROM \(v.qualifiedName("journey_events_final")) WHERE type = 'journey_load_time'
              UNION ALL
              SELECT journey_id, session_id, JSONExtractUInt(details, 'toStepNumber'), JSONExtractString(details, 'toStepName')
              FROM \(v.qualifiedName("journey_events_final")) WHERE type = 'step_navigation'
            )
            GROUP BY journey_id, step_number ORDER BY journey_id, step_number
            """)
        let exits = try q("""
            SELECT journey_id, JSONExtractUInt(details, 'stepNumber') AS step_number, count() AS exits,
                   countIf(type = 'journey_submit') AS submits
            FROM \(v.qualifiedName("journey_events_final")) WHERE type IN ('journey_exit', 'journey_submit')
            GROUP BY journey_id, step_number, type = 'journey_submit'
            """)
        var funnelSVG = ""
        for journey in Array(Set(funnel.column("journey_id"))).sorted() {
            let rows = funnel.rows.filter { $0[0] == journey }
            let labels = rows.map { "\($0[1]). \($0[2])" }
            let reached = rows.map { Double($0[3]) ?? 0 }
            let exitCounts = rows.map { r in exits.rows.filter { $0[0] == journey && $0[1] == r[1] && $0[3] == "0" }.reduce(0) { $0 + (Double($1[2]) ?? 0) } }
            let submits = exits.rows.filter { $0[0] == journey && $0[3] != "0" }.reduce(0) { $0 + (Double($1[3]) ?? 0) }
            funnelSVG += "<h3>\(SVGChart.escape(journey)) — \(Int(submits)) submitted</h3>"
            funnelSVG += SVGChart.horizontalBars(title: "Funnel \(journey)", labels: labels + ["Submitted"], values: reached + [submits],
                                                 secondary: exitCounts + [0], secondaryName: "exited at this step", primaryName: "sessions reaching the step",
                                                 colors: Array(repeating: 0, count: labels.count) + [2])
        }
        sections.append(section("Journey step funnel with exits", funnelSVG))

        let portal = try q("""
            SELECT app_name, type, count() AS events FROM \(v.qualifiedName("portal_events_final"))
            GROUP BY app_name, type ORDER BY events DESC LIMIT 30
            """)
        let apps = Array(Set(portal.column("app_name"))).sorted()
        sections.append(section("Portal events by type (top 30)",
            "<p class=\"legend\">" + apps.enumerated().map { "<span style=\"color:\(SVGChart.palette[$0.offset % SVGChart.palette.count])\">■</span> \(SVGChart.escape($0.element))" }.joined(separator: " &nbsp; ") + "</p>"
            + SVGChart.horizontalBars(title: "Portal events by type", labels: portal.rows.map { $0[1] }, values: portal.numbers("events"),
                                      colors: portal.rows.map { apps.firstIndex(of: $0[0]) ?? 0 })))

        let devices = try q("""
            SELECT device, sumIf(n, kind = 'journey') AS journey, sumIf(n, kind = 'portal') AS portal FROM (
              SELECT 'journey' AS kind, JSONExtractString(details, 'deviceType') AS device, count() AS n FROM \(v.qualifiedName("journey_sessions_final")) GROUP BY device
              UNION ALL
              SELECT 'portal', JSONExtractString(details, 'deviceType'), count() FROM \(v.qualifiedName("portal_sessions_final")) GROUP BY 2
            ) GROUP BY device ORDER BY journey + portal DESC
            """)
        let workflows = try q("""
            SELECT workflow_name, countIf(status = 'running') AS running, countIf(status = 'completed') AS completed,
                   countIf(status = 'cancelled') AS cancelled
            FROM \(v.qualifiedName("workflow_executions_final")) GROUP BY workflow_name ORDER BY workflow_name
            """)
        let reasons = try q("""
            SELECT workflow_name, reason, count() AS executions FROM \(v.qualifiedName("workflow_cancellations_final"))
            GROUP BY workflow_name, reason ORDER BY executions DESC
            """)
        sections.append("<div class=\"row\">" + section("Sessions by device type",
            SVGChart.groupedBars(title: "Sessions by device type", categories: devices.column("device"),
                                 series: [("journey sessions", devices.numbers("journey")), ("portal sessions", devices.numbers("portal"))]))
            + section("Workflow executions by status",
            SVGChart.groupedBars(title: "Workflow executions", categories: workflows.column("workflow_name"),
                                 series: [("running", workflows.numbers("running")), ("completed", workflows.numbers("completed")), ("cancelled", workflows.numbers("cancelled"))]))
            + "</div>")
        sections.append(section("Cancellation reasons", table(reasons)))

        let journeyID = funnel.column("journey_id").first ?? ""
        let app = apps.first ?? ""
        for report in [opp.rows.isEmpty ? nil : Reports.opportunitiesBySource(org: org, config: config),
                       try Reports.journeySessions(org: org, journeyID: journeyID, since: since, config: config),
                       try Reports.portalSessions(org: org, app: app, since: since, config: config)].compactMap({ $0 }) {
            let result = try report.run(on: conn)
            sections.append(section("Report \(report.name): \(report.title)",
                "<pre class=\"sql\">\(SVGChart.escape(report.sql))</pre>" + table(result, limit: 12)))
        }
        return page(sections.joined(separator: "\n"))
    }

    func section(_ title: String, _ body: String) -> String {
        "<section><h2>\(SVGChart.escape(title))</h2>\(body)</section>"
    }

    func table(_ t: ResultTable, limit: Int = 50) -> String {
        var out = "<table><thead><tr>" + t.columns.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in t.rows.prefix(limit) { out += "<tr>" + row.map { "<td>\(SVGChart.escape($0))</td>" }.joined() + "</tr>" }
        out += "</tbody></table>"
        if t.rows.count > limit { out += "<p class=\"more\">\(t.rows.count - limit) more rows (\(t.rows.count) in total)</p>" }
        return out
    }

    func page(_ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(SVGChart.escape(orgName)) — data lake report</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
        header { background: #1e293b; color: white; padding: 18px 32px; }
        header h1 { margin: 0; font-size: 22px; } header p { margin: 4px 0 0; color: #cbd5e1; font-size: 13px; }
        main { padding: 20px 32px; max-width: 1100px; }
        section { background: white; border-radius: 8px; padding: 14px 18px; margin-bottom: 18px; box-shadow: 0 1px 2px rgba(0,0,0,.08); flex: 1; overflow-x: auto; }
        h2 { font-size: 16px; margin: 0 0 10px; } h3 { font-size: 13px; margin: 12px 0 4px; color: #374151; }
        .tiles { display: flex; gap: 12px; margin-bottom: 18px; }
        .tile { background: white; border-radius: 8px; padding: 12px 16px; flex: 1; box-shadow: 0 1px 2px rgba(0,0,0,.08); font-size: 12px; color: #4b5563; }
        .tile .num { font-size: 24px; font-weight: 600; color: #1d4ed8; }
        .row { display: flex; gap: 18px; }
        table { border-collapse: collapse; font-size: 12px; width: 100%; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #e5e7eb; white-space: nowrap; }
        th { background: #f9fafb; } pre.sql { background: #f8fafc; font-size: 11px; padding: 8px; overflow-x: auto; }
        .legend { font-size: 12px; margin: 0 0 6px; } .more { font-size: 11px; color: #6b7280; }
        svg { width: 100%; height: auto; }
        </style></head>
        <body><header><h1>\(SVGChart.escape(orgName))</h1>
        <p>Data lake report · organisation \(SVGChart.escape(org.rawValue)) · database \(SVGChart.escape(config.database)) · generated \(Timestamp.format(Int64(Date().timeIntervalSince1970 * 1000)).prefix(16).replacingOccurrences(of: "T", with: " ")) UTC</p></header>
        <main>
        \(body)
        </main></body></html>

        """
    }
}
