/// A packet read from the server while a query runs.
package enum IncomingPacket {
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
    /// The packet decoder over this connection's buffers (see ``PacketReader``).
    var packetReader: PacketReader {
        PacketReader(input: input, blockInput: blockInput, revision: serverInfo.negotiatedRevision,
                     timezone: queryTimezone ?? sessionTimezone ?? serverInfo.timezone, transport: transport,
                     binaryTypeNames: binaryTypeNames.isOn, limits: configuration.limits)
    }

    /// Reads one server packet.
    func readPacket() throws -> IncomingPacket { try packetReader.readPacket() }

    func readException() throws -> ServerException { try packetReader.readException() }

    func readProgress() throws -> Progress { try packetReader.readProgress() }

    /// Writes a Data packet holding `block` (compressed when the connection compresses).
    func writeDataPacket(_ block: Block, codecs: [any ColumnCodec]? = nil, typeNames: [String]? = nil) throws {
        output.writeVarUInt(ClientPacket.data.rawValue)
        let message = DataMessage(block: block)
        if let compressor {
            blockOutput.clear()
            // Large column payloads are compressed straight from the column's memory.
            let output = self.output
            blockOutput.bulkSink = { try compressor.compress($0, into: output) }
            defer { blockOutput.bulkSink = nil }
            try message.encode(to: output, blocks: blockOutput, codecs: codecs, typeNames: typeNames, revision: serverInfo.negotiatedRevision,
                               binaryTypeNames: binaryInputTypeNames.isOn)
            // Empty when the block ended with a payload the sink took.
            if blockOutput.count > 0 { try compressor.compress(blockOutput.bytes, into: output) }
        } else {
            try message.encode(to: output, blocks: output, codecs: codecs, typeNames: typeNames, revision: serverInfo.negotiatedRevision,
                               binaryTypeNames: binaryInputTypeNames.isOn)
        }
    }

    /// Sends a Query packet followed by the empty block that ends external tables.
    func sendQuery(_ sql: String, queryID: String, settings: [String: String], parameters: [String: String]) throws {
        let revision = serverInfo.negotiatedRevision
        if !parameters.isEmpty && revision < ProtocolRevision.withParameters {
            throw ClickHouseError.invalidInput("server \(serverInfo.name) \(serverInfo.version) (revision \(serverInfo.revision)) does not support query parameters")
        }
        output.clear()
        var merged = configuration.settings
        if let method = compressor?.method, merged["network_compression_method"] == nil {
            // Ask the server to compress its blocks with the same method the client uses.
            merged["network_compression_method"] = method == .zstd ? "zstd" : "lz4"
        }
        for (k, v) in settings { merged[k] = v }
        noteQuerySettings(sql: sql, settings: merged)
        QueryMessage(queryID: queryID, clientName: configuration.clientName, quotaKey: configuration.quotaKey, settings: merged,
                     compressed: compressor != nil, sql: sql, parameters: parameters).encode(to: output, revision: revision)
        try writeDataPacket(Block(unchecked: [], columns: []))
        try flush()
    }
}

extension Connection {
    /// `CHNATIVE_TRACE=1` prints every packet type received to standard error (never values).
    static let tracePackets: Bool = Platform.environment("CHNATIVE_TRACE") == "1"
}

enum FileTrace {
    static func write(_ line: String) {
        Platform.writeToStandardError(Array("chnative: \(line)\n".utf8))
    }
}

extension Connection {
    /// Remembers the timezone a query asks for (`session_timezone` in its settings or its text),
    /// which the server applies to zone-less `DateTime` values without telling the client, and
    /// whether block headers will name types in the binary type encoding.
    func noteQuerySettings(sql: String, settings: [String: String]) {
        queryTimezone = nil
        let text = QueryTextSettings.Scan(sql)
        if let found = text.sessionTimezone {
            if found.persists {
                sessionTimezone = found.name.isEmpty ? nil : found.name
            } else {
                queryTimezone = found.name.isEmpty ? serverInfo.timezone : found.name
            }
        } else if let tz = settings["session_timezone"] {
            queryTimezone = tz.isEmpty ? serverInfo.timezone : tz
        }
        binaryTypeNames.note(text: text, settings: settings)
        binaryInputTypeNames.note(text: text, settings: settings)
    }
}
