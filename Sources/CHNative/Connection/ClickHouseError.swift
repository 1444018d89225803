/// An exception sent by the ClickHouse server, with its nested chain.
public struct ServerException: Error, Sendable, CustomStringConvertible, Equatable {
    /// The server's error code (e.g. 60 for `UNKNOWN_TABLE`).
    public let code: Int32
    /// The error name, e.g. `DB::Exception`.
    public let name: String
    /// The message as the server wrote it.
    public let message: String
    /// The server-side stack trace, when the server sends one.
    public let stackTrace: String
    /// The exception this one wraps, if any.
    public let nested: [ServerException]

    /// An exception as the server describes it (also useful to build expected errors in tests).
    public init(code: Int32, name: String, message: String, stackTrace: String, nested: [ServerException]) {
        self.code = code
        self.name = name
        self.message = message
        self.stackTrace = stackTrace
        self.nested = nested
    }

    /// The symbolic name of ``code`` as the server names it (`errorCodeToName`), e.g.
    /// `UNKNOWN_TABLE` for 60; `nil` for a code the table (generated from 26.9) does not know.
    public var codeName: String? { ServerException.codeNames[code] }

    public var description: String {
        var text = "Code: \(code). \(ServerException.render(name: name, message: message))"
        for inner in nested { text += "\nCaused by: Code: \(inner.code). \(ServerException.render(name: inner.name, message: inner.message))" }
        return text
    }

    /// Newer servers already start the message with the exception name; avoid repeating it.
    static func render(name: String, message: String) -> String {
        message.hasPrefix(name + ": ") ? message : "\(name): \(message)"
    }
}

/// Every error CHNative throws.
///
/// Match on the case to decide what to do (or compare ``code``); the associated text is for
/// people and may change. A server exception carries the server's code and its name
/// (``ServerException/codeName``); a network or TLS error carries a ``Detail`` with the server
/// it concerns (``endpoint``) and the failure underneath (``underlying``: `errno`, resolver,
/// OpenSSL or certificate-verification code). Two errors are equal when their cases and
/// payloads are equal.
///
/// Which errors leave a ``Connection`` unusable (``isConnectionBroken``):
/// - `.server`: no — the server answered with an exception and the stream is in step (a server
///   older than revision 54441 may need a reconnect, which the connection does by itself).
/// - `.cancelled`: no — the server acknowledged the cancel and the stream was drained.
/// - `.invalidInput`, `.unsupportedType`: no — nothing was sent, or the server rejected it.
/// - `.connectionFailed`, `.connectionClosed`, `.timeout`, `.tls`, `.protocolViolation`,
///   `.corruptCompressedData`, `.invalidState`: yes — the connection closes itself and every
///   further call throws `.invalidState`; open a new one (``Client`` does this for you).
public enum ClickHouseError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The server answered with an exception.
    case server(ServerException)
    /// A network-level failure (resolve, connect, read, write); ``Detail`` names the server
    /// and carries the OS error (``UnderlyingError``).
    case connectionFailed(Detail)
    /// The connection was closed by the peer.
    case connectionClosed(Detail)
    /// A connect, read or write timeout expired.
    case timeout(Detail)
    /// TLS set-up, handshake or certificate verification failed; ``Detail`` carries OpenSSL's
    /// error or the verification result.
    case tls(Detail)
    /// The server sent something that does not follow the protocol.
    case protocolViolation(String)
    /// A compressed frame failed its checksum or could not be decompressed.
    case corruptCompressedData(String)
    /// A type name that CHNative cannot parse or does not support.
    case unsupportedType(String)
    /// Data given by the caller does not fit (wrong column, type, row count, value).
    case invalidInput(String)
    /// The query was cancelled by the caller.
    case cancelled
    /// The connection is in a state where the operation is not possible.
    case invalidState(String)

    /// The server's error code when this is a server exception.
    public var serverCode: Int32? {
        if case .server(let e) = self { return e.code }
        return nil
    }

    /// The server exception, when this is one.
    public var serverException: ServerException? {
        if case .server(let e) = self { return e }
        return nil
    }

    /// Whether the connection must be discarded after this error (see the type's documentation).
    public var isConnectionBroken: Bool {
        switch self {
        case .server, .invalidInput, .unsupportedType, .cancelled: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .server(let e): return e.description
        case .connectionFailed(let m): return "connection failed: \(m)"
        case .connectionClosed(let m): return "connection closed: \(m)"
        case .timeout(let m): return "timeout: \(m)"
        case .tls(let m): return "TLS error: \(m)"
        case .protocolViolation(let m): return "protocol error: \(m)"
        case .corruptCompressedData(let m): return "corrupt compressed data: \(m)"
        case .unsupportedType(let m): return "unsupported type: \(m)"
        case .invalidInput(let m): return "invalid input: \(m)"
        case .cancelled: return "query cancelled"
        case .invalidState(let m): return "invalid state: \(m)"
        }
    }
}
