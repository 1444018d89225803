// Example: opportunities created per month by journey source.
//
//   swift run example-opportunities-by-source [ORG]
//
// Connects with CLICKHOUSE_HOST / CLICKHOUSE_PORT / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD
// (default 127.0.0.1:9000, user default) and streams the documented query's result.
import CHNative
import Foundation

let env = ProcessInfo.processInfo.environment
let org = CommandLine.arguments.dropFirst().first ?? "raven"
let config = ConnectionConfiguration(
    host: env["CLICKHOUSE_HOST"] ?? "127.0.0.1", port: Int(env["CLICKHOUSE_PORT"] ?? "") ?? 9000,
    user: env["CLICKHOUSE_USER"] ?? "default", password: env["CLICKHOUSE_PASSWORD"] ?? "",
    database: "datawarehouse", compression: .lz4)

// The documentation's query. `FINAL` collapses events replayed by the ingestion.
let sql = """
    SELECT toStartOfMonth(timestamp) AS month,
           JSONExtractString(detail, 'payload', 'source', 'title') AS source,
           count() AS opportunities
    FROM datawarehouse.entity_operations FINAL
    WHERE org_id = {org:String} AND schema = 'opportunity' AND operation = 'createEntity'
    GROUP BY month, source
    ORDER BY month, source
    """

do {
    let conn = try Connection(configuration: config)
    defer { conn.close() }
    let result = try conn.query(sql, parameters: ["org": org])
    print("month\tsource\topportunities")
    while let block = try result.next() {
        let months = try block.column(named: "month", as: FixedWidthColumn<UInt16>.self)
        let sources = try block.column(named: "source", as: StringColumn.self)
        let counts = try block.column(named: "opportunities", as: FixedWidthColumn<UInt64>.self)
        for row in 0..<block.rowCount {
            var month = TextOutput()
            months.writeText(at: row, to: &month, style: .tabSeparated)
            print("\(String(decoding: month.bytes, as: UTF8.self))\t\(sources.string(at: row))\t\(counts.values[row])")
        }
    }
} catch {
    FileHandle.standardError.write(Data("example-opportunities-by-source: \(error)\n".utf8))
    exit(1)
}
