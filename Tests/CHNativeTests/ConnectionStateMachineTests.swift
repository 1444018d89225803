import Foundation
import Testing
@testable import CHNative

/// The protocol lifecycle without sockets: the state machine driven by packet sequences
/// decoded from real 26.9 and 18.16 streams (the hostile-server corpus's clean captures) and by
/// scripted events — cancel in each state, an exception mid-stream, a lost connection, and the
/// 54412 ↔ 54465 revision difference.
@Suite struct ConnectionStateMachineTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/hostile-server")

    /// A capture's server bytes (after its JSON header line).
    static func serverBytes(_ name: String) throws -> [UInt8] {
        let data = try [UInt8](Data(contentsOf: corpus.appendingPathComponent(name)))
        guard let newline = data.firstIndex(of: 0x0A) else { throw ClickHouseError.invalidInput("no header in \(name)") }
        return Array(data[(newline + 1)...])
    }

    struct Outcome {
        var hello: ServerHello
        var rows = 0
        var dataBlocks = 0
        var progress = 0
        var result: ConnectionStateMachine.PacketAction?
        var machine: ConnectionStateMachine
    }

    /// Decodes a capture's Hello, then feeds every packet to a fresh machine until it ends the query.
    static func replay(_ name: String, cancelAfterBlocks: Int? = nil) throws -> Outcome {
        let r = ReadBuffer(bytes: try serverBytes(name))
        #expect(try r.readVarUInt() == 0, "Hello first")
        let hello = try ServerHello.decode(from: r)
        var machine = ConnectionStateMachine(negotiatedRevision: hello.negotiatedRevision)
        try machine.startQuery()
        let reader = PacketReader(input: r, blockInput: r, revision: hello.negotiatedRevision, timezone: hello.timezone, transport: nil)
        var outcome = Outcome(hello: hello, machine: machine)
        var cancelled = false
        while try r.hasMore() {
            let action = machine.received(try reader.readPacket(), cancelRequested: cancelled)
            switch action {
            case .data(let b):
                outcome.dataBlocks += 1
                outcome.rows += b.rowCount
                if let n = cancelAfterBlocks, outcome.dataBlocks >= n, !cancelled {
                    cancelled = true
                    let firstSends = machine.cancelRequested()
                    #expect(firstSends, "the first cancel sends the packet")
                    let secondSends = machine.cancelRequested()
                    #expect(!secondSends, "a second one does not")
                }
            case .progress: outcome.progress += 1
            case .finished, .failed:
                outcome.result = action
                outcome.machine = machine
                return outcome
            default: break
            }
        }
        outcome.machine = machine
        return outcome
    }

    @Test func clientHelloEncodesAsTheServerExpects() {
        let w = WriteBuffer()
        ClientHello(clientName: "CHNative", database: "", user: "default", password: "").encode(to: w)
        #expect(w.array == [0x00, 0x08] + Array("CHNative".utf8) + [0x18, 0x08, 0xC1, 0xA9, 0x03, 0x00, 0x07] + Array("default".utf8) + [0x00])
    }

    @Test func serverHellosOfBothServersDecode() throws {
        let modern = try Self.replay("26.9-numbers-none.cap").hello
        #expect(modern.name == "ClickHouse")
        #expect(modern.versionMajor == 26 && modern.versionMinor == 9)
        #expect(modern.revision >= 54465 && modern.negotiatedRevision == 54465)
        #expect(!modern.timezone.isEmpty)
        let old = try Self.replay("18.16-numbers-none.cap").hello
        #expect(old.versionMajor == 18 && old.versionMinor == 16)
        #expect(old.revision == 54412 && old.negotiatedRevision == 54412)
    }

    @Test(arguments: ["26.9", "18.16"])
    func aCompleteResultEndsIdle(server: String) throws {
        let o = try Self.replay("\(server)-numbers-none.cap")
        #expect(o.rows == 3000)
        guard case .finished? = o.result else { Issue.record("\(String(describing: o.result))"); return }
        #expect(o.machine.state == .idle)
    }

    /// An exception leaves a 26.9 connection idle; an 18.16 one (revision 54412 < 54441) needs
    /// a reconnect before the next query.
    @Test(arguments: [("26.9", ConnectionStateMachine.State.idle), ("18.16", .needsReconnect)])
    func anExceptionEndsTheQueryByRevision(server: String, after: ConnectionStateMachine.State) throws {
        let o = try Self.replay("\(server)-exception-none.cap")
        guard case .failed(.server(let e))? = o.result else { Issue.record("\(String(describing: o.result))"); return }
        #expect(e.code == 60)
        #expect(o.machine.state == after)
        #expect(o.machine.isUsable)
    }

    @Test func anExceptionMidStreamFailsAfterTheRowsBeforeIt() throws {
        let o = try Self.replay("26.9-throw_midstream-none.cap")
        guard case .failed(.server(let e))? = o.result else { Issue.record("\(String(describing: o.result))"); return }
        #expect(e.code == 395)
        #expect(o.rows < 3000)
        #expect(o.machine.state == .idle)
    }

    @Test(arguments: ["26.9", "18.16"])
    func cancelMidStreamEndsAsCancelled(server: String) throws {
        let o = try Self.replay("\(server)-numbers-none.cap", cancelAfterBlocks: 1)
        // The capture's server never saw the cancel and sent EndOfStream: still `.cancelled`.
        guard case .failed(.cancelled)? = o.result else { Issue.record("\(String(describing: o.result))"); return }
        #expect(o.machine.state == .idle)
    }

    @Test func cancelInEachState() throws {
        var m = ConnectionStateMachine(negotiatedRevision: 54465)
        let idleSends = m.cancelRequested()
        #expect(!idleSends, "idle: nothing to cancel")
        try m.startQuery()
        let firstSends = m.cancelRequested()
        #expect(firstSends)
        #expect(m.state == .inQuery(cancelSent: true))
        let secondSends = m.cancelRequested()
        #expect(!secondSends)
        let cancelled = ServerException(code: 394, name: "DB::Exception", message: "Query was cancelled", stackTrace: "", nested: [])
        guard case .failed(.cancelled) = m.received(.exception(cancelled), cancelRequested: true) else { Issue.record("not cancelled"); return }
        #expect(m.state == .idle)
        // Another exception while cancelling is reported as itself.
        try m.startQuery()
        _ = m.cancelRequested()
        let other = ServerException(code: 241, name: "DB::Exception", message: "Memory limit", stackTrace: "", nested: [])
        guard case .failed(.server(let e)) = m.received(.exception(other), cancelRequested: true) else { Issue.record("not the server's"); return }
        #expect(e.code == 241)
        m.failed(ClickHouseError.connectionClosed("x"))
        let brokenSends = m.cancelRequested()
        #expect(!brokenSends, "broken: nothing to cancel")
    }

    @Test func connectionLossInEachState() throws {
        for step in 0..<3 {
            var m = ConnectionStateMachine(negotiatedRevision: 54465)
            if step >= 1 { try m.startQuery() }
            if step >= 2 { _ = m.cancelRequested() }
            m.failed(ClickHouseError.connectionClosed("peer went away"))
            guard case .broken(let why) = m.state else { Issue.record("\(m.state)"); continue }
            #expect(why.contains("peer went away"))
            #expect(!m.isUsable)
            let broken = m
            #expect(throws: ClickHouseError.self) { var copy = broken; try copy.startQuery() }
        }
        var closed = ConnectionStateMachine(negotiatedRevision: 54465)
        closed.close()
        closed.failed(ClickHouseError.timeout("late"))
        #expect(closed.state == .closed, "a closed connection stays closed")
    }

    @Test func oneQueryAtATimeAndPacketsOnlyInAQuery() throws {
        var m = ConnectionStateMachine(negotiatedRevision: 54412)
        guard case .failed(.protocolViolation) = m.received(.pong, cancelRequested: false) else { Issue.record("accepted a packet while idle"); return }
        try m.startQuery()
        let running = m
        #expect(throws: ClickHouseError.self) { var copy = running; try copy.startQuery() }
        m.queryNotSent()
        #expect(m.state == .idle)
        try m.startQuery()
        _ = m.received(.exception(ServerException(code: 62, name: "", message: "syntax", stackTrace: "", nested: [])), cancelRequested: false)
        #expect(m.state == .needsReconnect)
        let stale = m
        #expect(throws: ClickHouseError.self) { var copy = stale; try copy.startQuery() }
    }
}
