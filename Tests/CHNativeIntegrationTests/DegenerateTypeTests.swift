import CHNative
import Foundation
import Testing

/// Degenerate types against the live 26.9 server: empty tuples (the server writes one
/// placeholder byte per row), `Nothing` in every position, empty maps and arrays, and zero-row
/// blocks of each. The text must equal the server's own `formatRow('TabSeparated', …)` and the
/// stream must stay in step: the query after each must still work on the same connection.
@Suite(.serialized) struct DegenerateTypeTests {
    static let expressions = [
        "tuple()", "[tuple(), tuple()]", "tuple(tuple(), 1::UInt8, tuple())", "[[tuple()], []]",
        "CAST(NULL AS Nullable(Nothing))", "[NULL, NULL]", "map()", "[]", "[[]]", "[map()]",
        "map(1::UInt8, [])", "(NULL, [], map())", "map('k', tuple())", "toLowCardinality('')",
        "CAST([] AS Array(LowCardinality(Nullable(String))))", "[CAST(NULL AS Nullable(Nothing))]",
    ]

    @Test(arguments: CompressionMethod.allCases)
    func degenerateValuesMatchTheServerAndKeepTheStreamInStep(compression: CompressionMethod) throws {
        let c = try TestServers.ch26.connect(compression: compression)
        defer { c.close() }
        for e in Self.expressions {
            for rows in [0, 1, 3] {
                let blocks = try c.queryAll("SELECT \(e) AS v, number AS n FROM numbers(\(rows))")
                let expected = try c.queryAll("SELECT formatRow('TabSeparated', \(e) AS v, number AS n) FROM numbers(\(rows))")
                var server = ""
                for b in expected {
                    let s = try b.column(at: 0, as: StringColumn.self)
                    for r in 0..<b.rowCount { server += s.string(at: r) }
                }
                #expect(tsvText(blocks) == server, "\(e), \(rows) rows")
                #expect(blocks.reduce(0) { $0 + $1.rowCount } == rows, "\(e), \(rows) rows")
                // The stream stayed in step: the next query on the connection reads its own answer.
                #expect(tsvText(try c.queryAll("SELECT 42 AS after")) == "42\n", "after \(e), \(rows) rows")
            }
        }
    }

    @Test func zeroRowResultsCarryTheirTypes() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        for e in Self.expressions {
            let result = try c.query("SELECT \(e) AS v FROM numbers(0)")
            let header = try result.readHeader()
            #expect(try result.next() == nil)
            let typeName = try c.queryAll("SELECT toTypeName(\(e))").first.map { try $0.column(at: 0, as: StringColumn.self).string(at: 0) }
            #expect(header?.columns.first?.type.name == typeName, "\(e)")
        }
    }
}
