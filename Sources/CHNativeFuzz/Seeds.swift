// Seed inputs for every target, written by `chnative-fuzz -make-seeds=DIR -target=NAME
// FIXTURE_DIR` from the golden fixtures (Fixtures/native) with CHNative's own encoders:
// valid blocks, packet streams and compressed frames for libFuzzer to mutate.
import CHNative
import CHNativeFuzzTargets
import Foundation

enum Seeds {
    /// Fixtures small enough to seed with, decoded (FORMAT Native = revision 0), with their
    /// raw bytes and type name.
    static func fixtures(in directory: String) -> [(name: String, native: [UInt8], blocks: [Block], type: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".native") }.sorted()
        return names.compactMap { file in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file), data.count < 8192 else { return nil }
            let native = [UInt8](data)
            let r = ReadBuffer(bytes: native)
            var blocks: [Block] = []
            while (try? r.hasMore()) == true, let b = try? BlockReader.read(from: r, revision: 0, context: DecodeContext(defaultTimezone: "UTC")) {
                blocks.append(b)
            }
            let header = ReadBuffer(bytes: native)
            let type = (try? { () throws -> String in
                _ = try header.readVarUInt(); _ = try header.readVarUInt(); _ = try header.readString()
                return try header.readString()
            }()) ?? ""
            return (String(file.dropLast(".native".count)), native, blocks, type)
        }
    }

    /// Writes the seeds of `target` into `output`; returns how many.
    static func write(target: String, fixtureDirectory: String, output: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var count = 0
        func save(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: output + "/seed-" + name))
            count += 1
        }
        let current = ProtocolRevision.current
        for f in fixtures(in: fixtureDirectory) {
            switch target {
            case "block":
                try save(f.name, [0] + f.native)
                try save(f.name + "@current", [1] + encode(f.blocks, revision: current))
            case "packet":
                for (flags, revision) in [(UInt8(0), current), (1, current), (2, 54405)] {
                    let method: CompressionMethod? = flags & 1 == 0 ? nil : (f.name.count % 2 == 0 ? .lz4 : .zstd)
                    try save("\(f.name)-\(flags)", [flags] + queryPackets(f.blocks, revision: revision, compression: method))
                }
            case "frame":
                let stream = encode(f.blocks, revision: current)
                let method: CompressionMethod = [.lz4, .zstd, .none][f.name.count % 3]
                for flags: UInt8 in [0, 3] {
                    try save("\(f.name)-\(flags)", [flags] + compress(stream, method: method, frameSize: 512))
                }
            case "type":
                try save(f.name, Array(f.type.utf8))
            default:
                break
            }
        }
        if target == "block" {
            for (name, bytes) in flattenedBlocks() { try save(name, bytes) }
        }
        if target == "sql-lexer" {
            for (name, bytes) in sqlSeeds() { try save(name, bytes) }
        }
        if target == "packet" {
            try save("exception", [0] + exceptionPacket())
            try save("misc", [0] + miscPackets())
        }
        return count
    }

    static func encode(_ blocks: [Block], revision: UInt64) -> [UInt8] {
        let w = WriteBuffer()
        for b in blocks { try? BlockWriter.write(b, to: w, revision: revision) }
        return w.array
    }

    static func compress(_ bytes: [UInt8], method: CompressionMethod, frameSize: Int) -> [UInt8] {
        let w = WriteBuffer()
        bytes.withUnsafeBytes { try? FrameCompressor(method: method, frameSize: frameSize).compress($0, into: w) }
        return w.array
    }

    /// What a server sends for a SELECT: header block, data, progress, profile info, totals, end.
    static func queryPackets(_ blocks: [Block], revision: UInt64, compression: CompressionMethod?) -> [UInt8] {
        let w = WriteBuffer()
        func data(_ type: ServerPacket, _ block: Block) {
            w.writeVarUInt(type.rawValue)
            w.writeString("")
            let body = encode([block], revision: revision)
            if let compression { w.write(compress(body, method: compression, frameSize: 1 << 20)) } else { w.write(body) }
        }
        w.writeVarUInt(ServerPacket.progress.rawValue)
        for v: UInt64 in [3, 300, 10, 3000, 0, 0, 12345] { w.writeVarUInt(v) }
        for b in blocks { data(.data, b) }
        w.writeVarUInt(ServerPacket.profileInfo.rawValue)
        for v: UInt64 in [3, 1, 300] { w.writeVarUInt(v) }
        w.writeUInt8(0); w.writeVarUInt(3); w.writeUInt8(1)
        if let first = blocks.first { data(.totals, first) }
        w.writeVarUInt(ServerPacket.endOfStream.rawValue)
        return w.array
    }

    static func exceptionPacket() -> [UInt8] {
        let w = WriteBuffer()
        w.writeVarUInt(ServerPacket.exception.rawValue)
        for (i, message) in ["Table default.x does not exist", "nested cause"].enumerated() {
            w.writeLE(Int32(60 + i))
            w.writeString("DB::Exception")
            w.writeString(message)
            w.writeString("0. stack frame")
            w.writeUInt8(i == 0 ? 1 : 0)
        }
        return w.array
    }

    static func miscPackets() -> [UInt8] {
        let w = WriteBuffer()
        w.writeVarUInt(ServerPacket.timezoneUpdate.rawValue)
        w.writeString("Europe/Berlin")
        w.writeVarUInt(ServerPacket.tableColumns.rawValue)
        w.writeString("")
        w.writeString("columns format version: 1\n1 columns:\n`v` UInt8\n")
        w.writeVarUInt(ServerPacket.pong.rawValue)
        w.writeVarUInt(ServerPacket.endOfStream.rawValue)
        return w.array
    }
}
