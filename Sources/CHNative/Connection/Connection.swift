import Logging
import Synchronization

/// A synchronous connection to a ClickHouse server over the native TCP protocol.
///
/// A connection runs one query at a time and must be used from one thread at a time (the
/// async ``AsyncConnection`` and ``Client`` take care of that). ``cancel()`` may be called
/// from any thread. After a network or protocol error the connection is marked broken
/// (``isUsable`` is `false`) and every further call fails fast; server exceptions leave it
/// usable.
public final class Connection: @unchecked Sendable {
    /// The configuration this connection was opened with.
    public let configuration: ConnectionConfiguration
    /// Opens the transport to each server (TCP/TLS; in memory in tests).
    let connector: TransportConnector
    /// What the server reported in its Hello.
    public private(set) var serverInfo: ServerInfo

    /// The socket, its TLS layer and read buffers; replaced on reconnect.
    final class Link {
        let transport: any Transport
        /// Raw bytes from the server.
        let input: ReadBuffer
        /// Decompressed block bytes (when compression is on), fed from ``input``.
        let blockInput: ReadBuffer
        let compressor: FrameCompressor?

        init(transport: any Transport, configuration: ConnectionConfiguration) {
            self.transport = transport
            input = ReadBuffer(capacity: 1 << 20, source: transport)
            if configuration.compression != .none {
                blockInput = ReadBuffer(capacity: 1 << 20, source: FrameDecompressor(raw: input))
                compressor = FrameCompressor(method: configuration.compression, level: configuration.compressionLevel,
                                             lanes: configuration.compressionThreads)
            } else {
                blockInput = input
                compressor = nil
            }
            blockInput.recycler = ArrayRecycler()
        }
    }

    private var link: Link
    var transport: any Transport { link.transport }
    var input: ReadBuffer { link.input }
    var blockInput: ReadBuffer { link.blockInput }
    var compressor: FrameCompressor? { link.compressor }
    /// Outgoing packet bytes.
    let output = WriteBuffer(capacity: 1 << 16)
    /// Outgoing block bytes before compression.
    let blockOutput = WriteBuffer(capacity: 1 << 16)
    let interrupt = InterruptFlag()
    private let busy = Atomic<Bool>(false)

    /// Timezone set by the server for this session (`TimezoneUpdate` packet), if any.
    var sessionTimezone: String?
    /// Timezone the running query asked for (`session_timezone`), which the server applies
    /// without sending `TimezoneUpdate`.
    var queryTimezone: String?
    /// `output_format_native_encode_types_in_binary_format` as set by `SET` on this session.
    var binaryTypeNames = TrackedSwitch(name: "output_format_native_encode_types_in_binary_format")
    /// `input_format_native_decode_types_in_binary_format`: the server reads the types in the
    /// blocks we send (headers and `Dynamic` prefixes) in the binary type encoding.
    var binaryInputTypeNames = TrackedSwitch(name: "input_format_native_decode_types_in_binary_format")

    /// The protocol lifecycle (idle, in a query, cancel sent, needs a reconnect, broken,
    /// closed); replaced after every handshake, as the revision it depends on may change.
    var machine = ConnectionStateMachine(negotiatedRevision: 0)
    /// The result currently being read, so a new query can finish it first.
    weak var activeResult: QueryResult?

    /// The server this connection talks to (one of ``ConnectionConfiguration/addresses``).
    public private(set) var address: ServerAddress

    /// Where this connection's metrics go.
    var metrics: ClientMetrics { ClientMetrics(configuration.metricsFactory) }

    /// The configuration's logger with this connection's server in its metadata.
    var logger: Logger {
        var l = configuration.logger
        l[metadataKey: "clickhouse.host"] = "\(address.host)"
        l[metadataKey: "clickhouse.port"] = "\(address.port)"
        return l
    }

    /// Opens a connection and performs the handshake; throws ``ClickHouseError`` on failure
    /// (`.server` with code 516 for a wrong password). With several addresses it fails over
    /// on connect, TLS and handshake errors in the configured order.
    public convenience init(configuration: ConnectionConfiguration) throws {
        try self.init(configuration: configuration, connector: tcpConnector)
    }

