import CHNative
import Testing

/// `SQLLiteral.string` and `SQLIdentifier.quote` turn any Swift string into one literal or one
/// identifier: both servers read each back as exactly the original string.
@Suite(.serialized) struct SQLQuotingTests {
    static let hostile = ["", "plain", "it's", "back\\slash", "\\'", "tab\there", "line\nbreak", "cr\rlf",
                          "nul\u{0}byte", "bell\u{8}form\u{C}feed", "ünïcødé 日本", "`tick`", "a\"b", "{x:UInt8}", "--", "/*", "\\"]

    @Test(arguments: TestServers.all)
    func literalsReadBackExactly(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let select = Self.hostile.enumerated().map { "\(SQLLiteral.string($0.element)) AS c\($0.offset)" }.joined(separator: ", ")
        let blocks = try c.queryAll("SELECT \(select)")
        guard let block = blocks.first(where: { $0.rowCount == 1 }) else { Issue.record("no row"); return }
        for (i, s) in Self.hostile.enumerated() {
            let column = try block.column(named: "c\(i)", as: StringColumn.self)
            #expect(column.string(at: 0) == s, "literal \(SQLLiteral.string(s))")
        }
    }

    @Test(arguments: TestServers.all)
    func identifiersReadBackExactly(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let names = Self.hostile.filter { !$0.isEmpty && !$0.contains("\u{0}") }
        let select = names.enumerated().map { "\($0.offset) AS \(SQLIdentifier.quote($0.element))" }.joined(separator: ", ")
        let blocks = try c.queryAll("SELECT \(select)")
        guard let block = blocks.first else { Issue.record("no block"); return }
        #expect(block.names == names)
    }
}
