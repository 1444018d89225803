#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The failure below CHNative that caused a ``ClickHouseError``: an operating-system call, an
/// address look-up, OpenSSL, or certificate verification, with its code as that layer gives it.
///
/// ```swift
/// catch let error as ClickHouseError {
///     if error.underlying?.posixCode == ECONNREFUSED { /* nothing listens on that port */ }
/// }
/// ```
public struct UnderlyingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which layer the ``code`` belongs to.
    public enum Domain: String, Sendable, Hashable {
        /// `errno` of a system call (`connect`, `read`, `write`, `poll`, `socket`).
        case posix
        /// An `EAI_*` code of `getaddrinfo`.
        case addressResolution
        /// The first code of OpenSSL's error queue (`ERR_get_error`).
        case openSSL
        /// An `X509_V_ERR_*` result of certificate verification.
        case certificateVerification
    }

    /// The layer the code belongs to.
    public let domain: Domain
    /// The code as that layer gives it (`errno`, `EAI_*`, OpenSSL's packed code, `X509_V_ERR_*`).
    public let code: Int
    /// The call that failed, e.g. `connect` or `SSL_connect`.
    public let operation: String
    /// The layer's own text for the code (`strerror`, `gai_strerror`, OpenSSL's error string).
    public let text: String

    /// An underlying error as a layer reports it.
    public init(domain: Domain, code: Int, operation: String, text: String) {
        self.domain = domain
        self.code = code
        self.operation = operation
        self.text = text
    }

    /// `errno` of a failed system call, with `strerror`'s text.
    public static func posix(_ operation: String, _ code: Int32) -> UnderlyingError {
        UnderlyingError(domain: .posix, code: Int(code), operation: operation, text: String(cString: strerror(code)))
    }

    /// The `errno` value when the domain is ``Domain/posix``.
    public var posixCode: Int32? { domain == .posix ? Int32(truncatingIfNeeded: code) : nil }

    public var description: String { "\(operation): \(text) (\(domain.rawValue) \(code))" }
}

extension ClickHouseError {
    /// The payload of the network and TLS cases: a message for people, the server it concerns,
    /// and the failure below CHNative, when there is one.
    ///
    /// It can be written as a string literal (`.timeout("…")`), which sets only ``message``.
    public struct Detail: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
        /// What happened, for people; it may change between versions.
        public var message: String
        /// The server as `host:port`, when the error concerns one.
        public var endpoint: String?
        /// The operating-system, resolver or TLS failure underneath, when there is one.
        public var underlying: UnderlyingError?

        /// A detail with all its parts.
        public init(_ message: String, endpoint: String? = nil, underlying: UnderlyingError? = nil) {
            self.message = message
            self.endpoint = endpoint
            self.underlying = underlying
        }

        public init(stringLiteral value: String) { self.init(value) }

        public init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

        public var description: String { message }
    }

    /// The kind of an error as a plain value, stable across versions: for logs, metrics and
    /// comparisons that do not need the payload (`error.code == .timeout`).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case server, connectionFailed, connectionClosed, timeout, tls, protocolViolation
        case corruptCompressedData, unsupportedType, invalidInput, cancelled, invalidState
    }

    /// The kind of this error.
    public var code: Code {
        switch self {
        case .server: return .server
        case .connectionFailed: return .connectionFailed
        case .connectionClosed: return .connectionClosed
        case .timeout: return .timeout
        case .tls: return .tls
        case .protocolViolation: return .protocolViolation
        case .corruptCompressedData: return .corruptCompressedData
        case .unsupportedType: return .unsupportedType
        case .invalidInput: return .invalidInput
        case .cancelled: return .cancelled
        case .invalidState: return .invalidState
        }
    }

    /// The detail of a network or TLS error.
    public var detail: Detail? {
        switch self {
        case .connectionFailed(let d), .connectionClosed(let d), .timeout(let d), .tls(let d): return d
        default: return nil
        }
    }

    /// The operating-system, resolver or TLS failure underneath, when there is one.
    public var underlying: UnderlyingError? { detail?.underlying }

    /// The server (`host:port`) a network or TLS error concerns, when known.
    public var endpoint: String? { detail?.endpoint }
}
