/// The lifecycle of one native-protocol connection as a value, with no I/O: the caller's
/// intents (start a query, cancel, close) and what arrives from the server (decoded packets,
/// a broken transport) go in; what to do comes out (send Cancel, deliver this block, the
/// result is complete, fail with this error, reconnect first). ``Connection`` moves bytes
/// between its transport and this machine; the unit tests drive it with packet sequences
/// decoded from captured 26.9 and 18.16 streams.
package struct ConnectionStateMachine: Sendable {
    /// Where the connection is.
    package enum State: Equatable, Sendable {
        /// Ready for a query.
        case idle
        /// A query or insert was sent and its result is being read.
        case inQuery(cancelSent: Bool)
        /// A server older than revision 54441 may still hold unread bytes of the last query
        /// (it rejected the query while parsing it): open a new transport before reuse.
        case needsReconnect
        /// A transport or protocol error; the connection cannot be reused.
        case broken(String)
        /// Closed by the caller.
        case closed
    }

    /// What to do with a packet that arrived while a query runs.
    package enum PacketAction {
        /// A Data block: the header (first, no rows) or rows.
        case data(Block)
        case totals(Block)
        case extremes(Block)
        case log(Block)
        case profileEvents(Block)
        case progress(Progress)
        case profileInfo(ProfileInfo)
        case tableColumns(table: String, description: String)
        /// The session's timezone changed (`nil`: back to the server's).
        case timezone(String?)
        /// Nothing to do (a Pong).
        case none
        /// The result is complete (EndOfStream); the connection is ready for another query.
        case finished
        /// The query failed: the server's exception, or ``ClickHouseError/cancelled`` when the
        /// caller cancelled. The connection is idle again, or needs a reconnect (old servers).
        case failed(ClickHouseError)
    }

    package private(set) var state: State = .idle
    /// The revision both sides speak, which decides what an exception leaves behind.
    package let negotiatedRevision: UInt64

    /// Servers older than this revision may leave the empty data block that follows a query
    /// unread when they reject the query while parsing it; the connection then reconnects.
    package static let revisionThatSkipsUnreadData: UInt64 = 54441

    /// A machine for a connection whose handshake negotiated `negotiatedRevision`.
    package init(negotiatedRevision: UInt64) {
        self.negotiatedRevision = negotiatedRevision
    }

    /// Whether another query can run (possibly after a reconnect).
    package var isUsable: Bool {
        switch state {
        case .idle, .inQuery, .needsReconnect: return true
        case .broken, .closed: return false
        }
    }

    /// The caller starts a query or insert. Throws when the connection is not idle.
    package mutating func startQuery() throws {
        switch state {
        case .idle: state = .inQuery(cancelSent: false)
        case .inQuery: throw ClickHouseError.invalidState("a query is already running on this connection")
        case .needsReconnect: throw ClickHouseError.invalidState("the connection must reconnect before the next query")
        case .broken(let why): throw ClickHouseError.invalidState("the connection is broken (\(why)) and cannot be reused")
        case .closed: throw ClickHouseError.invalidState("the connection is closed")
        }
    }

    /// The caller asked to cancel the running query: `true` when a Cancel packet must be sent
    /// now (once per query, and only while a query runs).
    package mutating func cancelRequested() -> Bool {
        guard case .inQuery(cancelSent: false) = state else { return false }
        state = .inQuery(cancelSent: true)
        return true
    }

    /// A packet arrived. `cancelRequested` says whether the caller has asked to cancel (the
    /// flag another thread may raise), so that the end of a cancelled query reads as
    /// ``ClickHouseError/cancelled``.
    package mutating func received(_ packet: IncomingPacket, cancelRequested: Bool) -> PacketAction {
        guard case .inQuery = state else {
            return .failed(.protocolViolation("a packet arrived while no query was running"))
        }
        switch packet {
        case .data(let block): return .data(block)
        case .totals(let block): return .totals(block)
        case .extremes(let block): return .extremes(block)
        case .log(let block): return .log(block)
        case .profileEvents(let block): return .profileEvents(block)
        case .progress(let p): return .progress(p)
        case .profileInfo(let info): return .profileInfo(info)
        case .tableColumns(let table, let description): return .tableColumns(table: table, description: description)
        case .timezoneUpdate(let tz): return .timezone(tz.isEmpty ? nil : tz)
        case .pong: return .none
        case .endOfStream:
            state = .idle
            return cancelRequested ? .failed(.cancelled) : .finished
        case .exception(let e):
            state = negotiatedRevision < Self.revisionThatSkipsUnreadData ? .needsReconnect : .idle
            if cancelRequested && e.code == Self.queryWasCancelled { return .failed(.cancelled) }
            return .failed(.server(e))
        }
    }

    /// `QUERY_WAS_CANCELLED`, which the server sends when it stops a query on a Cancel packet.
    static let queryWasCancelled: Int32 = 394

    /// The query was refused before any byte of it was sent (e.g. parameters for a server
    /// that takes none): the connection is idle again.
    package mutating func queryNotSent() {
        if case .inQuery = state { state = .idle }
    }

    /// The transport failed or the stream broke the protocol: the connection is done.
    package mutating func failed(_ error: any Error) {
        if case .closed = state { return }
        state = .broken(String(describing: error))
    }

    /// The caller closed the connection.
    package mutating func close() {
        state = .closed
    }
}
