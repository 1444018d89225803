import CHNative
import Foundation

/// One recorded conversation: what a real server sent a CHNative client for one query, with
/// what the client must ask to read it the same way (compression, the query and its settings).
///
/// On disk: one line of JSON (``Header``), a newline, then the server's bytes exactly as they
/// crossed the socket (handshake, packets, compressed frames).
public struct Capture: Sendable {
    /// What the replaying client needs to know.
    public struct Header: Codable, Sendable {
        /// The server that produced the bytes, e.g. `26.9` or `18.16`.
        public var server: String
        /// `none`, `lz4` or `zstd`.
        public var compression: String
        /// The query the client sends.
        public var query: String
        /// Per-query settings the client sends.
        public var settings: [String: String]

        public init(server: String, compression: String, query: String, settings: [String: String]) {
            self.server = server
            self.compression = compression
            self.query = query
            self.settings = settings
        }
    }

    public var header: Header
    /// The server's side of the conversation.
    public var bytes: [UInt8]

    public init(header: Header, bytes: [UInt8]) {
        self.header = header
        self.bytes = bytes
    }

    /// The compression method the client must use to read ``bytes``.
    public var compression: CompressionMethod { CompressionMethod(rawValue: header.compression) ?? .none }

    /// The file form: the JSON header line, then the raw bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(header)) + [0x0A] + bytes
    }

    /// Reads the file form; a file that is not one is an error naming it.
    public init(file: String) throws {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        guard let newline = data.firstIndex(of: 0x0A) else { throw HostileServerError("\(file): no header line") }
        header = try JSONDecoder().decode(Header.self, from: Data(data[..<newline]))
        bytes = Array(data[(newline + 1)...])
    }

    /// Every capture file (`*.cap`) in `directory`, sorted by name.
    public static func load(directory: String) throws -> [(name: String, capture: Capture)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".cap") }.sorted()
        return try names.map { ($0, try Capture(file: directory + "/" + $0)) }
    }
}

/// An error of the hostile-server tooling itself (not of the client under test).
public struct HostileServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