    /// A connection whose transport to each server `connector` opens (``InMemoryTransport`` in
    /// tests); otherwise the same as ``init(configuration:)``.
    package init(configuration: ConnectionConfiguration, connector: @escaping TransportConnector) throws {
        self.configuration = configuration
        self.connector = connector
        serverInfo = ServerInfo(name: "", versionMajor: 0, versionMinor: 0, versionPatch: 0, revision: 0,
                                negotiatedRevision: 0, timezone: "", displayName: "")
        var attempt = Failover(configuration: configuration, connector: connector)
        (link, address) = try attempt.nextLink()
        try handshakeWithFailover(&attempt)
        machine = ConnectionStateMachine(negotiatedRevision: serverInfo.negotiatedRevision)
        link.transport.onIdle = { [weak self] in try self?.onIdle() }
        link.transport.wakeDescriptor = interrupt.wakeDescriptor
        metrics.count("clickhouse_connections_opened_total")
        logger.debug("connected", metadata: ["clickhouse.server_version": "\(serverInfo.version)",
                                             "clickhouse.revision": "\(serverInfo.negotiatedRevision)"])
    }

    /// Opens a fresh socket and repeats the handshake (after an old server's exception left
    /// the stream out of step), failing over like ``init(configuration:)``.
    func reconnect() throws {
        metrics.count("clickhouse_reconnects_total")
        logger.info("reconnecting: the server may still hold unread bytes of the last query (revision \(serverInfo.negotiatedRevision))")
        link.transport.close()
        var attempt = Failover(configuration: configuration, connector: connector)
        (link, address) = try attempt.nextLink()
        try handshakeWithFailover(&attempt)
        link.transport.onIdle = { [weak self] in try self?.onIdle() }
        link.transport.wakeDescriptor = interrupt.wakeDescriptor
        sessionTimezone = nil
        binaryTypeNames.session = false
        binaryInputTypeNames.session = false
        machine = ConnectionStateMachine(negotiatedRevision: serverInfo.negotiatedRevision)
    }

    /// Runs the handshake on the current link; on a failover-worthy error moves on to the next address.
    private func handshakeWithFailover(_ attempt: inout Failover) throws {
        while true {
            do {
                try handshake()
                HostHealth.shared.markHealthy(address)
                return
            } catch {
                link.transport.close()
                guard Failover.worthFailingOver(error) else { throw error }
                logger.warning("server did not complete the handshake; trying the next one", metadata: ["clickhouse.error": "\(error)"])
                attempt.record(address, error)
                (link, address) = try attempt.nextLink()
            }
        }
    }

    /// Walks the addresses of a configuration in failover order, remembering why each failed.
    struct Failover {
        let order: [ServerAddress]
        let configuration: ConnectionConfiguration
        let connector: TransportConnector
        var index = 0
        var failures: [(ServerAddress, any Error)] = []

        init(configuration: ConnectionConfiguration, connector: @escaping TransportConnector) {
            self.configuration = configuration
            self.connector = connector
            order = HostHealth.shared.order(configuration.addresses, strategy: configuration.failover)
        }

        /// Errors that say "this server is not reachable", not "the server refused you".
        static func worthFailingOver(_ error: any Error) -> Bool {
            guard let e = error as? ClickHouseError else { return false }
            switch e {
            case .connectionFailed, .connectionClosed, .timeout, .tls, .protocolViolation: return true
            default: return false
            }
        }

        mutating func record(_ address: ServerAddress, _ error: any Error) {
            HostHealth.shared.markFailed(address)
            failures.append((address, error))
        }

        /// A TCP (and TLS) link to the next address that accepts one.
        mutating func nextLink() throws -> (Link, ServerAddress) {
            while index < order.count {
                let address = order[index]
                index += 1
                do {
                    return (Link(transport: try connector(address, configuration), configuration: configuration), address)
                } catch {
                    guard Failover.worthFailingOver(error) else { throw error }
                    if index < order.count {
                        configuration.logger.warning("server unreachable; trying the next one", metadata: [
                            "clickhouse.host": "\(address.host)", "clickhouse.port": "\(address.port)", "clickhouse.error": "\(error)"])
                    }
                    record(address, error)
                }
            }
            if order.count == 1, let only = failures.first { throw only.1 }
            let reasons = failures.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            // The last server's OS-level error is the underlying one; every reason is in the message.
            let last = failures.last.flatMap { $0.1 as? ClickHouseError }
            throw ClickHouseError.connectionFailed(.init("none of the \(order.count) servers answered (\(reasons))",
                                                         endpoint: last?.endpoint, underlying: last?.underlying))
        }
    }

