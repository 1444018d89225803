import CHNative
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The interactive shell of `datalake query` (standard input a terminal, no statement given):
/// statements end at `;` and may span lines, `exit`/`quit`/Ctrl-D leave, Ctrl-C cancels the
/// running query on the server and keeps the shell, each statement is appended to a history
/// file, and the elapsed time follows each result.
struct InteractiveShell {
    let runner: StatementRunner
    let connection: Connection

    /// `$DATALAKE_HISTORY_FILE`, else `~/.datalake_history`.
    static var historyPath: String {
        if let p = ConnectionOptions.env("DATALAKE_HISTORY_FILE"), !p.isEmpty { return p }
        return (ConnectionOptions.env("HOME") ?? ".") + "/.datalake_history"
    }

    /// Whether `text` holds a complete statement: its last token outside literals and comments is `;`.
    static func isComplete(_ text: String) -> Bool {
        var last: SQLLexer.Token?
        for token in SQLLexer(text) where !token.kind.isTrivia { last = token }
        guard let last else { return false }
        return last.kind == .other(UInt8(ascii: ";")) && !last.unterminated
    }

    static func isExit(_ text: String) -> Bool {
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";")).lowercased()
        return word == "exit" || word == "quit" || word == "q" || word == "\\q"
    }

    func run() {
        // Ctrl-C cancels the query running on the server; at the prompt it is ignored.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let conn = connection
        interrupts.setEventHandler { conn.cancel() }
        interrupts.resume()
        defer { interrupts.cancel() }
        Output.error("datalake query: statements end with ';'. exit, quit or Ctrl-D leave; Ctrl-C cancels a running query.")
        var buffer = ""
        while true {
            Output.write(Array((buffer.isEmpty ? "datalake :) " : "         :-] ").utf8))
            guard let line = readLine(strippingNewline: true) else {
                Output.write([0x0A])
                return
            }
            if buffer.isEmpty && Self.isExit(line) { return }
            buffer += buffer.isEmpty ? line : "\n" + line
            guard Self.isComplete(buffer) else { continue }
            let text = buffer
            buffer = ""
            appendHistory(text)
            for statement in ScriptSplitter.split(text) {
                if Self.isExit(statement) { return }
                execute(statement)
            }
        }
    }

    private func execute(_ statement: String) {
        let started = DispatchTime.now()
        do {
            let rows = try runner.run(statement, progress: true)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            Output.error("\n\(rows) row\(rows == 1 ? "" : "s") in set. Elapsed: \(String(format: "%.3f", seconds)) sec.\n")
        } catch ClickHouseError.cancelled {
            Output.error("\nQuery was cancelled.\n")
        } catch {
            Output.error("\ndatalake: \(QueryCommand.describe(error))\n")
        }
    }

    private func appendHistory(_ text: String) {
        let path = Self.historyPath
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((text + "\n").utf8))
    }
}
