/// A packet read from the server while a query runs.
enum IncomingPacket {
    case data(Block)
    case exception(ServerException)
    case progress(Progress)
    case pong
    case endOfStream
    case profileInfo(ProfileInfo)
    case totals(Block)
    case extremes(Block)
    case log(Block)
    case tableColumns(table: String, description: String)
    case profileEvents(Block)
    case timezoneUpdate(String)
}

extension Connection {
    /// Reads one server packet.
    func readPacket() throws -> IncomingPacket {
        let type = try input.readVarUInt()
        if Connection.tracePackets { FileTrace.write("packet \(ServerPacket(rawValue: type).map { "\($0)" } ?? String(type))") }
        guard let packet = ServerPacket(rawValue: type) else {
            throw ClickHouseError.protocolViolation("unknown packet type \(type) from \(transport.peerDescription)")
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
            throw ClickHouseError.protocolViolation("unexpected packet \(packet) from \(transport.peerDescription)")
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
        let revision = serverInfo.negotiatedRevision
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
        let block = try BlockReader.read(from: source, revision: serverInfo.negotiatedRevision,
                                         context: DecodeContext(defaultTimezone: queryTimezone ?? sessionTimezone ?? serverInfo.timezone))
        if compressed && source !== input && source.available != 0 {
            throw ClickHouseError.protocolViolation("\(source.available) stray bytes after a compressed block")
        }
        return block
    }

    /// Writes a Data packet holding `block` (compressed when the connection compresses).
    func writeDataPacket(_ block: Block, codecs: [any ColumnCodec]? = nil, typeNames: [String]? = nil) throws {
        output.writeVarUInt(ClientPacket.data.rawValue)
        output.writeString("")
        if let compressor {
            blockOutput.clear()
            try BlockWriter.write(block, codecs: codecs, typeNames: typeNames, to: blockOutput, revision: serverInfo.negotiatedRevision)
            try compressor.compress(blockOutput.bytes, into: output)
        } else {
            try BlockWriter.write(block, codecs: codecs, typeNames: typeNames, to: output, revision: serverInfo.negotiatedRevision)
        }
    }

    /// Sends a Query packet followed by the empty block that ends external tables.
    func sendQuery(_ sql: String, queryID: String, settings: [String: String], parameters: [String: String]) throws {
        let revision = serverInfo.negotiatedRevision
        if !parameters.isEmpty && revision < ProtocolRevision.withParameters {
            throw ClickHouseError.invalidInput("server \(serverInfo.name) \(serverInfo.version) (revision \(serverInfo.revision)) does not support query parameters")
        }
        output.clear()
        output.writeVarUInt(ClientPacket.query.rawValue)
        output.writeString(queryID)
        if revision >= ProtocolRevision.withClientInfo {
            ClientInfoWriter(clientName: configuration.clientName, quotaKey: configuration.quotaKey, queryID: queryID)
                .write(to: output, revision: revision)
        }
        var merged = configuration.settings
        if let method = compressor?.method, merged["network_compression_method"] == nil {
            // Ask the server to compress its blocks with the same method the client uses.
            merged["network_compression_method"] = method == .zstd ? "zstd" : "lz4"
        }
        for (k, v) in settings { merged[k] = v }
        noteSessionTimezone(sql: sql, settings: merged)
        SettingsWriter.writeSettings(merged, to: output, revision: revision)
        if revision >= ProtocolRevision.withInterserverSecret { output.writeString("") }
        output.writeVarUInt(QueryStage.complete.rawValue)
        output.writeVarUInt(compressor == nil ? 0 : 1)
        output.writeString(sql)
        if revision >= ProtocolRevision.withParameters {
            SettingsWriter.writeParameters(parameters, to: output)
        }
        try writeDataPacket(Block(unchecked: [], columns: []))
        try flush()
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension Connection {
    /// `CHNATIVE_TRACE=1` prints every packet type received to standard error (never values).
    static let tracePackets: Bool = getenv("CHNATIVE_TRACE").map { String(cString: $0) == "1" } ?? false
}

enum FileTrace {
    static func write(_ line: String) {
        let bytes = Array("chnative: \(line)\n".utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

extension Connection {
    /// Remembers the timezone a query asks for (`session_timezone` in its settings or its text),
    /// which the server applies to zone-less `DateTime` values without telling the client.
    func noteSessionTimezone(sql: String, settings: [String: String]) {
        queryTimezone = nil
        if let found = SessionTimezone.find(in: sql) {
            if found.persists {
                sessionTimezone = found.name.isEmpty ? nil : found.name
            } else {
                queryTimezone = found.name.isEmpty ? serverInfo.timezone : found.name
            }
        } else if let tz = settings["session_timezone"] {
            queryTimezone = tz.isEmpty ? serverInfo.timezone : tz
        }
    }
}
