@testable import CHNative
import Foundation
import Synchronization
import Testing

@Suite(.serialized) struct QueryTests {
    @Test(arguments: serverMatrix)
    func largeResultStreamsInBlocksWithEveryCompression(server: TestServers.Server, compression: CompressionMethod) throws {
        let c = try server.connect(compression: compression)
        defer { c.close() }
        let result = try c.query("SELECT number, toString(number) FROM numbers(300000)", settings: ["max_block_size": "10000"])
        var expected: UInt64 = 0
        var blocks = 0
        while let block = try result.next() {
            blocks += 1
            #expect(block.rowCount <= 10000)
            let n = try block.column(named: "number", as: FixedWidthColumn<UInt64>.self)
            let s = try block.column(named: "toString(number)", as: StringColumn.self)
            for i in 0..<block.rowCount {
                guard n.values[i] == expected, s.string(at: i) == String(expected) else {
                    Issue.record("row \(expected) decoded as \(n.values[i]) / \(s.string(at: i))")
                    return
                }
                expected += 1
            }
        }
        #expect(expected == 300000)
        #expect(blocks >= 30)
        #expect(result.progress.rows >= 300000)
        #expect(c.isUsable)
    }

    @Test(arguments: TestServers.all)
    func connectionAndQuerySettings(server: TestServers.Server) throws {
        let c = try server.connect(settings: ["max_block_size": "1234"])
        defer { c.close() }
        let sql = "SELECT value FROM system.settings WHERE name = 'max_block_size'"
        #expect(tsvText(try c.queryAll(sql)) == "1234\n")
        #expect(tsvText(try c.queryAll(sql, settings: ["max_block_size": "777"])) == "777\n")
        #expect(tsvText(try c.queryAll(sql)) == "1234\n")
        // The setting really shapes the blocks.
        let blocks = try c.queryAll("SELECT number FROM numbers(5000)", settings: ["max_block_size": "1000"])
        #expect(blocks.count == 5 && blocks.allSatisfy { $0.rowCount == 1000 })
    }

