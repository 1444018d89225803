import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy in front of a real server that can stall, cut or corrupt the stream
/// from the server, to test how the client copes with faults.
final class FaultProxy: @unchecked Sendable {
    enum Mode: Sendable {
        /// Forward everything.
        case pass
        /// Accept clients but never answer them (a stalled peer).
        case silent
        /// Forward `bytes` bytes from the server, then close both sides.
        case cutAfter(bytes: Int)
        /// Forward `bytes` bytes from the server, then stop forwarding but keep the socket open.
        case stallAfter(bytes: Int)
        /// XOR one byte at offset `at` of the server's stream.
        case corrupt(at: Int)
    }

    let port: Int
    private let listener: Int32
    private let target: (String, Int)
    private let mode: Mode
    private let stopped = Atomic<Bool>(false)
    private let sockets = Mutex<[Int32]>([])

    init(targetHost: String, targetPort: Int, mode: Mode) throws {
        target = (targetHost, targetPort)
        self.mode = mode
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw NSError(domain: "FaultProxy", code: 1) }
        withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for s in sockets.withLock({ $0 }) { shutdown(s, Int32(SHUT_RDWR)) }
    }

    private func track(_ s: Int32) { sockets.withLock { $0.append(s) } }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            track(client)
            if case .silent = mode { continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr(target.0)
            addr.sin_port = UInt16(target.1).bigEndian
            let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard ok == 0 else { close(client); continue }
            track(upstream)
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, faulty: false) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, faulty: true) }
        }
    }

    private func pump(from: Int32, to: Int32, faulty: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var total = 0
        while true {
            let n = recv(from, &buffer, buffer.count, 0)
            if n <= 0 { break }
            var count = n
            if faulty {
                switch mode {
                case .cutAfter(let limit) where total + n >= limit:
                    count = max(0, limit - total)
                    _ = send(to, buffer, count, Int32(MSG_NOSIGNAL))
                    shutdown(from, Int32(SHUT_RDWR))
                    shutdown(to, Int32(SHUT_RDWR))
                    return
                case .stallAfter(let limit) where total + n >= limit:
                    count = max(0, limit - total)
                    _ = send(to, buffer, count, Int32(MSG_NOSIGNAL))
                    while !stopped.load(ordering: .relaxed) { usleep(50_000) }
                    return
                case .corrupt(let at) where at >= total && at < total + n:
                    buffer[at - total] ^= 0x5A
                default: break
                }
            }
            total += n
            var sent = 0
            while sent < count {
                let m = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                if m <= 0 { return }
                sent += m
            }
        }
        shutdown(to, Int32(SHUT_WR))
    }
}
