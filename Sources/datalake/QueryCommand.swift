import ArgumentParser
import CHNative

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one SQL statement and print its result.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Output format: TabSeparated, TabSeparatedWithNames, JSONEachRow or Null.")
    var format: String = "TabSeparated"
    @Option(name: .customLong("param"), help: "A query parameter as name=value, for {name:Type} placeholders (repeatable).")
    var params: [String] = []
    @Option(name: .customLong("setting"), help: "A setting as name=value (repeatable).")
    var settings: [String] = []
    @Argument(help: "The SQL statement.")
    var sql: String

    func run() throws {
        guard let outputFormat = OutputFormat.allCases.first(where: { $0.rawValue.lowercased() == format.lowercased() }) else {
            throw ValidationError("--format must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let parameters = try Self.pairs(params, flag: "--param")
        let settingValues = try Self.pairs(settings, flag: "--setting")
        do {
            let conn = try Connection(configuration: try connection.configuration())
            defer { conn.close() }
            let result = try conn.query(sql, settings: settingValues, parameters: parameters)
            var formatter = ResultFormatter(format: outputFormat)
            var out = TextOutput(capacity: 1 << 20)
            while let block = try result.next() {
                formatter.write(block, to: &out)
                if out.bytes.count >= 1 << 20 {
                    Output.write(out.bytes)
                    out.bytes.removeAll(keepingCapacity: true)
                }
            }
            formatter.writeHeaderIfNeeded(result.header, to: &out)
            Output.write(out.bytes)
        } catch let error as ClickHouseError {
            Output.error("datalake: \(error)")
            throw ExitCode(error.serverCode == nil ? 1 : 2)
        }
    }

    static func pairs(_ items: [String], flag: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw ValidationError("\(flag) expects name=value, got '\(item)'")
            }
            out[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return out
    }
}
