import Foundation
import Testing
@testable import CHNative

/// The message types decode and encode themselves: every non-Data packet of the captured 26.9
/// and 18.16 streams (progress, profile info, exceptions with their chains, table columns,
/// end of stream) re-encodes to exactly the bytes the server sent.
@Suite struct ServerMessageTests {
    @Test func everyCapturedNonDataPacketReencodesToTheServersBytes() throws {
        var counts: [ServerPacket: Int] = [:]
        for capture in try InMemoryConnectionTests.captures() {
            let input = ReadBuffer(bytes: capture.bytes)
            let blockInput = capture.compression == .none ? input : ReadBuffer(capacity: 1 << 16, source: FrameDecompressor(raw: input))
            #expect(try input.readVarUInt() == ServerPacket.hello.rawValue, "\(capture.name)")
            let revision = try ServerHello.decode(from: input).negotiatedRevision
            let reader = PacketReader(input: input, blockInput: blockInput, revision: revision, timezone: "UTC", transport: nil)
            while input.available > 0 {
                let start = input.readIndex
                let packet = try reader.readPacket()
                let original = Array(UnsafeRawBufferPointer(start: input.storage + start, count: input.readIndex - start))
                let out = WriteBuffer()
                let type: ServerPacket
                switch packet {
                case .progress(let p): type = .progress; out.writeVarUInt(type.rawValue); p.encode(to: out, revision: revision)
                case .profileInfo(let p): type = .profileInfo; out.writeVarUInt(type.rawValue); p.encode(to: out)
                case .exception(let e): type = .exception; out.writeVarUInt(type.rawValue); e.encode(to: out)
                case .tableColumns(let t, let d):
                    type = .tableColumns; out.writeVarUInt(type.rawValue); TableColumnsMessage(table: t, description: d).encode(to: out)
                case .endOfStream: type = .endOfStream; out.writeVarUInt(type.rawValue)
                default: continue
                }
                counts[type, default: 0] += 1
                #expect(Array(out.bytes) == original, "\(capture.name): \(type) re-encoded differently")
            }
        }
        // Each kind a SELECT gets occurs in the corpus (TableColumns comes with inserts only).
        for kind in [ServerPacket.progress, .profileInfo, .exception, .endOfStream] {
            #expect((counts[kind] ?? 0) > 0, "no \(kind) packet in the captures")
        }
    }

    /// Data packets too, for plain columns: the decoded block written back is the server's bytes.
    @Test func dataPacketsOfPlainColumnsReencodeToTheServersBytes() throws {
        for name in ["26.9-numbers-none.cap", "18.16-numbers-none.cap", "26.9-nullable_array-none.cap"] {
            let capture = try #require(try InMemoryConnectionTests.captures().first { $0.name == name })
            let input = ReadBuffer(bytes: capture.bytes)
            _ = try input.readVarUInt()
            let revision = try ServerHello.decode(from: input).negotiatedRevision
            var compared = 0
            while input.available > 0 {
                let start = input.readIndex
                let type = try input.readVarUInt()
                guard ServerPacket(rawValue: type) == .data else {
                    input.readIndex = start
                    _ = try PacketReader(input: input, blockInput: input, revision: revision, timezone: "UTC", transport: nil).readPacket()
                    continue
                }
                let message = try DataMessage.decode(from: input, blocks: input, revision: revision, context: DecodeContext(defaultTimezone: "UTC"))
                let original = Array(UnsafeRawBufferPointer(start: input.storage + start, count: input.readIndex - start))
                let out = WriteBuffer()
                out.writeVarUInt(type)
                try message.encode(to: out, blocks: out, revision: revision, binaryTypeNames: false)
                #expect(Array(out.bytes) == original, "\(name): a Data packet of \(message.block.rowCount) rows re-encoded differently")
                compared += 1
            }
            #expect(compared >= 2, "\(name)")
        }
    }

    @Test func tableColumnsRoundTrips() throws {
        let m = TableColumnsMessage(table: "", description: "columns format version: 1\n2 columns:\n`a` Int32\n`s` String\n")
        let out = WriteBuffer()
        m.encode(to: out)
        #expect(try TableColumnsMessage.decode(from: ReadBuffer(bytes: Array(out.bytes))) == m)
    }

    @Test func aNestedExceptionChainRoundTrips() throws {
        let inner = ServerException(code: 27, name: "DB::ParsingException", message: "Cannot parse input", stackTrace: "s2", nested: [])
        let outer = ServerException(code: 1001, name: "std::exception", message: "outer", stackTrace: "s1", nested: [inner])
        let out = WriteBuffer()
        outer.encode(to: out)
        #expect(try ServerException.decode(from: ReadBuffer(bytes: Array(out.bytes))) == outer)
    }

    @Test func progressFieldsFollowTheRevision() throws {
        var p = Progress()
        p.rows = 1; p.bytes = 2; p.totalRowsToRead = 3; p.totalBytesToRead = 4; p.writtenRows = 5; p.writtenBytes = 6; p.elapsedNanoseconds = 7
        for revision in [UInt64(54412), ProtocolRevision.current] {
            let out = WriteBuffer()
            p.encode(to: out, revision: revision)
            let back = try Progress.decode(from: ReadBuffer(bytes: Array(out.bytes)), revision: revision)
            if revision >= ProtocolRevision.withServerQueryTimeInProgress { #expect(back == p) }
            else { #expect(back.rows == 1 && back.elapsedNanoseconds == 0) }
        }
    }
}
