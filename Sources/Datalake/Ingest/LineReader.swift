import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-separated records from a file descriptor in large chunks.
///
/// In follow mode, end of file is not the end: the reader waits for the file to grow (like
/// `tail -f`) and starts over when the file is truncated, until ``stop()`` is called.
public final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let follow: Bool
    private let path: String?
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private let stopFlag = StopFlag()
    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int64 = 0
    /// The 1-based number of the last line returned.
    public private(set) var lineNumber = 0

    /// Reads the file at `path` (`-` for standard input).
    public init(path: String, follow: Bool = false) throws {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            self.path = nil
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw DatalakeError.invalidInput("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
            self.path = path
        }
        self.follow = follow
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// The size of the file, when it is a regular file.
    public var fileSize: Int64? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(st.st_size)
    }

    /// Ends a follow-mode read at the next poll.
    public func stop() { stopFlag.set() }

    /// Set (e.g. from a SIGINT handler) to end every follow-mode read at its next poll.
    public static let interrupted = Atomic<Bool>(false)

    /// The next line without its newline (a final line without newline counts), or `nil` at the end.
    /// `beforeRead` runs before every read that may block (to hand over what was collected so far,
    /// which keeps the latency bound for slow streams and growing files).
    public func nextLine(beforeRead: () throws -> Void = {}) throws -> ArraySlice<UInt8>? {
        while true {
            if let nl = nextNewline() {
                let line = buffer[start..<nl]
                start = nl + 1
                lineNumber += 1
                return line.last == 0x0D ? line.dropLast() : line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            try beforeRead()
            try fill(beforeWait: beforeRead)
        }
    }

    /// The index of the next newline in the buffer at or after `start`.
    private func nextNewline() -> Int? {
        buffer.withUnsafeBufferPointer { p in
            guard start < p.count, let base = p.baseAddress, let hit = memchr(base + start, 0x0A, p.count - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    private func fill(beforeWait: () throws -> Void) throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if n > 0 {
                chunk.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
                bytesRead += Int64(n)
                return
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw DatalakeError.invalidInput("read failed: \(String(cString: strerror(errno)))") }
            // End of file.
            guard follow, !stopFlag.isSet, !LineReader.interrupted.load(ordering: .relaxed) else {
                eof = true
                return
            }
            if let size = fileSize, size < bytesRead {
                // Truncated or replaced: start again from the beginning.
                lseek(fd, 0, SEEK_SET)
                bytesRead = 0
            }
            try beforeWait()
            usleep(50_000)
        }
    }
}

/// A flag set from another thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
