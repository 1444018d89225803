import CHNative
import Testing

/// A result must never be mistaken for complete when it is not, and must never trap when its
/// connection is gone (issue: `for block in result` ended quietly on an error; a result
/// outliving its connection crashed through an `unowned` reference).
@Suite struct ResultLifetimeTests {
    @Test func aResultIsNotASilentlyEndingSequence() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let result = try c.query("SELECT 1")
        #expect(!((result as Any) is any Sequence), "a Sequence cannot throw: an error would end iteration as if complete")
        try result.drain()
    }

    @Test func aResultOutlivingItsConnectionVariableStillReadsToTheEnd() throws {
        var result: QueryResult?
        do {
            let c = try TestServers.ch26.connect()
            result = try c.query("SELECT number FROM numbers(100000) SETTINGS max_block_size = 1000")
        }
        var rows = 0
        while let b = try result?.next() { rows += b.rowCount }
        #expect(rows == 100_000)
    }

    @Test func aResultOfAClosedConnectionThrowsInsteadOfTrapping() throws {
        let c = try TestServers.ch26.connect()
        let result = try c.query("SELECT number FROM numbers(100000) SETTINGS max_block_size = 1000")
        _ = try result.next()
        c.close()
        #expect(throws: ClickHouseError.self) { while try result.next() != nil {} }
        #expect(throws: ClickHouseError.self) { try result.drain() }
    }

    @Test func anErrorPartWayThroughIsThrownNotSwallowed() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        // throwIf fails on a later block, after earlier blocks were delivered.
        let result = try c.query("SELECT throwIf(number = 50000, 'boom') FROM numbers(100000) SETTINGS max_block_size = 1000")
        var rows = 0
        let error = #expect(throws: ClickHouseError.self) { while let b = try result.next() { rows += b.rowCount } }
        #expect(error?.serverCode == 395)
        #expect(rows < 100_000)
    }
}
