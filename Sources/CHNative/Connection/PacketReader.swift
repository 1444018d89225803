/// Decodes server packets from a connection's read buffers. ``Connection`` reads every packet
/// through one of these; it is separate from the connection so the same code can run over an
/// in-memory byte string (the packet fuzz target, `FuzzEntryPoints.packetDecoder`).
package struct PacketReader {
    /// Raw bytes from the server.
    let input: ReadBuffer
    /// Decompressed block bytes when the connection compresses (``input`` otherwise).
    let blockInput: ReadBuffer
    /// The negotiated protocol revision.
    let revision: UInt64
    /// The timezone zone-less `DateTime` values are decoded in.
    let timezone: String?
    /// The peer, for error messages; `nil` for in-memory input.
    let transport: (any Transport)?
    /// Block headers name column types in the binary type encoding
    /// (`output_format_native_encode_types_in_binary_format`).
    var binaryTypeNames = false
    /// Bounds on what the stream may make the decoder allocate.
    var limits = DecodeLimits()

    package init(input: ReadBuffer, blockInput: ReadBuffer, revision: UInt64, timezone: String?, transport: (any Transport)?,
                 binaryTypeNames: Bool = false, limits: DecodeLimits = DecodeLimits()) {
        self.input = input
        self.blockInput = blockInput
        self.revision = revision
        self.timezone = timezone
        self.transport = transport
        self.binaryTypeNames = binaryTypeNames
        self.limits = limits
    }

    private var peer: String { transport?.peerDescription ?? "in-memory input" }

    /// Reads one server packet.
    package func readPacket() throws -> IncomingPacket {
        let type = try input.readVarUInt()
        if Connection.tracePackets { FileTrace.write("packet \(ServerPacket(rawValue: type).map { "\($0)" } ?? String(type))") }
        guard let packet = ServerPacket(rawValue: type) else {
            throw ClickHouseError.protocolViolation("unknown packet type \(type) from \(peer)")
        }
        switch packet {
        case .data: return .data(try readDataPacket(compressed: true))
        case .totals: return .totals(try readDataPacket(compressed: true))
        case .extremes: return .extremes(try readDataPacket(compressed: true))
        case .log: return .log(try readDataPacket(compressed: false))
        case .profileEvents: return .profileEvents(try readDataPacket(compressed: false))
        case .exception: return .exception(try readException())
        case .progress: return .progress(try readProgress())
        case .pong: return .pong
        case .endOfStream: return .endOfStream
        case .profileInfo: return .profileInfo(try readProfileInfo())
        case .tableColumns:
            let message = try TableColumnsMessage.decode(from: input)
            return .tableColumns(table: message.table, description: message.description)
        case .timezoneUpdate:
            return .timezoneUpdate(try input.readString())
        default:
            throw ClickHouseError.protocolViolation("unexpected packet \(packet) from \(peer)")
        }
    }

    func readException() throws -> ServerException { try ServerException.decode(from: input) }

    func readProgress() throws -> Progress { try Progress.decode(from: input, revision: revision) }

    func readProfileInfo() throws -> ProfileInfo { try ProfileInfo.decode(from: input) }

    /// Reads the temporary-table name and the block of a Data-like packet.
    func readDataPacket(compressed: Bool) throws -> Block {
        let source = compressed ? blockInput : input
        let block = try DataMessage.decode(from: input, blocks: source, revision: revision,
                                           context: DecodeContext(defaultTimezone: timezone, binaryTypeNames: binaryTypeNames, limits: limits)).block
        if compressed && source !== input && source.available != 0 {
            throw ClickHouseError.protocolViolation("\(source.available) stray bytes after a compressed block")
        }
        return block
    }
}