    deinit { transport.close() }

    /// Whether the connection can run another query.
    public var isUsable: Bool { machine.isUsable }

    /// Closes the connection. Safe to call more than once.
    public func close() {
        machine.close()
        transport.close()
    }

    /// Asks the server to stop the running query; safe from any thread. The reading thread
    /// sends the Cancel packet, drains the stream and throws ``ClickHouseError/cancelled``.
    public func cancel() {
        interrupt.raise()
    }

    // MARK: Handshake

    private func handshake() throws {
        let deadline = configuration.timeouts
        link.transport.timeouts.read = deadline.connect
        defer { link.transport.timeouts.read = deadline.read }
        output.clear()
        ClientHello(clientName: configuration.clientName, database: configuration.database,
                    user: configuration.user, password: configuration.password).encode(to: output)
        try flush()

        let type = try input.readVarUInt()
        switch ServerPacket(rawValue: type) {
        case .hello:
            break
        case .exception:
            throw ClickHouseError.server(try readException())
        default:
            throw ClickHouseError.protocolViolation("expected Hello or Exception from \(transport.peerDescription), got packet \(type)")
        }
        serverInfo = try ServerHello.decode(from: input).info
        let revision = serverInfo.negotiatedRevision
        if revision >= ProtocolRevision.withAddendum {
            output.clear()
            output.writeString(configuration.quotaKey)
            try flush()
        }
    }

    // MARK: Sending

    /// Writes ``output`` to the server and clears it.
    func flush() throws {
        defer { output.clear() }
        try transport.write(output.bytes)
    }

    /// Marks the connection broken after an I/O or protocol error, closing the socket.
    func markBroken(_ error: any Error) {
        if case .closed = machine.state {} else {
            metrics.count("clickhouse_connections_broken_total")
            logger.warning("connection broken; it will not be reused", metadata: ["clickhouse.error": "\(error)"])
        }
        machine.failed(error)
        transport.close()
    }

    /// Runs `body` with exclusive use of the connection, turning concurrent use into an error
    /// and transport failures into a broken connection.
    func exclusive<R>(_ body: () throws -> R) throws -> R {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            throw ClickHouseError.invalidState("the connection is already in use by another caller")
        }
        defer { busy.store(false, ordering: .releasing) }
        switch machine.state {
        case .broken(let why): throw ClickHouseError.invalidState("the connection is broken (\(why)) and cannot be reused")
        case .closed: throw ClickHouseError.invalidState("the connection is closed")
        case .needsReconnect:
            do {
                try reconnect()
            } catch {
                markBroken(error)
                throw error
            }
        default: break
        }
        do {
            return try body()
        } catch let error as ClickHouseError where error.isConnectionBroken {
            markBroken(error)
            throw error
        }
    }

    /// Sends a Ping and waits for the Pong; throws when the server does not answer.
    public func ping() throws {
        try exclusive {
            try finishActiveResult()
            output.writeVarUInt(ClientPacket.ping.rawValue)
            try flush()
            while true {
                let type = try input.readVarUInt()
                switch ServerPacket(rawValue: type) {
                case .pong: return
                case .progress: _ = try readProgress()
                default: throw ClickHouseError.protocolViolation("expected Pong, got packet \(type)")
                }
            }
        }
    }

    /// Called by the socket while waiting for data: sends Cancel when asked to.
    func onIdle() throws {
        guard interrupt.isRaised else { return }
        try sendCancel()
    }

    /// Sends the Cancel packet if the machine says so (once per query, only while one runs).
    func sendCancel() throws {
        guard machine.cancelRequested() else { return }
        logger.debug("cancel sent")
        let w = WriteBuffer(capacity: 16)
        w.writeVarUInt(ClientPacket.cancel.rawValue)
        try transport.write(w.bytes)
    }

    /// Starts a query in the state machine and resets the cancellation flag.
    func beginQuery() throws {
        interrupt.reset()
        try machine.startQuery()
    }

    var cancelRequested: Bool { interrupt.isRaised }
}
