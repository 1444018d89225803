#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library calls CHNative makes whose names or flags differ between platforms, in one
/// place. Everything else calls POSIX functions that Glibc, Musl and Darwin spell alike, with
/// the three-way import at the top of the file; no file outside this one names a C module.
enum Platform {
    /// `errno` as text.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// An environment variable, or `nil`.
    static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// This machine's host name (empty when it cannot be read).
    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "" }
        return String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes to standard error, unbuffered.
    static func writeToStandardError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var off = 0
            while off < raw.count {
                let n = write(2, base + off, raw.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }

    /// Microseconds since 1970 on the wall clock.
    static func wallClockMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000 &+ UInt64(ts.tv_nsec / 1000)
    }

    /// The socket type of a TCP stream, as `addrinfo.ai_socktype` wants it.
    static var streamSocketType: Int32 {
        #if canImport(Glibc)
        return Int32(SOCK_STREAM.rawValue)
        #else
        return SOCK_STREAM
        #endif
    }

    /// Flags for `send` on a socket: never raise SIGPIPE when the peer has gone (Linux says so
    /// per call; Darwin per socket, see ``prepareSocket(_:)``), and never block.
    static var sendFlags: Int32 {
        #if canImport(Darwin)
        return Int32(MSG_DONTWAIT)
        #else
        return Int32(MSG_NOSIGNAL | MSG_DONTWAIT)
        #endif
    }

    /// Per-socket options that Linux sets per call (Darwin: no SIGPIPE on writes).
    static func prepareSocket(_ fd: Int32) {
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// `connect(2)`, named apart from the socket types' own `connect` methods.
    static func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
        connect(fd, address, length)
    }

    /// Shuts a socket down in both directions and closes it.
    static func shutdownAndClose(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_RDWR))
        _ = close(fd)
    }

    /// Closes a descriptor.
    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// A pipe whose read end wakes a `poll` when a byte is written to the other end; both ends
    /// non-blocking and closed on exec. `nil` when the process is out of descriptors.
    static func makeWakePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// Makes the read end of a wake pipe readable (a full pipe is already readable).
    static func wake(_ writeEnd: Int32) {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Reads every pending byte of a wake pipe's read end.
    static func drainWakePipe(_ readEnd: Int32) {
        var buf = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buf, { read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
