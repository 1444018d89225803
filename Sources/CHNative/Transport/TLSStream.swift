import COpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// TLS over a ``TCPSocket`` through the system OpenSSL, non-blocking underneath so that the
/// socket's timeouts and interrupt flag keep working.
final class TLSStream: Transport {
    private let socket: TCPSocket
    private var context: OpaquePointer?
    private var ssl: OpaquePointer?

    var peerDescription: String { socket.peerDescription }

    var timeouts: Timeouts {
        get { socket.timeouts }
        set { socket.timeouts = newValue }
    }

    var onIdle: (() throws -> Void)? {
        get { socket.onIdle }
        set { socket.onIdle = newValue }
    }

    var wakeDescriptor: Int32 {
        get { socket.wakeDescriptor }
        set { socket.wakeDescriptor = newValue }
    }

    init(socket: TCPSocket, host: String, configuration: TLSConfiguration) throws {
        self.socket = socket
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot create an OpenSSL context", "SSL_CTX_new", endpoint: socket.peerDescription))
        }
        context = ctx
        _ = chn_SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)
        if configuration.verifyCertificate {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
            if configuration.caFile != nil || configuration.caDirectory != nil {
                if SSL_CTX_load_verify_locations(ctx, configuration.caFile, configuration.caDirectory) != 1 {
                    throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot load CA certificates from \(configuration.caFile ?? configuration.caDirectory ?? "")",
                                                                       "SSL_CTX_load_verify_locations", endpoint: socket.peerDescription))
                }
            } else if SSL_CTX_set_default_verify_paths(ctx) != 1 {
                throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot load the system CA store", "SSL_CTX_set_default_verify_paths", endpoint: socket.peerDescription))
            }
        } else {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        }
        if let cert = configuration.clientCertificateFile {
            guard SSL_CTX_use_certificate_chain_file(ctx, cert) == 1 else {
                throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot load client certificate \(cert)", "SSL_CTX_use_certificate_chain_file",
                                                                   endpoint: socket.peerDescription))
            }
            let key = configuration.clientKeyFile ?? cert
            guard SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1 else {
                throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot load client key \(key)", "SSL_CTX_use_PrivateKey_file", endpoint: socket.peerDescription))
            }
        }
        guard let ssl = SSL_new(ctx) else {
            throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot create an OpenSSL session", "SSL_new", endpoint: socket.peerDescription))
        }
        self.ssl = ssl
        let name = configuration.serverName ?? host
        let isIP = TLSStream.isIPAddress(name)
        if !isIP { _ = chn_SSL_set_tlsext_host_name(ssl, name) }
        if configuration.verifyCertificate {
            if isIP {
                let param = SSL_get0_param(ssl)
                _ = X509_VERIFY_PARAM_set1_ip_asc(param, name)
            } else {
                _ = SSL_set1_host(ssl, name)
            }
        }
        let flags = fcntl(socket.fd, F_GETFL, 0)
        _ = fcntl(socket.fd, F_SETFL, flags | O_NONBLOCK)
        guard SSL_set_fd(ssl, socket.fd) == 1 else {
            throw ClickHouseError.tls(TLSStream.openSSLFailure("cannot attach TLS to the socket", "SSL_set_fd", endpoint: socket.peerDescription))
        }
        try handshake(ssl, timeout: socket.timeouts.connect)
    }

    deinit {
        if let ssl { SSL_free(ssl) }
        if let context { SSL_CTX_free(context) }
    }

    private func handshake(_ ssl: OpaquePointer, timeout: Double) throws {
        let deadline = Deadline(seconds: timeout)
        while true {
            ERR_clear_error()
            let rc = SSL_connect(ssl)
            if rc == 1 { return }
            let err = SSL_get_error(ssl, rc)
            if deadline.remainingMilliseconds <= 0 {
                throw ClickHouseError.timeout(.init("TLS handshake with \(peerDescription) took longer than \(timeout) s", endpoint: peerDescription))
            }
            switch err {
            case SSL_ERROR_WANT_READ: try socket.wait(forRead: true)
            case SSL_ERROR_WANT_WRITE: try socket.wait(forRead: false)
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    let reason = String(cString: X509_verify_cert_error_string(verify))
                    throw ClickHouseError.tls(.init("certificate verification of \(peerDescription) failed: \(reason)", endpoint: peerDescription,
                                                    underlying: UnderlyingError(domain: .certificateVerification, code: verify, operation: "SSL_connect", text: reason)))
                }
                throw ClickHouseError.tls(ioFailure("handshake with \(peerDescription) failed", "SSL_connect", err,
                                                    fallback: "the peer closed the connection or does not speak TLS"))
            }
        }
    }

    static func isIPAddress(_ s: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }

    /// `what` failed in OpenSSL: the error queue as text, its first code as the underlying error.
    static func openSSLFailure(_ what: String, _ operation: String, endpoint: String, fallback: String = "unknown error") -> ClickHouseError.Detail {
        var parts: [String] = []
        var first: UInt = 0
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if first == 0 { first = code }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buf, buf.count)
            parts.append(String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let text = parts.isEmpty ? fallback : parts.joined(separator: "; ")
        let underlying = first == 0 ? nil : UnderlyingError(domain: .openSSL, code: Int(truncatingIfNeeded: first), operation: operation, text: text)
        return .init("\(what): \(text)", endpoint: endpoint, underlying: underlying)
    }

    /// A failed `SSL_connect`/`SSL_read`/`SSL_write`: OpenSSL's error, or the system call's
    /// `errno` when OpenSSL reports `SSL_ERROR_SYSCALL` with an empty queue.
    private func ioFailure(_ what: String, _ operation: String, _ sslError: Int32, fallback: String) -> ClickHouseError.Detail {
        let code = errno
        let detail = TLSStream.openSSLFailure(what, operation, endpoint: peerDescription, fallback: fallback)
        guard detail.underlying == nil, sslError == SSL_ERROR_SYSCALL, code != 0 else { return detail }
        let underlying = UnderlyingError.posix(operation, code)
        return .init("\(what): \(underlying.text)", endpoint: peerDescription, underlying: underlying)
    }

    func close() {
        if let ssl { _ = SSL_shutdown(ssl) }
        socket.close()
    }

    /// Decrypted bytes are waiting, or encrypted ones on the socket.
    func hasInputReady() -> Bool {
        guard let ssl else { return false }
        return SSL_pending(ssl) > 0 || socket.hasInputReady()
    }

    func fill(_ buffer: ReadBuffer) throws {
        guard let ssl else { throw ClickHouseError.connectionClosed(.init("TLS connection is closed", endpoint: peerDescription)) }
        if buffer.writableSpace < 4096 { try buffer.reserveWritable(64 * 1024) }
        while true {
            ERR_clear_error()
            let n = SSL_read(ssl, buffer.writePointer, Int32(min(buffer.writableSpace, Int(Int32.max))))
            if n > 0 { buffer.commitWrite(Int(n)); return }
            let err = SSL_get_error(ssl, n)
            switch err {
            case SSL_ERROR_WANT_READ: try socket.wait(forRead: true)
            case SSL_ERROR_WANT_WRITE: try socket.wait(forRead: false)
            case SSL_ERROR_ZERO_RETURN: throw ClickHouseError.connectionClosed(.init("\(peerDescription) closed the TLS connection", endpoint: peerDescription))
            default: throw ClickHouseError.connectionClosed(ioFailure("TLS read from \(peerDescription) failed", "SSL_read", err, fallback: "connection reset"))
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let ssl else { throw ClickHouseError.connectionClosed(.init("TLS connection is closed", endpoint: peerDescription)) }
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            ERR_clear_error()
            let n = SSL_write(ssl, base + done, Int32(min(bytes.count - done, Int(Int32.max))))
            if n > 0 { done += Int(n); continue }
            let err = SSL_get_error(ssl, n)
            switch err {
            case SSL_ERROR_WANT_READ: try socket.wait(forRead: true)
            case SSL_ERROR_WANT_WRITE: try socket.wait(forRead: false)
            default: throw ClickHouseError.connectionFailed(ioFailure("TLS write to \(peerDescription) failed", "SSL_write", err, fallback: "connection reset"))
            }
        }
    }
}
