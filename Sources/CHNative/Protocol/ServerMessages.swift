/// The server's non-Data packets as values that decode and encode their own bodies (the packet
/// type, a varint, comes before each; ``ServerPacket``). ``PacketReader`` decodes with them;
/// encoding serves tests and the hostile-server tooling, and `ServerMessageTests` checks that
/// every such packet of the captured 26.9 and 18.16 streams re-encodes to the same bytes.

extension ServerException {
    /// An Exception packet's body: the chain, outermost first (at most 64 deep).
    package static func decode(from input: ReadBuffer) throws -> ServerException {
        var chain: [ServerException] = []
        while true {
            let code = try input.readLE(Int32.self)
            let name = try input.readString()
            let message = try input.readString()
            let stack = try input.readString()
            chain.append(ServerException(code: code, name: name, message: message, stackTrace: stack, nested: []))
            if try input.readUInt8() == 0 { break }
            guard chain.count < 64 else { throw ClickHouseError.protocolViolation("exception chain deeper than 64") }
        }
        let top = chain[0]
        return ServerException(code: top.code, name: top.name, message: top.message, stackTrace: top.stackTrace,
                               nested: Array(chain.dropFirst()))
    }

    /// Writes the body ``decode(from:)`` reads.
    package func encode(to output: WriteBuffer) {
        let chain = [self] + nested
        for (i, e) in chain.enumerated() {
            output.writeLE(e.code)
            output.writeString(e.name)
            output.writeString(e.message)
            output.writeString(e.stackTrace)
            output.writeUInt8(i + 1 < chain.count ? 1 : 0)
        }
    }
}

extension Progress {
    /// A Progress packet's body; the fields present depend on the negotiated revision.
    package static func decode(from input: ReadBuffer, revision: UInt64) throws -> Progress {
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

    /// Writes the body ``decode(from:revision:)`` reads at `revision`.
    package func encode(to output: WriteBuffer, revision: UInt64) {
        output.writeVarUInt(rows)
        output.writeVarUInt(bytes)
        output.writeVarUInt(totalRowsToRead)
        if revision >= ProtocolRevision.withTotalBytesInProgress { output.writeVarUInt(totalBytesToRead) }
        if revision >= ProtocolRevision.withClientWriteInfo {
            output.writeVarUInt(writtenRows)
            output.writeVarUInt(writtenBytes)
        }
        if revision >= ProtocolRevision.withServerQueryTimeInProgress { output.writeVarUInt(elapsedNanoseconds) }
    }
}

extension ProfileInfo {
    /// A ProfileInfo packet's body.
    package static func decode(from input: ReadBuffer) throws -> ProfileInfo {
        var p = ProfileInfo()
        p.rows = try input.readVarUInt()
        p.blocks = try input.readVarUInt()
        p.bytes = try input.readVarUInt()
        p.appliedLimit = try input.readUInt8() != 0
        p.rowsBeforeLimit = try input.readVarUInt()
        p.calculatedRowsBeforeLimit = try input.readUInt8() != 0
        return p
    }

    /// Writes the body ``decode(from:)`` reads.
    package func encode(to output: WriteBuffer) {
        output.writeVarUInt(rows)
        output.writeVarUInt(blocks)
        output.writeVarUInt(bytes)
        output.writeUInt8(appliedLimit ? 1 : 0)
        output.writeVarUInt(rowsBeforeLimit)
        output.writeUInt8(calculatedRowsBeforeLimit ? 1 : 0)
    }
}

/// A TableColumns packet: the table (empty for a query's result) and its column description.
package struct TableColumnsMessage: Equatable {
    package var table: String
    package var description: String

    package static func decode(from input: ReadBuffer) throws -> TableColumnsMessage {
        TableColumnsMessage(table: try input.readString(), description: try input.readString())
    }

    package func encode(to output: WriteBuffer) {
        output.writeString(table)
        output.writeString(description)
    }
}

/// A Data packet (and Totals, Extremes, Log, ProfileEvents, which share its layout): the name
/// of the external table it fills (empty for results and inserts), then a block — compressed
/// in frames when the connection compresses, except for Log and ProfileEvents, which are never
/// compressed. The packet type varint comes before it.
package struct DataMessage {
    package var tableName: String
    package var block: Block

    package init(tableName: String = "", block: Block) {
        self.tableName = tableName
        self.block = block
    }

    /// Reads the table name from `input` and the block from `blocks` (`input` itself, or the
    /// decompressed frames that follow in it).
    package static func decode(from input: ReadBuffer, blocks: ReadBuffer, revision: UInt64, context: DecodeContext) throws -> DataMessage {
        let name = try input.readString()
        return DataMessage(tableName: name, block: try BlockReader.read(from: blocks, revision: revision, context: context))
    }

    /// Writes the table name to `output` and the block to `blocks` (`output` itself, or a
    /// buffer whose bytes the caller compresses into `output`).
    func encode(to output: WriteBuffer, blocks: WriteBuffer, codecs: [any ColumnCodec]? = nil, typeNames: [String]? = nil,
                        revision: UInt64, binaryTypeNames: Bool) throws {
        output.writeString(tableName)
        try BlockWriter.write(block, codecs: codecs, typeNames: typeNames, to: blocks, revision: revision, binaryTypeNames: binaryTypeNames)
    }
}
