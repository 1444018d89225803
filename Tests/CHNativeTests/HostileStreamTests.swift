import Testing
@testable import CHNative

/// Streams that claim far more than they send: every allocation stays bounded by the bytes
/// received or by a documented limit (``DecodeLimits``), and the error says which.
@Suite struct HostileStreamTests {
    /// A revision-54465 block of one `UInt64` column `a` in sparse serialization whose only
    /// group is `rows` default rows: a dozen bytes that claim any number of rows.
    static func sparseAllDefaults(rows: UInt64, type: String = "UInt64") -> [UInt8] {
        let w = WriteBuffer()
        w.write([0x01, 0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00])  // block info
        w.writeVarUInt(1)
        w.writeVarUInt(rows)
        w.writeString("a")
        w.writeString(type)
        w.writeUInt8(1)  // custom serialization follows
        w.writeUInt8(1)  // sparse
        w.writeVarUInt(SparseCodec.endOfGranule | rows)
        return w.array
    }

    static func decode(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) throws -> Block {
        try BlockReader.read(from: ReadBuffer(bytes: bytes), revision: 54465,
                             context: DecodeContext(defaultTimezone: "UTC", limits: limits))
    }

    @Test(arguments: [UInt64(1) << 39, UInt64(1) << 26, UInt64(1 << 24) + 1])
    func aSparseColumnClaimingHugeRowCountsIsRefusedNotAllocated(rows: UInt64) throws {
        for type in ["UInt64", "String", "FixedString(16)"] {
            let bytes = Self.sparseAllDefaults(rows: rows, type: type)
            #expect(bytes.count < 64)
            let error = #expect(throws: ClickHouseError.self) { _ = try Self.decode(bytes) }
            #expect(error?.description.contains("maximumSparseRows") == true, "\(type): \(String(describing: error))")
        }
    }

    @Test func theSparseLimitIsConfigurable() throws {
        let bytes = Self.sparseAllDefaults(rows: 5000)
        #expect(throws: ClickHouseError.self) { _ = try Self.decode(bytes, limits: DecodeLimits(maximumSparseRows: 4999)) }
        let block = try Self.decode(bytes, limits: DecodeLimits(maximumSparseRows: 5000))
        #expect(block.rowCount == 5000)
        #expect(try block.column(named: "a", as: FixedWidthColumn<UInt64>.self).values.allSatisfy { $0 == 0 })
    }

    /// A length read from the stream (1 GiB here) must not be reserved before the bytes arrive.
    @Test func aClaimedLengthGrowsTheBufferOnlyWithTheBytesThatArrive() throws {
        let sent = [UInt8](repeating: 7, count: 100_000)
        let r = ReadBuffer(capacity: 64, source: ChunkedSource(sent, chunk: 4096))
        #expect(throws: ClickHouseError.self) { _ = try r.readBytes(count: 1 << 30) }
        #expect(r.capacity <= 4 * sent.count, "capacity \(r.capacity) for \(sent.count) bytes received")
    }

    /// LowCardinality sent as many dictionary groups decodes to the same values as one group,
    /// with each group's indexes pointing at its own keys.
    @Test func lowCardinalityInManyGroupsDecodesEveryGroupsKeys() throws {
        let groups = 3000
        let w = WriteBuffer()
        w.writeVarUInt(1)
        w.writeVarUInt(UInt64(groups * 2))
        w.writeString("v")
        w.writeString("LowCardinality(String)")
        w.writeLE(UInt64(1))  // version
        for g in 0..<groups {
            w.writeLE(UInt64(LowCardinalityCodec.hasAdditionalKeys | LowCardinalityCodec.needUpdateDictionary))
            w.writeLE(UInt64(2))
            w.writeString("k\(g)a")
            w.writeString("k\(g)b")
            w.writeLE(UInt64(2))
            w.write([1, 0])  // rows: key b, then key a
        }
        let block = try BlockReader.read(from: ReadBuffer(bytes: w.array), revision: 0, context: DecodeContext(defaultTimezone: "UTC"))
        #expect(block.rowCount == groups * 2)
        let c = try #require(block.columns.first)
        var expected: [CHValue] = []
        for g in 0..<groups { expected += [.bytes(Array("k\(g)b".utf8)), .bytes(Array("k\(g)a".utf8))] }
        #expect(c.values == expected)
    }
}

@Suite struct ReadBufferAppendTests {
    /// Bytes the caller hands over are always kept, whatever the limit for stream lengths
    /// (before, a failed reservation was ignored and the bytes were written past the storage).
    @Test func appendedBytesAreKeptBeyondTheStreamLengthLimit() throws {
        let r = ReadBuffer(capacity: 64, source: nil, maximumContiguous: 100)
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        r.append(contentsOf: bytes)
        #expect(r.capacity >= 1000)
        #expect(try r.readBytes(count: 100) == Array(bytes[0..<100]))
        r.append(contentsOf: bytes)
        var rest: [UInt8] = []
        while try r.hasMore() { rest.append(try r.readUInt8()) }
        #expect(rest == Array(bytes[100...]) + bytes)
    }
}

@Suite struct ProgressSumTests {
    /// Progress counts come from the server; sums beyond 2^64 saturate instead of trapping
    /// (found by the hostile-server fuzzer: Fuzz/regressions/hostile-server).
    @Test func progressSumsSaturate() {
        var p = Progress()
        var huge = Progress()
        huge.rows = .max - 1
        huge.bytes = .max
        p.add(huge)
        var more = Progress()
        more.rows = 5
        more.bytes = 1
        p.add(more)
        #expect(p.rows == .max)
        #expect(p.bytes == .max)
    }
}
