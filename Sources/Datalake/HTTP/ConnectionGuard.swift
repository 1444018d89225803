import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// One per connection, after the HTTP decoder: enforces ``HTTPServerLimits/headerTimeout`` and
/// ``HTTPServerLimits/bodyTimeout``, answers malformed and oversized headers with a JSON error
/// (`431` for a header over the limit, `400` otherwise), and closes a connection whose response
/// said `Connection: close` once that response is written, reading and discarding what the
/// client still sends for up to a second first (so the client sees the answer, not a reset).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var headsReceived = 0
    private var responsesSent = 0
    private var closeAfterResponse = false
    private var closing = false

    init(limits: HTTPServerLimits) {
        headerTimeout = .milliseconds(Int64(limits.headerTimeout * 1000))
        bodyTimeout = .milliseconds(Int64(limits.bodyTimeout * 1000))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, headerTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil && headsReceived == 0 { arm(context, headerTimeout) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }  // discarding what a refused client still sends
        switch unwrapInboundIn(data) {
        case .head:
            headsReceived += 1
            arm(context, bodyTimeout)
        case .body:
            break
        case .end:
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            responsesSent += 1
            if closeAfterResponse {
                let done = context.eventLoop.makePromise(of: Void.self)
                context.write(data, promise: done)
                if let promise { done.futureResult.cascade(to: promise) }
                let loop = context.eventLoop.assumeIsolated()
                done.futureResult.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in
                    self.lingeringClose(context, loop: loop)
                }
            } else {
                context.write(data, promise: promise)
                // Waiting for the next request on a kept-alive connection: its header is due in time.
                if responsesSent >= headsReceived { arm(context, headerTimeout) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !closing else { return }
        let (status, message) = parse == .headerOverflow
            ? (431, "request header larger than the server's limit")
            : (400, "malformed request: \(parse)")
        let json = HTTPResponse.error(status, message)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(json.body.count)
        fields[.connection] = "close"
        closeAfterResponse = true
        let head = HTTPTypes.HTTPResponse(status: .init(code: status, reasonPhrase: HTTPResponse.reason(status)), headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: json.body))), promise: nil)
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        let loop = context.eventLoop.assumeIsolated()
        done.futureResult.assumeIsolated().whenComplete { _ in self.lingeringClose(context, loop: loop) }
    }

    /// Half-closes (the client reads the response and EOF), discards input for up to a second,
    /// then closes.
    private func lingeringClose(_ context: ChannelHandlerContext, loop: NIOIsolatedEventLoop) {
        guard !closing else { return }
        closing = true
        timer?.cancel()
        context.close(mode: .output, promise: nil)
        timer = loop.scheduleTask(in: .seconds(1)) { context.close(promise: nil) }
    }

    private func arm(_ context: ChannelHandlerContext, _ after: TimeAmount) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: after) { [weak self] in
            guard let self, !self.closing else { return }
            self.closing = true
            context.close(promise: nil)
        }
    }
}

/// A `TaskExecutor` on threads of its own: the HTTP server's tasks run here, so they never
/// wait for Swift's cooperative pool (whose few threads callers may be blocking).
final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    /// The executor of every ``HTTPServer``.
    static let shared = ThreadTaskExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    init(threads: Int) {
        for i in 0..<threads {
            let t = Thread { [self] in self.loop() }
            t.name = "datalake-http-\(i)"
            t.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