    /// ClickHouse 26.9 applies a `session_timezone` from the query's text to zone-less
    /// `DateTime` values without telling the client, so CHNative reads the text itself (with
    /// ``SQLLexer``) and must read it as the server does: `toString` (formatted by the server)
    /// and the decoded value agree only if it does.
    @Test func sessionTimezoneInTheTextIsReadAsTheServerReadsIt() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let select = "SELECT toString(toDateTime(0)) AS s, toDateTime(0) AS t"
        // A heredoc value is a string literal.
        #expect(tsvText(try c.queryAll(select + " SETTINGS session_timezone = $$Asia/Tokyo$$"))
            == "1970-01-01 09:00:00\t1970-01-01 09:00:00\n")
        // A comment between the name and `=`.
        #expect(tsvText(try c.queryAll(select + " SETTINGS session_timezone /* c */ = 'Asia/Tokyo'"))
            == "1970-01-01 09:00:00\t1970-01-01 09:00:00\n")
        // Nested block comments: the server ignores all of it and uses the settings sent.
        #expect(tsvText(try c.queryAll(select + " /* a /* b */ SETTINGS session_timezone = 'Asia/Tokyo' */",
                                       settings: ["session_timezone": "UTC"]))
            == "1970-01-01 00:00:00\t1970-01-01 00:00:00\n")
        #expect(tsvText(try c.queryAll(select + " # SETTINGS session_timezone = 'Asia/Tokyo'\n", settings: ["session_timezone": "UTC"]))
            == "1970-01-01 00:00:00\t1970-01-01 00:00:00\n")
    }

    @Test func queryParametersAreServerSide() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let tricky = "it's a \\ back\tslash\nline; DROP TABLE x --"
        let blocks = try c.queryAll("SELECT {s:String} AS s, {n:UInt64} + 1, {a:Array(String)}, {d:Date}",
                                    parameters: ["s": tricky, "n": "41", "a": "['x','y''z']", "d": "2024-02-29"])
        let s = try blocks[0].column(named: "s", as: StringColumn.self)
        #expect(s.string(at: 0) == tricky)
        #expect(tsvText(blocks).hasSuffix("\t42\t['x','y\\'z']\t2024-02-29\n"))
    }

    @Test func parametersOnAnOldServerGiveAClearError() throws {
        let c = try TestServers.ch18.connect()
        defer { c.close() }
        do {
            _ = try c.queryAll("SELECT {n:UInt8}", parameters: ["n": "1"])
            Issue.record("expected an error")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message.contains("does not support query parameters"))
        }
        #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
    }

    @Test func queryIDIsSent() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let result = try c.query("SELECT queryID()", queryID: "chnative-test-query-id-42")
        let block = try result.next()
        #expect(block.map { tsvText([$0]) } == "chnative-test-query-id-42\n")
        try result.drain()
    }

    @Test(arguments: TestServers.all)
    func serverExceptionsCarryCodeAndLeaveTheConnectionUsable(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        for (sql, code) in [("SELECT * FROM no_such_table_xyz", Int32(60)), ("SELEC 1", 62), ("SELECT throwIf(1)", 395)] {
            if !server.modern && code == 395 { continue }
            do {
                _ = try c.queryAll(sql)
                Issue.record("\(sql) succeeded")
            } catch let ClickHouseError.server(e) {
                #expect(e.code == code, "\(sql)")
                #expect(!e.message.isEmpty)
            }
            #expect(c.isUsable)
            #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
        }
    }

    @Test(arguments: TestServers.all)
    func totalsExtremesProfileInfoLogsAndProgress(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let result = try c.query("SELECT number % 3 AS k, count() AS c FROM numbers(1000) GROUP BY k WITH TOTALS ORDER BY k",
                                 settings: ["extremes": "1", "send_logs_level": "trace"])
        var rows = 0
        while let b = try result.next() { rows += b.rowCount }
        #expect(rows == 3)
        #expect(result.totals.map { tsvText([$0]) } == "0\t1000\n")
        #expect(result.extremes?.rowCount == 2)
        #expect(result.profileInfo != nil)
        // The embedded 26.9 (clickhouse-local mode) has no server log channel; 18.16 sends logs.
        if !server.modern { #expect(!result.logs.isEmpty) }
        #expect(result.progress.rows >= 1000)
        #expect(result.header?.names == ["k", "c"])
    }

    @Test(arguments: TestServers.all)
    func headerIsAvailableBeforeRowsAndForEmptyResults(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let result = try c.query("SELECT toUInt8(1) AS a, 'x' AS b WHERE 0")
        let header = try result.readHeader()
        #expect(header?.names == ["a", "b"])
        #expect(header?.columns.map(\.type) == [.uint8, .string])
        #expect(try result.next() == nil)
    }

    @Test(arguments: serverMatrix)
    func cancelStopsTheQueryAndKeepsTheConnection(server: TestServers.Server, compression: CompressionMethod) throws {
        let c = try server.connect(compression: compression)
        defer { c.close() }
        let result = try c.query("SELECT count() FROM numbers(100000000000)", settings: ["max_block_size": "65536"])
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { c.cancel() }
        do {
            while try result.next() != nil {}
            Issue.record("the query finished instead of being cancelled")
        } catch ClickHouseError.cancelled {
            #expect(Date().timeIntervalSince(started) < 10)
        }
        #expect(c.isUsable)
        #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
    }

    /// While a query is silent the reading thread sleeps in `poll` until data or a cancel
    /// arrives (it used to wake every 50 ms to look for a cancel), and a cancel still lands at once.
    @Test func aSilentQueryIsWaitedOnWithoutPeriodicWakeUpsAndCancelWakesItAtOnce() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let socket = try #require(c.transport as? TCPSocket)
        let before = socket.idleWakeups
        // No progress packets for the whole second: the server answers only at the end.
        _ = try c.queryAll("SELECT sleep(1)", settings: ["interactive_delay": "100000000"])
        #expect(socket.idleWakeups == before, "woke \(socket.idleWakeups - before) times without data")

        // The server looks for a cancel between progress packets (default interactive_delay).
        let result = try c.query("SELECT count() FROM numbers(100000000000)")
        let cancelled = Mutex<Date?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
            cancelled.withLock { $0 = Date() }
            c.cancel()
        }
        do {
            while try result.next() != nil {}
            Issue.record("the query finished instead of being cancelled")
        } catch ClickHouseError.cancelled {
            let after = Date().timeIntervalSince(cancelled.withLock { $0 } ?? Date())
            #expect(after < 2, "the cancel took \(after) s to end the query")
        }
        #expect(socket.idleWakeups <= before + 2, "\(socket.idleWakeups - before) wake-ups without data")
        #expect(c.isUsable)
    }

    @Test(arguments: TestServers.all)
    func abandonedResultIsFinishedByTheNextQuery(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let first = try c.query("SELECT number FROM numbers(10000000)", settings: ["max_block_size": "1000"])
        _ = try first.next()
        #expect(tsvText(try c.queryAll("SELECT 2")) == "2\n")
        #expect(c.isUsable)
    }
}
