#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected TCP socket with poll-based connect, read and write timeouts.
///
/// Reads wait in slices so that a raised ``InterruptFlag`` is noticed quickly: the connection
/// uses this to send a Cancel packet from the thread that owns the socket.
final class TCPSocket: Transport {
    private(set) var fd: Int32
    let host: String
    let port: Int
    var timeouts: Timeouts
    /// Called when a read has waited one slice with nothing arriving; may throw to abort.
    var onIdle: (() throws -> Void)?
    /// Polled next to the socket while reading; readable means "call ``onIdle``" (-1: none,
    /// then reads wake every 50 ms to call it).
    var wakeDescriptor: Int32 = -1
    /// Times a read woke up without data (a wake-up or, without a wake descriptor, a slice).
    private(set) var idleWakeups = 0

    var peerDescription: String { "\(host):\(port)" }

    /// Resolves `host` and connects to the first address that accepts within the timeout.
    init(host: String, port: Int, timeouts: Timeouts) throws {
        self.host = host
        self.port = port
        self.timeouts = timeouts
        self.fd = -1
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Platform.streamSocketType
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            let reason = rc == 0 ? "no address" : String(cString: gai_strerror(rc))
            let underlying = rc == 0 ? nil : UnderlyingError(domain: .addressResolution, code: Int(rc), operation: "getaddrinfo", text: reason)
            throw ClickHouseError.connectionFailed(.init("cannot resolve \(host):\(port): \(reason)", endpoint: "\(host):\(port)", underlying: underlying))
        }
        defer { freeaddrinfo(result) }
        var lastError = ConnectFailure.failed(nil)
        var node: UnsafeMutablePointer<addrinfo>? = first
        let deadline = Deadline(seconds: timeouts.connect)
        while let ai = node {
            node = ai.pointee.ai_next
            let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if s < 0 { lastError = .failed(.posix("socket", errno)); continue }
            if Self.connect(fd: s, address: ai.pointee.ai_addr, length: ai.pointee.ai_addrlen, deadline: deadline, failure: &lastError) {
                self.fd = s
                break
            }
            Platform.closeDescriptor(s)
        }
        guard fd >= 0 else {
            switch lastError {
            case .timedOut:
                throw ClickHouseError.timeout(.init("connecting to \(host):\(port) took longer than \(timeouts.connect) s", endpoint: "\(host):\(port)"))
            case .failed(let underlying):
                throw ClickHouseError.connectionFailed(.init("cannot connect to \(host):\(port): \(underlying?.text ?? "no address")",
                                                             endpoint: "\(host):\(port)", underlying: underlying))
            }
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        Platform.prepareSocket(fd)
        var bufSize: Int32 = 1 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufSize, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close() }


    /// Why connecting to one address failed: the deadline passed, or the OS said no.
    private enum ConnectFailure {
        case timedOut
        case failed(UnderlyingError?)
    }

    private static func connect(fd: Int32, address: UnsafeMutablePointer<sockaddr>?, length: socklen_t,
                                deadline: Deadline, failure: inout ConnectFailure) -> Bool {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let rc = Platform.connectSocket(fd, address, length)
        if rc != 0 && errno != EINPROGRESS {
            failure = .failed(.posix("connect", errno))
            return false
        }
        if rc != 0 {
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            while true {
                let ms = deadline.remainingMilliseconds
                if ms <= 0 { failure = .timedOut; return false }
                let p = poll(&pfd, 1, ms)
                if p < 0 && errno == EINTR { continue }
                if p == 0 { failure = .timedOut; return false }
                if p < 0 { failure = .failed(.posix("poll", errno)); return false }
                break
            }
            var soError: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
            if soError != 0 { failure = .failed(.posix("connect", soError)); return false }
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        return true
    }

    func close() {
        if fd >= 0 {
            Platform.shutdownAndClose(fd)
            fd = -1
        }
    }

    /// Waits until the socket is readable (`forRead`) or writable, within the timeout.
    func wait(forRead: Bool) throws {
        guard fd >= 0 else { throw closedError }
        let limit = forRead ? timeouts.read : timeouts.write
        let deadline = Deadline(seconds: limit)
        let wake = forRead && onIdle != nil ? wakeDescriptor : -1
        var fds = (pollfd(fd: fd, events: Int16(forRead ? POLLIN : POLLOUT), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
        while true {
            let slice = forRead && onIdle != nil && wake < 0 ? min(deadline.remainingMilliseconds, 50) : deadline.remainingMilliseconds
            if slice <= 0 {
                throw ClickHouseError.timeout(.init("no \(forRead ? "data from" : "progress writing to") \(peerDescription) for \(limit) s",
                                                    endpoint: peerDescription))
            }
            let p = withUnsafeMutableBytes(of: &fds) { raw in
                poll(raw.baseAddress?.assumingMemoryBound(to: pollfd.self), wake >= 0 ? 2 : 1, slice)
            }
            if p > 0 && fds.0.revents != 0 { return }
            if p > 0 { Platform.drainWakePipe(wake) }
            if p < 0 {
                if errno == EINTR { continue }
                throw systemError("poll on", "poll")
            }
            if forRead, let onIdle {
                idleWakeups += 1
                try onIdle()
            }
        }
    }

    /// Whether a read would return at once: bytes (or the end of the stream, or an error) are waiting.
    func hasInputReady() -> Bool {
        guard fd >= 0 else { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) > 0 && pfd.revents != 0
    }

    /// Reads whatever is available (at least one byte) into `into`; returns the count.
    func readSome(into: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            guard fd >= 0 else { throw closedError }
            let n = recv(fd, into, count, Int32(MSG_DONTWAIT))
            if n > 0 { return n }
            if n == 0 { throw ClickHouseError.connectionClosed(.init("\(peerDescription) closed the connection", endpoint: peerDescription)) }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(forRead: true)
                continue
            }
            if errno == EINTR { continue }
            throw systemError("reading from", "recv")
        }
    }

    func fill(_ buffer: ReadBuffer) throws {
        if buffer.writableSpace < 4096 { try buffer.reserveWritable(64 * 1024) }
        let n = try readSome(into: buffer.writePointer, count: buffer.writableSpace)
        buffer.commitWrite(n)
    }

    func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int {
        try readSome(into: destination, count: count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            guard fd >= 0 else { throw closedError }
            let n = send(fd, base + done, bytes.count - done, Platform.sendFlags)
            if n > 0 { done += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { try wait(forRead: false); continue }
            if n < 0 && errno == EINTR { continue }
            throw systemError("writing to", "send")
        }
    }

    private var closedError: ClickHouseError {
        .connectionClosed(.init("connection to \(peerDescription) is closed", endpoint: peerDescription))
    }

    /// `connectionFailed` for the system call `operation` that just failed with `errno`.
    private func systemError(_ what: String, _ operation: String) -> ClickHouseError {
        let underlying = UnderlyingError.posix(operation, errno)
        return .connectionFailed(.init("\(what) \(peerDescription): \(underlying.text)", endpoint: peerDescription, underlying: underlying))
    }
}

/// A point in time on the monotonic clock, for timeouts.
struct Deadline {
    let end: UInt64

    init(seconds: Double) {
        let ns = seconds.isFinite && seconds > 0 ? UInt64(min(seconds, 1e9) * 1e9) : UInt64(1e18)
        end = Deadline.now() &+ ns
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    var remainingMilliseconds: Int32 {
        let now = Deadline.now()
        if now >= end { return 0 }
        return Int32(min((end - now) / 1_000_000 + 1, UInt64(Int32.max)))
    }
}
