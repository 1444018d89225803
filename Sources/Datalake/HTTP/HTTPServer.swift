import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server over POSIX sockets: one thread accepts, one thread per connection
/// reads requests (Content-Length bodies, keep-alive) and answers with `handler`.
public final class HTTPServer: @unchecked Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// The bound port (useful with port 0).
    public private(set) var port: Int = 0
    private let host: String
    private let handler: Handler
    private let maxBody: Int
    private var listener: Int32 = -1
    private let stopped = StopFlag()

    /// A server for `host:port` (port 0 picks a free port) with bodies up to `maxBody` bytes.
    public init(host: String = "127.0.0.1", port: Int, maxBody: Int = 32 << 20, handler: @escaping Handler) {
        self.host = host
        self.port = port
        self.maxBody = maxBody
        self.handler = handler
    }

    /// Binds and starts accepting on a background thread.
    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DatalakeError.serverFailed("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            close(fd)
            throw DatalakeError.invalidInput("listen address must be an IPv4 address, not '\(host)'")
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw DatalakeError.serverFailed("cannot listen on \(host):\(port): \(message)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        let t = Thread { [self] in self.acceptLoop() }
        t.name = "http-accept"
        t.start()
    }

    /// Stops accepting (open connections finish their current request).
    public func stop() {
        stopped.set()
        if listener >= 0 {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            listener = -1
        }
    }

    private func acceptLoop() {
        let fd = listener
        while !stopped.isSet {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var tv = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let t = Thread { [self] in self.serve(client) }
            t.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buf: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped.isSet {
            switch HTTPParser.parse(buf, maxBody: maxBody) {
            case .request(let request, let consumed):
                buf.removeFirst(consumed)
                let keepAlive = request.header("connection")?.lowercased() != "close"
                let response = handler(request)
                guard send(fd, response.bytes(keepAlive: keepAlive)), keepAlive else { return }
            case .invalid(let status, let message):
                _ = send(fd, HTTPResponse.error(status, message).bytes(keepAlive: false))
                lingeringClose(fd, chunk: &chunk)
                return
            case .needMore:
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                buf.append(contentsOf: chunk[0..<n])
            }
        }
    }

    /// After refusing a request whose body may still be arriving: stop writing, then read and
    /// discard what the client still sends (for up to a second and 8 MiB), so closing does not
    /// reset the connection before the client has read the error response.
    private func lingeringClose(_ fd: Int32, chunk: inout [UInt8]) {
        shutdown(fd, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var drained = 0
        while drained < 8 << 20 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            drained += n
        }
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            off += n
        }
        return true
    }
}
