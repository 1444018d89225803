import ArgumentParser
import CHNative
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL statements and print their results.",
        discussion: """
            Without a statement the SQL is read from --queries-file or standard input. Several \
            statements separated by ';' run in order; the first failure stops the run. SET and \
            USE last for the following statements. A statement's FORMAT clause wins over --format.
            """)

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Output format when the statement has no FORMAT clause (default TabSeparated). Supported: \(OutputFormat.supportedNames).")
    var format: String?
    @Option(name: .customLong("param"), help: "A query parameter as name=value, for {name:Type} placeholders (repeatable).")
    var params: [String] = []
    @Option(name: .customLong("setting"), help: "A setting as name=value (repeatable).")
    var settings: [String] = []
    @Option(help: "Read the statements from this file.")
    var queriesFile: String?
    @Argument(help: "The SQL statement(s); read from --queries-file or standard input when absent.")
    var sql: String?

    func run() throws {
        if let format, OutputFormat(named: format) == nil {
            Output.error("datalake: --format \(format) is not supported; supported: \(OutputFormat.supportedNames)")
            throw ExitCode(1)
        }
        let parameters = try Self.pairs(params, flag: "--param")
        let settingValues = try Self.pairs(settings, flag: "--setting")
        // PrettyCompact on a terminal, TabSeparated when piped (as clickhouse-client).
        let defaultFormat = format ?? (isatty(1) == 1 ? "PrettyCompact" : nil)
        let interactive = sql == nil && queriesFile == nil && isatty(0) == 1
        let text: String
        do {
            text = interactive ? "" : try ScriptSource.text(argument: sql, file: queriesFile)
        } catch let error as StatementFailure {
            Output.error("datalake: \(error.message)")
            throw ExitCode(1)
        }
        let statements = ScriptSplitter.split(text)
        do {
            let conn = try Connection(configuration: try connection.configuration())
            defer { conn.close() }
            let dataInput = sql != nil || queriesFile != nil ? DataInput(handle: .standardInput) : nil
            let runner = StatementRunner(connection: conn, defaultFormat: defaultFormat, settings: settingValues, parameters: parameters,
                                         dataInput: dataInput)
            if interactive {
                InteractiveShell(runner: runner, connection: conn).run()
                return
            }
            for (index, statement) in statements.enumerated() {
                do {
                    try runner.run(statement)
                } catch let error where statements.count > 1 {
                    throw ScriptFailure(index: index + 1, count: statements.count, underlying: error)
                }
            }
        } catch let failure as ScriptFailure {
            Output.error("datalake: statement \(failure.index) of \(failure.count) failed, the statements after it were not run: \(Self.describe(failure.underlying))")
            throw ExitCode(Self.exitStatus(failure.underlying))
        } catch let error as ClickHouseError {
            Output.error("datalake: \(error)")
            throw ExitCode(Self.exitStatus(error))
        } catch let error as StatementFailure {
            Output.error("datalake: \(error.message)")
            throw ExitCode(Self.exitStatus(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? StatementFailure { return e.message }
        return "\(error)"
    }

    /// 2 for the server's errors, 1 for the others.
    static func exitStatus(_ error: any Error) -> Int32 {
        if let e = error as? ClickHouseError { return e.serverCode == nil ? 1 : 2 }
        if let e = error as? StatementFailure { return e.serverCode == nil ? 1 : 2 }
        return 1
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

/// A statement of a script that failed.
struct ScriptFailure: Error {
    var index: Int
    var count: Int
    var underlying: any Error
}
