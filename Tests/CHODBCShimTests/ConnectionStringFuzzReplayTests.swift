import Foundation
import Testing
@testable import CHODBCShim
import CHODBCFuzzTargets

/// Replays the libFuzzer corpus and regressions of the connection-string parser
/// (`Fuzz/corpus/odbc-connstr`, `Fuzz/regressions/odbc-connstr`; docs/FUZZING.md) through the
/// fuzz entry point: each string resolves or is refused with an ``ODBCError``, and a resolved
/// one's completed string resolves to the same connection (the entry point stops the process
/// otherwise).
@Suite struct ConnectionStringFuzzReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func files(_ kind: String) -> [URL] {
        let dir = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent("odbc-connstr")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func corpusAndRegressionsReplay() throws {
        let corpus = Self.files("corpus")
        #expect(corpus.count >= 20, "Fuzz/corpus/odbc-connstr holds \(corpus.count) files")
        var resolved = 0
        let start = Date()
        for url in corpus + Self.files("regressions") {
            let data = try Data(contentsOf: url)
            if data.withUnsafeBytes({ ConnectionStringFuzzing.run($0) }).hasPrefix("resolved") { resolved += 1 }
        }
        #expect(resolved > 0)
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// Values that need braces in the completed connection string keep their meaning.
    @Test func completedStringQuotesValues() throws {
        let settings = try ConnectionSettings.resolve(pairs: ConnectionString.parse("Server=h;UID={a;b};PWD={ p}}w }"))
        let again = try ConnectionSettings.resolve(pairs: ConnectionString.parse(settings.outputString()))
        #expect(again.user == "a;b")
        #expect(again.password == " p}w ")
        // Found by fuzzing (Fuzz/regressions/odbc-connstr): tabs were trimmed on the way back.
        let tabs = try ConnectionSettings.resolve(pairs: ConnectionString.parse("UID={\tu};PWD={\t\tp@\t}"))
        let tabsAgain = try ConnectionSettings.resolve(pairs: ConnectionString.parse(tabs.outputString()))
        #expect(tabsAgain.user == "\tu")
        #expect(tabsAgain.password == "\t\tp@\t")
        // Also found by fuzzing: `}` before a combining mark is one Character with it.
        let mark = try ConnectionSettings.resolve(pairs: ConnectionString.parse("Server={h}}\u{07EB} x}"))
        let markAgain = try ConnectionSettings.resolve(pairs: ConnectionString.parse(mark.outputString()))
        #expect(markAgain.host == "h}\u{07EB} x")
    }
}
