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
            let table = try input.readString()
            let description = try input.readString()
            return .tableColumns(table: table, description: description)
        case .timezoneUpdate:
            return .timezoneUpdate(try input.readString())
        default:
            throw ClickHouseError.protocolViolation("unexpected packet \(packet) from \(peer)")
        }
    }

    func readException() throws -> ServerException {
        var chain: [(Int32, String, String, String)] = []
        while true {
            let code = try input.readLE(Int32.self)
            let name = try input.readString()
            let message = try input.readString()
            let stack = try input.readString()
            chain.append((code, name, message, stack))
            let hasNested = try input.readUInt8()
            if hasNested == 0 { break }
            guard chain.count < 64 else { throw ClickHouseError.protocolViolation("exception chain deeper than 64") }
        }
        let nested = chain.dropFirst().map { ServerException(code: $0.0, name: $0.1, message: $0.2, stackTrace: $0.3, nested: []) }
        let top = chain[0]
        return ServerException(code: top.0, name: top.1, message: top.2, stackTrace: top.3, nested: nested)
    }

    func readProgress() throws -> Progress {
        var p = Progress()
        p.rows = try input.readVarUInt()
        p.bytes = try input.readVarUInt()
        p.totalRowsToRead = try input.readVarUInt()
        if revision >= ProtocolRevision.withTotalBytesInProgress { p.totalBytesToRead = try input.readVarUInt() }
        if revision >= ProtocolRevision.withClientWriteInfo {
            p.writtenRows = try input.readVarUInt()
            p.writtenBytes = try input.readVarUInt()
        }
        if revision >= ProtocolRevision.withServerQueryTimeInProgress { p.elapsedNanoseconds = try input.readVarUInt() }
        return p
    }

    func readProfileInfo() throws -> ProfileInfo {
        var p = ProfileInfo()
        p.rows = try input.readVarUInt()
        p.blocks = try input.readVarUInt()
        p.bytes = try input.readVarUInt()
        p.appliedLimit = try input.readUInt8() != 0
        p.rowsBeforeLimit = try input.readVarUInt()
        p.calculatedRowsBeforeLimit = try input.readUInt8() != 0
        return p
    }

    /// Reads the temporary-table name and the block of a Data-like packet.
    func readDataPacket(compressed: Bool) throws -> Block {
        _ = try input.readString() // external table name, empty for results
        let source = compressed ? blockInput : input
        let block = try BlockReader.read(from: source, revision: revision, context: DecodeContext(defaultTimezone: timezone, binaryTypeNames: binaryTypeNames, limits: limits))
        if compressed && source !== input && source.available != 0 {
            throw ClickHouseError.protocolViolation("\(source.available) stray bytes after a compressed block")
        }
        return block
    }
}
