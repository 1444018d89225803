/// Writes ClickHouse's *binary type encoding* (the inverse of ``BinaryTypeDecoder``), for
/// values CHNative puts into a `Dynamic`'s shared variant or a `JSON` column's shared data.
enum BinaryTypeEncoder {
    static func encode(_ type: CHType, to w: WriteBuffer) throws {
        switch type {
        case .nothing: w.writeUInt8(0x00)
        case .uint8: w.writeUInt8(0x01)
        case .uint16: w.writeUInt8(0x02)
        case .uint32: w.writeUInt8(0x03)
        case .uint64: w.writeUInt8(0x04)
        case .uint128: w.writeUInt8(0x05)
        case .uint256: w.writeUInt8(0x06)
        case .int8: w.writeUInt8(0x07)
        case .int16: w.writeUInt8(0x08)
        case .int32: w.writeUInt8(0x09)
        case .int64: w.writeUInt8(0x0A)
        case .int128: w.writeUInt8(0x0B)
        case .int256: w.writeUInt8(0x0C)
        case .float32: w.writeUInt8(0x0D)
        case .float64: w.writeUInt8(0x0E)
        case .date: w.writeUInt8(0x0F)
        case .date32: w.writeUInt8(0x10)
        case .dateTime(let tz):
            if let tz {
                w.writeUInt8(0x12)
                w.writeString(tz)
            } else {
                w.writeUInt8(0x11)
            }
        case .dateTime64(let p, let tz):
            w.writeUInt8(tz == nil ? 0x13 : 0x14)
            w.writeUInt8(UInt8(clamping: p))
            if let tz { w.writeString(tz) }
        case .string: w.writeUInt8(0x15)
        case .fixedString(let n):
            w.writeUInt8(0x16)
            w.writeVarUInt(UInt64(n))
        case .enum8(let cases):
            w.writeUInt8(0x17)
            w.writeVarUInt(UInt64(cases.count))
            for c in cases {
                w.writeString(c.name)
                w.writeLE(Int8(truncatingIfNeeded: c.value))
            }
        case .enum16(let cases):
            w.writeUInt8(0x18)
            w.writeVarUInt(UInt64(cases.count))
            for c in cases {
                w.writeString(c.name)
                w.writeLE(Int16(truncatingIfNeeded: c.value))
            }
        case .decimal(let p, let s):
            w.writeUInt8(p <= 9 ? 0x19 : p <= 18 ? 0x1A : p <= 38 ? 0x1B : 0x1C)
            w.writeUInt8(UInt8(clamping: p))
            w.writeUInt8(UInt8(clamping: s))
        case .uuid: w.writeUInt8(0x1D)
        case .array(let t):
            w.writeUInt8(0x1E)
            try encode(t, to: w)
        case .tuple(let elements):
            let named = !elements.isEmpty && elements.allSatisfy { $0.name != nil }
            w.writeUInt8(named ? 0x20 : 0x1F)
            w.writeVarUInt(UInt64(elements.count))
            for e in elements {
                if named { w.writeString(e.name ?? "") }
                try encode(e.type, to: w)
            }
        case .interval(let unit):
            w.writeUInt8(0x22)
            w.writeUInt8(UInt8(IntervalUnit.allCases.firstIndex(of: unit) ?? 0))
        case .nullable(let t):
            w.writeUInt8(0x23)
            try encode(t, to: w)
        case .lowCardinality(let t):
            w.writeUInt8(0x26)
            try encode(t, to: w)
        case .map(let k, let v):
            w.writeUInt8(0x27)
            try encode(k, to: w)
            try encode(v, to: w)
        case .ipv4: w.writeUInt8(0x28)
        case .ipv6: w.writeUInt8(0x29)
        case .variant(let types):
            w.writeUInt8(0x2A)
            w.writeVarUInt(UInt64(types.count))
            for t in types { try encode(t, to: w) }
        case .dynamic(let max):
            w.writeUInt8(0x2B)
            w.writeUInt8(UInt8(clamping: max ?? 32))
        case .geo(let kind):
            w.writeUInt8(0x2C)
            w.writeString(kind.rawValue)
        case .bool: w.writeUInt8(0x2D)
        case .simpleAggregateFunction(let f, let t):
            guard !f.contains("(") else {
                throw ClickHouseError.unsupportedType("cannot write the binary type of \(type.name) (a function with parameters)")
            }
            w.writeUInt8(0x2E)
            w.writeString(f)
            w.writeVarUInt(0)
            w.writeVarUInt(1)
            try encode(t, to: w)
        case .nested(let elements):
            w.writeUInt8(0x2F)
            w.writeVarUInt(UInt64(elements.count))
            for e in elements {
                w.writeString(e.name ?? "")
                try encode(e.type, to: w)
            }
        case .json(let spec):
            w.writeUInt8(0x30)
            w.writeUInt8(0)
            w.writeVarUInt(UInt64(spec.maxDynamicPaths ?? 1024))
            w.writeUInt8(UInt8(clamping: spec.maxDynamicTypes ?? 32))
            w.writeVarUInt(UInt64(spec.typedPaths.count))
            for p in spec.typedPaths {
                w.writeString(p.path)
                try encode(p.type, to: w)
            }
            // Paths and regexps to skip are not kept by JSONSpec; values never carry them.
            w.writeVarUInt(0)
            w.writeVarUInt(0)
        case .bfloat16: w.writeUInt8(0x31)
        case .time: w.writeUInt8(0x32)
        case .time64(let p):
            w.writeUInt8(0x34)
            w.writeUInt8(UInt8(clamping: p))
        case .aggregateFunction, .other:
            throw ClickHouseError.unsupportedType("cannot write the binary type of \(type.name)")
        }
    }
}
