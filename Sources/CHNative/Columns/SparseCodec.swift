/// Sparse serialization (server → client from revision 54465): the body holds the positions of
/// the non-default rows as varint group sizes — each group is that many default rows followed by
/// one non-default row, and the last group (flagged with bit 62) is the trailing default rows —
/// and then only the non-default values in the nested serialization.
///
/// Decoding expands to an ordinary dense column (defaults are zero bytes for fixed-width types
/// and FixedString, the empty string for String).
final class SparseCodec: ColumnCodec {
    static let endOfGranule: UInt64 = 1 << 62

    let type: CHType
    let nested: any ColumnCodec

    init(type: CHType, nested: any ColumnCodec) {
        self.type = type
        self.nested = nested
    }

    func readPrefix(_ r: ReadBuffer) throws { try nested.readPrefix(r) }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        // Default rows take no bytes on the wire, so the expanded column is bounded by a limit,
        // not by what was received.
        guard rows <= context.limits.maximumSparseRows else {
            throw ClickHouseError.protocolViolation("sparse \(type.name): a block of \(rows) rows exceeds DecodeLimits.maximumSparseRows (\(context.limits.maximumSparseRows)); raise it in ConnectionConfiguration.limits to read blocks this large")
        }
        var positions: [Int] = []
        var row = 0
        while true {
            let v = try r.readVarUInt()
            let end = v & SparseCodec.endOfGranule != 0
            let group = v & ~SparseCodec.endOfGranule
            guard group <= UInt64(rows - row) else {
                throw ClickHouseError.protocolViolation("sparse \(type.name): a group of \(group) defaults passes the \(rows) rows")
            }
            row += Int(group)
            if end {
                if row == rows { break }
                continue
            }
            guard row < rows else { throw ClickHouseError.protocolViolation("sparse \(type.name): non-default value after the last row") }
            positions.append(row)
            row += 1
        }
        let values = try nested.read(r, rows: positions.count, context: context)
        return try expand(values, positions: positions, rows: rows, context: context)
    }

    /// Rebuilds the dense column by producing its default serialization and decoding that.
    private func expand(_ values: any Column, positions: [Int], rows: Int, context: DecodeContext) throws -> any Column {
        let w = WriteBuffer()
        if let fixed = values as? any RawFixedWidthColumn {
            let size = fixed.elementSize
            var dense = [UInt8](repeating: 0, count: rows * size)
            fixed.withRawBytes { src in
                dense.withUnsafeMutableBytes { dst in
                    guard let from = src.baseAddress, let to = dst.baseAddress else { return }
                    for (i, p) in positions.enumerated() {
                        (to + p * size).copyMemory(from: from + i * size, byteCount: size)
                    }
                }
            }
            w.write(dense)
        } else if let strings = values as? StringColumn {
            var next = 0
            for row in 0..<rows {
                if next < positions.count, positions[next] == row {
                    strings.withBytes(at: next) { w.writeBytesWithLength($0) }
                    next += 1
                } else {
                    w.writeVarUInt(0)
                }
            }
        } else if let fixed = values as? FixedStringColumn {
            var dense = [UInt8](repeating: 0, count: rows * fixed.width)
            for (i, p) in positions.enumerated() {
                dense.replaceSubrange((p * fixed.width)..<((p + 1) * fixed.width), with: fixed.data[(i * fixed.width)..<((i + 1) * fixed.width)])
            }
            w.write(dense)
        } else {
            throw ClickHouseError.unsupportedType("sparse serialization of \(type.name) is not supported")
        }
        return try nested.read(ReadBuffer(bytes: w.bytes), rows: rows, context: context)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        throw ClickHouseError.invalidInput("CHNative writes \(type.name) densely, never sparse")
    }
}

/// The per-column serialization kinds sent after the "has custom serialization" byte: one
/// byte per column (0 default, 1 sparse), and for tuples the tuple's byte followed by its
/// elements' kinds.
indirect enum SerializationKinds {
    case leaf(UInt8)
    case tuple(UInt8, [SerializationKinds])

    static let defaultKind: UInt8 = 0
    static let sparseKind: UInt8 = 1

    static func read(_ r: ReadBuffer, for type: CHType) throws -> SerializationKinds {
        let kind = try r.readUInt8()
        if case .tuple(let elements) = type.wireType {
            return .tuple(kind, try elements.map { try read(r, for: $0.type) })
        }
        return .leaf(kind)
    }
}

/// The codec for `type` serialized with `kinds`.
func makeCodec(for type: CHType, kinds: SerializationKinds) throws -> any ColumnCodec {
    switch kinds {
    case .leaf(SerializationKinds.defaultKind):
        return try makeCodec(for: type)
    case .leaf(SerializationKinds.sparseKind):
        return SparseCodec(type: type, nested: try makeCodec(for: type))
    case .tuple(SerializationKinds.defaultKind, let elementKinds):
        guard case .tuple(let elements) = type.wireType, elements.count == elementKinds.count else {
            throw ClickHouseError.protocolViolation("serialization kinds do not match \(type.name)")
        }
        return TupleCodec(type: type.wireType, elements: try zip(elements, elementKinds).map { try makeCodec(for: $0.type, kinds: $1) })
    case .leaf(let k), .tuple(let k, _):
        throw ClickHouseError.unsupportedType("\(type.name): serialization kind \(k) is not supported (CHNative reads default and sparse)")
    }
}
