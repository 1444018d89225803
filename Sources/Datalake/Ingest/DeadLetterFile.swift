import Foundation

/// Appends rejected events, one JSON object per line, with the reason:
/// `{"source":"events.ndjson","line":12,"reason":"missing field 'org_id'","event":"<original line>"}`.
public final class DeadLetterFile: @unchecked Sendable {
    /// The file written.
    public let path: String
    private let handle: FileHandle
    private let lock = NSLock()
    /// Rejections written.
    public private(set) var count = 0

    /// Opens (creating or appending to) `path`.
    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw DatalakeError.invalidInput("cannot create dead-letter file \(path)")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw DatalakeError.invalidInput("cannot open dead-letter file \(path)")
        }
        h.seekToEndOfFile()
        handle = h
    }

    deinit { try? handle.close() }

    /// Records one rejected line.
    public func write(source: String, line: Int, reason: String, event: some Collection<UInt8>) {
        let object: [String: Any] = [
            "source": source, "line": line, "reason": reason,
            "event": String(decoding: event, as: UTF8.self),
        ]
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        handle.write(data)
        count += 1
    }
}
