import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The limits that protect ``HTTPServer`` from slow, numerous or oversized clients.
///
/// A client that does not finish a request's header within ``headerTimeout`` seconds (counted
/// from the connection's start, or from the end of the previous response on a kept-alive
/// connection) is disconnected, as is one that does not finish the body within ``bodyTimeout``
/// seconds of the header: a client trickling bytes ("slowloris") holds a connection for at most
/// that long. At most ``maxConnections`` connections are open at once; further clients wait in
/// the listen backlog until one closes.
public struct HTTPServerLimits: Sendable {
    /// Connections open at once (more wait in the listen backlog).
    public var maxConnections: Int
    /// Bytes of all header fields of one request; more is refused with `431`.
    public var maxHeaderBytes: Int
    /// Bytes of one request body; more is refused with `413`.
    public var maxBody: Int
    /// Seconds a client has to send a complete request header.
    public var headerTimeout: Double
    /// Seconds a client has to send a complete request body once its header has arrived.
    public var bodyTimeout: Double
    /// Threads that run the (blocking) handler: requests beyond this many wait for one.
    /// `/health` and `/metrics` run on threads of their own and are never queued behind them.
    public var handlerThreads: Int

    /// Limits; the defaults suit `datalake serve`.
    public init(maxConnections: Int = 4096, maxHeaderBytes: Int = 32 * 1024, maxBody: Int = 32 << 20,
                headerTimeout: Double = 10, bodyTimeout: Double = 60, handlerThreads: Int = 64) {
        self.maxConnections = maxConnections
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBody = maxBody
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.handlerThreads = handlerThreads
    }
}

/// The HTTP/1.1 server of `datalake serve`, on Hummingbird 2 (SwiftNIO): bounded connections,
/// capped header and body sizes, timeouts for slow clients (``HTTPServerLimits``), and a
/// graceful stop that answers every request already received before it returns.
///
/// The handler is synchronous and may block (it waits for ClickHouse); it runs on a pool of
/// ``HTTPServerLimits/handlerThreads`` threads, never on the event loops or Swift's
/// cooperative pool.
public final class HTTPServer: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    private let host: String
    private let requestedPort: Int
    private let limits: HTTPServerLimits
    private let handler: Handler
    private let state = Mutex<State>(State())

    private struct State {
        var port = 0
        var group: ServiceGroup?
        var finished: DispatchSemaphore?
    }

    /// The bound port (useful with port 0); 0 before ``start()``.
    public var port: Int { state.withLock { $0.port } }

    /// A server for `host:port` (port 0 picks a free port) with bodies up to `maxBody` bytes
    /// and the other limits at their defaults.
    public convenience init(host: String = "127.0.0.1", port: Int, maxBody: Int = 32 << 20, handler: @escaping Handler) {
        self.init(host: host, port: port, limits: HTTPServerLimits(maxBody: maxBody), handler: handler)
    }

    /// A server for `host:port` (port 0 picks a free port) with `limits`.
    public init(host: String = "127.0.0.1", port: Int, limits: HTTPServerLimits, handler: @escaping Handler) {
        self.host = host
        self.requestedPort = port
        self.limits = limits
        self.handler = handler
    }

    /// Binds and starts serving in the background; returns once the port is bound.
    public func start() throws {
        try launch(signals: [])
    }

    /// Stops accepting; the requests already received are answered and every connection is
    /// closed in the background (``runUntilSignalled(onListening:)`` waits for that).
    ///
    /// It does not wait: callers may be on Swift's cooperative pool, which parts of the shutdown
    /// (in Hummingbird and swift-service-lifecycle) need.
    public func stop() {
        guard let group = state.withLock({ $0.group }) else { return }
        Task(executorPreference: ThreadTaskExecutor.shared) { await group.triggerGracefulShutdown() }
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, answers the requests already
    /// received and returns. `onListening` is called once the port is bound.
    public func runUntilSignalled(onListening: (Int) -> Void) throws {
        try launch(signals: [.sigterm, .sigint])
        onListening(port)
        guard let finished = state.withLock({ $0.finished }) else { return }
        finished.wait()
        finished.signal()
    }

    private func launch(signals: [UnixSignal]) throws {
        guard (1...65535).contains(requestedPort) || requestedPort == 0 else {
            throw DatalakeError.invalidInput("port must be in 0...65535, not \(requestedPort)")
        }
        guard inetAddress(host) else {
            throw DatalakeError.invalidInput("listen address must be an IPv4 address, not '\(host)'")
        }
        var logger = Logger(label: "datalake.http")
        logger.logLevel = .critical
        let workers = NIOThreadPool(numberOfThreads: max(1, limits.handlerThreads))
        let probes = NIOThreadPool(numberOfThreads: 2)
        workers.start()
        probes.start()
        let responder = Responder(handler: handler, limits: limits, workers: workers, probes: probes)
        let limits = self.limits
        let bound = BoundPort()
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await responder.respond(request) },
            server: .http1(configuration: .init(
                additionalChannelHandlers: [ConnectionGuard(limits: limits)],
                idleTimeout: nil,
                httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: requestedPort), serverName: nil, backlog: 1024, reuseAddress: true,
                availableConnectionsDelegate: MaximumAvailableConnections(max(1, limits.maxConnections))),
            onServerRunning: { channel in bound.set(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals, logger: logger))
        let finished = DispatchSemaphore(value: 0)
        state.withLock {
            $0.group = group
            $0.finished = finished
        }
        let address = "\(host):\(requestedPort)"
        Task(executorPreference: ThreadTaskExecutor.shared) {
            do {
                try await group.run()
                bound.set(.failure(DatalakeError.serverFailed("the HTTP server stopped before it was listening")))
            } catch {
                bound.set(.failure(DatalakeError.serverFailed("cannot listen on \(address): \(error)")))
            }
            try? await workers.shutdownGracefully()
            try? await probes.shutdownGracefully()
            finished.signal()
        }
        switch bound.wait(timeout: 30) {
        case .success(let p):
            state.withLock { $0.port = p }
        case .failure(let error):
            throw error
        }
    }

    private func inetAddress(_ text: String) -> Bool {
        var addr = in_addr()
        return inet_pton(AF_INET, text, &addr) == 1
    }
}

