import Foundation
import Testing
import TestSupport

/// One server for the differential insert tests: `datalake query` on its native port against
/// the server's own parser on its HTTP port.
struct InsertServer: CustomStringConvertible, Sendable {
    let name: String
    let nativePort: String
    let httpPort: String
    let modern: Bool
    var description: String { name }

    static let ch26 = InsertServer(name: "26.9", nativePort: CLI.env["CH26_PORT"] ?? "9000", httpPort: CLI.env["CH26_HTTP_PORT"] ?? "8123", modern: true)
    static let ch18 = InsertServer(name: "18.16", nativePort: CLI.env["CH18_PORT"] ?? "9001", httpPort: CLI.env["CH18_HTTP_PORT"] ?? "8124", modern: false)

    /// `datalake query --port <native> args…` with `stdin`.
    func cli(_ args: [String], stdin: Data? = nil) throws -> (Int32, Data, String) {
        let r = try ChildProcess.run(QueryCLI.binary, ["query", "--port", nativePort] + args, stdin: stdin)
        return (r.status, r.stdout, r.stderrText)
    }

    /// Posts `body` (a statement, with an INSERT's data after it) to the HTTP interface;
    /// (success, response).
    func http(_ body: Data) throws -> (Bool, String) {
        let r = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail-with-body", "--data-binary", "@-", "http://127.0.0.1:\(httpPort)/"], stdin: body)
        return (r.status == 0, r.stdoutText + r.stderrText)
    }

    func http(_ sql: String) throws -> String {
        let (ok, text) = try http(Data(sql.utf8))
        #expect(ok, "\(name) HTTP: \(sql): \(text)")
        return text
    }
}

/// Values of one type in each input format, each a row's field as written in that format.
struct InsertCase: CustomTestStringConvertible, Sendable {
    let type: String
    var tsv: [String] = []
    var raw: [String] = []
    var csv: [String] = []
    var json: [String] = []
    var testDescription: String { type }

    /// The input text of `format` (rows numbered from 1 in column `n`).
    func input(_ format: String) -> String? {
        switch format {
        case "TabSeparated": return tsv.isEmpty ? nil : tsv.enumerated().map { "\($0 + 1)\t\($1)\n" }.joined()
        case "TabSeparatedRaw": return raw.isEmpty ? nil : raw.enumerated().map { "\($0 + 1)\t\($1)\n" }.joined()
        case "CSV": return csv.isEmpty ? nil : csv.enumerated().map { "\($0 + 1),\($1)\n" }.joined()
        default: return json.isEmpty ? nil : json.enumerated().map { "{\"n\":\($0 + 1),\"v\":\($1)}\n" }.joined()
        }
    }
}

enum Differential {
    static let formats = ["TabSeparated", "TabSeparatedRaw", "CSV", "JSONEachRow"]

    /// Inserts each format's input of `c` through `datalake query` and through the server's
    /// own parser into twin tables, and expects the tables to read back byte for byte equal.
    static func check(_ c: InsertCase, on server: InsertServer, database: String) throws {
        for format in formats {
            guard let input = c.input(format) else { continue }
            if !server.modern && format == "TabSeparatedRaw" { continue }
            let suffix = "\(UInt32.random(in: 0...UInt32.max))"
            let native = "\(database).native_\(suffix)", twin = "\(database).server_\(suffix)"
            for t in [native, twin] {
                _ = try server.http("CREATE TABLE \(t) (n UInt32, v \(c.type)) ENGINE = \(server.modern ? "MergeTree ORDER BY n" : "Memory")")
            }
            defer { for t in [native, twin] { _ = try? server.http("DROP TABLE IF EXISTS \(t)") } }
            let (status, _, err) = try server.cli(["INSERT INTO \(native) FORMAT \(format)"], stdin: Data(input.utf8))
            let (ok, serverText) = try server.http(Data("INSERT INTO \(twin) FORMAT \(format)\n\(input)".utf8))
            #expect(ok, "\(server) parses \(c.type) in \(format) itself: \(serverText)")
            #expect(status == 0, "\(server) \(c.type) \(format): datalake query: \(err)")
            guard ok && status == 0 else { continue }
            let mine = try server.http("SELECT * FROM \(native) ORDER BY n FORMAT TabSeparated")
            let theirs = try server.http("SELECT * FROM \(twin) ORDER BY n FORMAT TabSeparated")
            #expect(mine == theirs, "\(server) \(c.type) in \(format): datalake query stored\n\(mine)\nthe server's parser stored\n\(theirs)")
        }
    }
}
