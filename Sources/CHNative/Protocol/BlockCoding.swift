/// Decodes native blocks.
package enum BlockReader {
    package static func read(from r: ReadBuffer, revision: UInt64, context: DecodeContext) throws -> Block {
        r.recycler?.beginBlock()
        r.binaryTypeNames = context.binaryTypeNames
        var isOverflows = false
        var bucket: Int32 = -1
        if revision >= ProtocolRevision.withBlockInfo {
            fieldLoop: while true {
                let field = try r.readVarUInt()
                switch field {
                case 0: break fieldLoop
                case 1: isOverflows = try r.readUInt8() != 0
                case 2: bucket = try r.readLE(Int32.self)
                default: throw ClickHouseError.protocolViolation("unknown block info field \(field)")
                }
            }
        }
        let columnCount = try r.readLength(limit: 1 << 20, what: "column count")
        let rowCount = try r.readLength(limit: 1 << 40, what: "row count")
        var names: [String] = []
        var columns: [any Column] = []
        var declared: [CHType] = []
        names.reserveCapacity(columnCount)
        columns.reserveCapacity(columnCount)
        for _ in 0..<columnCount {
            let name = try r.readString()
            let type: CHType
            let typeName: String
            do {
                if context.binaryTypeNames {
                    type = try BinaryTypeDecoder.decode(r)
                    typeName = type.name
                } else {
                    typeName = try r.readString()
                    type = try TypeParser.parse(typeName)
                }
            } catch ClickHouseError.unsupportedType(let message) {
                throw ClickHouseError.unsupportedType("column '\(name)': \(message)")
            } catch ClickHouseError.protocolViolation(let message) {
                throw ClickHouseError.protocolViolation("column '\(name)': \(message)")
            }
            var custom: UInt8 = 0
            if revision >= ProtocolRevision.withCustomSerialization { custom = try r.readUInt8() }
            let codec: any ColumnCodec
            do {
                if custom != 0 {
                    guard revision >= ProtocolRevision.withSparseSerialization else {
                        throw ClickHouseError.protocolViolation("custom serialization below revision \(ProtocolRevision.withSparseSerialization)")
                    }
                    codec = try makeCodec(for: type, kinds: try SerializationKinds.read(r, for: type))
                } else {
                    codec = try makeCodec(for: type)
                }
            } catch ClickHouseError.unsupportedType(let message) {
                throw ClickHouseError.unsupportedType("column '\(name)': \(message)")
            } catch ClickHouseError.protocolViolation(let message) {
                throw ClickHouseError.protocolViolation("column '\(name)' of type \(typeName): \(message)")
            }
            if rowCount > 0 {
                try codec.readPrefix(r)
                columns.append(try codec.read(r, rows: rowCount, context: context))
            } else {
                columns.append(try codec.read(ReadBuffer(bytes: [UInt8]()), rows: 0, context: context))
            }
            names.append(name)
            declared.append(type)
        }
        var block = Block(unchecked: names, columns: columns)
        if zip(declared, columns).contains(where: { $0 != $1.type }) { block.declaredTypes = declared }
        block.isOverflows = isOverflows
        block.bucketNumber = bucket
        return block
    }
}

/// Encodes native blocks.
package enum BlockWriter {
    /// Encodes `block` with codecs made from its own column types.
    package static func write(_ block: Block, to w: WriteBuffer, revision: UInt64) throws {
        try write(block, codecs: nil, to: w, revision: revision)
    }

    /// Writes `block`; with `binaryTypeNames` the header and `Dynamic` prefixes name types in the
    /// binary type encoding (what the server reads with
    /// `input_format_native_decode_types_in_binary_format = 1`).
    static func write(_ block: Block, codecs: [any ColumnCodec]?, typeNames: [String]? = nil, to w: WriteBuffer, revision: UInt64,
                      binaryTypeNames: Bool = false) throws {
        w.binaryTypeNames = binaryTypeNames
        defer { w.binaryTypeNames = false }
        if revision >= ProtocolRevision.withBlockInfo {
            w.writeVarUInt(1)
            w.writeUInt8(block.isOverflows ? 1 : 0)
            w.writeVarUInt(2)
            w.writeLE(block.bucketNumber)
            w.writeVarUInt(0)
        }
        w.writeVarUInt(UInt64(block.columnCount))
        w.writeVarUInt(UInt64(block.rowCount))
        for (i, column) in block.columns.enumerated() {
            w.writeString(block.names[i])
            if binaryTypeNames {
                try BinaryTypeEncoder.encode(try typeNames.map { try TypeParser.parse($0[i]) } ?? column.type, to: w)
            } else {
                w.writeString(typeNames?[i] ?? column.type.name)
            }
            if revision >= ProtocolRevision.withCustomSerialization { w.writeUInt8(0) }
            let codec = try codecs?[i] ?? makeCodec(for: column.type)
            if block.rowCount > 0 {
                try codec.writePrefix(column, to: w)
                try codec.write(column, to: w)
            }
        }
    }
}
