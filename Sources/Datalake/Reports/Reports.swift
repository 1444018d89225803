import CHNative

/// A named query with its parameters.
public struct Report: Sendable {
    /// The report's name, as `datalake report NAME` takes it.
    public let name: String
    /// A one-line title.
    public let title: String
    /// The SQL, with `{name:Type}` server-side parameters.
    public let sql: String
    /// The parameter values.
    public let parameters: [String: String]

    /// Runs the report.
    public func run(on conn: Connection) throws -> ResultTable {
        try ResultTable.query(sql, parameters: parameters, on: conn)
    }
}

/// The documentation's three example queries.
public enum Reports {
    /// The report names.
    public static let names = ["opportunities-by-source", "journey-sessions", "portal-sessions"]

    /// Opportunities created per month by journey source (`payload.source.title` of the entity).
    public static func opportunitiesBySource(org: OrgID, config: SchemaConfiguration = SchemaConfiguration()) -> Report {
        Report(name: "opportunities-by-source", title: "Opportunities created per month by journey source", sql: """
            SELECT toStartOfMonth(timestamp) AS month,
                   JSONExtractString(detail, 'payload', 'source', 'title') AS source,
                   count() AS opportunities
            FROM \(config.qualified("entity_operations")) FINAL
            WHERE org_id = {org:String} AND schema = 'opportunity' AND operation = 'createEntity'
            GROUP BY month, source
            ORDER BY month, source
            """, parameters: ["org": org.rawValue])
    }

    /// Journey sessions of one journey since a date.
    public static func journeySessions(org: OrgID, journeyID: String, since: String, config: SchemaConfiguration = SchemaConfiguration()) throws -> Report {
        try checkDate(since)
        return Report(name: "journey-sessions", title: "Sessions of journey \(journeyID) since \(since)", sql: """
            SELECT id, journey_id, start_time, end_time,
                   JSONExtractString(details, 'deviceType') AS device_type,
                   JSONExtractString(details, 'browserTypeAndVersion') AS browser,
                   JSONExtractBool(details, 'isLauncherJourney') AS launcher
            FROM \(OrgViews(org: org, config: config).qualifiedName("journey_sessions_final"))
            WHERE journey_id = {journey:String} AND start_time >= {since:Date}
            ORDER BY start_time
            """, parameters: ["journey": journeyID, "since": since])
    }

    /// Portal sessions of one app since a date.
    public static func portalSessions(org: OrgID, app: String, since: String, config: SchemaConfiguration = SchemaConfiguration()) throws -> Report {
        try checkDate(since)
        return Report(name: "portal-sessions", title: "Sessions of \(app) since \(since)", sql: """
            SELECT id, app_name, start_time, end_time,
                   JSONExtractString(details, 'email') AS email,
                   JSONExtractString(details, 'deviceType') AS device_type,
                   JSONExtractString(details, 'referrer') AS referrer
            FROM \(OrgViews(org: org, config: config).qualifiedName("portal_sessions_final"))
            WHERE app_name = {app:String} AND start_time >= {since:Date}
            ORDER BY start_time
            """, parameters: ["app": app, "since": since])
    }

    static func checkDate(_ s: String) throws {
        guard s.utf8.count == 10, Timestamp.parse(s) != nil else {
            throw DatalakeError.invalidInput("'\(OrgID.printable(s))' is not a date: use YYYY-MM-DD")
        }
    }
}
