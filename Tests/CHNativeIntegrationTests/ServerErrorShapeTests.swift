import CHNative
import Testing

@Suite struct ServerErrorShapeTests {
    @Test func theModernServerNamesItsCode() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let error = #expect(throws: ClickHouseError.self) { try c.execute("SELECT * FROM no_such_table_here") }
        #expect(error?.serverCode == 60)
        #expect(error?.serverException?.codeName == "UNKNOWN_TABLE")
        #expect(error?.isConnectionBroken == false)
        #expect(c.isUsable)
        #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
    }

    @Test func aCancelledQueryLeavesTheConnectionUsable() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let result = try c.query("SELECT number FROM system.numbers SETTINGS max_block_size = 1000")
        _ = try result.next()
        result.cancel()
        let error = #expect(throws: ClickHouseError.self) { while try result.next() != nil {} }
        #expect(error == .cancelled)
        #expect(error?.isConnectionBroken == false)
        #expect(c.isUsable)
        #expect(tsvText(try c.queryAll("SELECT 2")) == "2\n")
    }
}

@Suite struct ErrorCodeTableTests {
    /// The generated table agrees with the live server's errorCodeToName for every code it knows.
    @Test func theCodeTableAgreesWithTheServer() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        var checked = 0
        for b in try c.queryAll("SELECT toInt32(number), CAST(errorCodeToName(number) AS String) FROM numbers(2000) WHERE errorCodeToName(number) != ''") {
            let codes = try b.column(at: 0, as: FixedWidthColumn<Int32>.self)
            let names = try b.column(at: 1, as: StringColumn.self)
            for r in 0..<b.rowCount {
                let e = ServerException(code: codes.values[r], name: "", message: "", stackTrace: "", nested: [])
                #expect(e.codeName == names.string(at: r))
                checked += 1
            }
        }
        #expect(checked > 600)
    }
}
