import Foundation
@testable import CHNative

/// The golden fixtures in `Fixtures/native/`, written by `scripts/make-fixtures.sh` from the
/// real ClickHouse engine: `FORMAT Native` bytes and `FORMAT TabSeparated` text per case.
enum GoldenFixtures {
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let name: String
        let column: String
        let type: String
        let rows: Int
        let timezone: String
        let nativeBytes: Int
        let query: String
        var description: String { name }
    }

    struct Manifest: Decodable {
        let server: String
        let timezone: String
        let fixtures: [Entry]
    }

    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/native")

    /// The manifest, or an empty one when it cannot be read (the test that checks it fails then).
    static let manifest: Manifest? = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }()

    static var entries: [Entry] { manifest?.fixtures ?? [] }

    static func bytes(_ name: String, _ ext: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).\(ext)")))
    }

    /// Decodes every block of a `FORMAT Native` byte string (blocks without BlockInfo, i.e.
    /// protocol revision 0), feeding the reader `chunk` bytes at a time.
    static func decodeNative(_ bytes: [UInt8], timezone: String?, chunk: Int = 1 << 30) throws -> [Block] {
        let r = ReadBuffer(capacity: 64, source: ChunkedSource(bytes, chunk: chunk))
        var consumed = 0
        var blocks: [Block] = []
        while consumed < bytes.count {
            blocks.append(try BlockReader.read(from: r, revision: 0, context: DecodeContext(defaultTimezone: timezone)))
            consumed = bytes.count - r.available - ((r.source as? ChunkedSource).map { $0.bytes.count - $0.offset } ?? 0)
        }
        return blocks
    }

    /// The type names written in the header of each column of the first block.
    static func typeNames(_ bytes: [UInt8]) throws -> [String] {
        let r = ReadBuffer(bytes: bytes)
        let columns = try r.readLength()
        _ = try r.readLength()
        guard columns > 0 else { return [] }
        _ = try r.readString()
        return [try r.readString()]
    }
}