/// The port once the server is listening, or why it is not.
private final class BoundPort: Sendable {
    private let value = Mutex<Result<Int, any Error>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func set(_ result: Result<Int, any Error>) {
        let first = value.withLock { v in
            guard v == nil else { return false }
            v = result
            return true
        }
        if first { ready.signal() }
    }

    func wait(timeout: Double) -> Result<Int, any Error> {
        guard ready.wait(timeout: .now() + timeout) == .success else {
            return .failure(DatalakeError.serverFailed("the HTTP server did not start within \(Int(timeout)) s"))
        }
        ready.signal()
        return value.withLock { $0 } ?? .failure(DatalakeError.serverFailed("the HTTP server did not start"))
    }
}

/// Turns Hummingbird requests into ``HTTPRequest`` values and runs the blocking handler on a
/// thread pool.
private struct Responder: Sendable {
    let handler: HTTPServer.Handler
    let limits: HTTPServerLimits
    let workers: NIOThreadPool
    let probes: NIOThreadPool

    func respond(_ request: Request) async throws -> Response {
        if request.headers[.transferEncoding] != nil {
            return Self.response(.error(411, "chunked bodies are not supported; send Content-Length"), close: true)
        }
        if let length = request.headers[.contentLength] {
            guard let n = Int(length), n >= 0 else { return Self.response(.error(400, "bad Content-Length"), close: true) }
            guard n <= limits.maxBody else { return Self.response(.error(413, "body larger than \(limits.maxBody) bytes"), close: true) }
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limits.maxBody)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return Self.response(.error(413, "body larger than \(limits.maxBody) bytes"), close: true)
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let query = request.uri.query.map { HTTPParser.urlEncoded(Substring($0)) } ?? [:]
        let message = HTTPRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                  headers: headers, body: Array(body.readableBytesView))
        let pool = message.path == "/health" || message.path == "/metrics" ? probes : workers
        let handler = self.handler
        let answer = try await pool.runIfActive { handler(message) }
        return Self.response(answer, close: false)
    }

    static func response(_ r: HTTPResponse, close: Bool) -> Response {
        var fields = HTTPFields()
        for (name, value) in r.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        if close { fields[.connection] = "close" }
        fields[.contentLength] = String(r.body.count)
        return Response(status: .init(code: r.status, reasonPhrase: HTTPResponse.reason(r.status)), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: r.body)))
    }
}
