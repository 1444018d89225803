import CHNative
import Foundation

/// Measures the time from handing an event to the ingestion path until a query sees it.
public enum FreshnessProbe {
    /// The organisation probe events are written for (kept apart from real organisations).
    public static let org = "datalake-probe"

    /// Writes one probe event through a ``BatchWriter`` with `config` and polls until it is
    /// queryable; returns the seconds that took.
    public static func measure(config: IngestConfiguration, timeout: Double = 10) throws -> Double {
        let conn = try Connection(configuration: config.connection)
        defer { conn.close() }
        let writer = BatchWriter(config: config)
        defer { _ = try? writer.finish() }
        let id = UUID().uuidString.lowercased()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let started = Date()
        try writer.add(.portalEvent(EventRow(id: id, orgID: org, sessionID: id, scope: "probe", type: "freshness_probe",
                                             details: "{}", createdAt: now)))
        let sql = "SELECT count() FROM \(config.schema.qualified("portal_events")) WHERE org_id = {org:String} AND id = {id:String}"
        while Date().timeIntervalSince(started) < timeout {
            let blocks = try conn.queryAll(sql, parameters: ["org": org, "id": id])
            if let b = blocks.first, b.rowCount > 0, let c = b.columns.first, case .uint(let n) = c.value(at: 0), n > 0 {
                return Date().timeIntervalSince(started)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw DatalakeError.serverFailed("the probe event was not queryable within \(Int(timeout)) s")
    }
}
