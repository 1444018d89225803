/// One server a client may connect to.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// Native protocol port.
    public var port: Int

    /// An address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` (IPv6 hosts in brackets).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `h1:9000,h2,[::1]:9001` (commas or spaces between hosts); a host without a port
    /// gets `defaultPort`. Throws ``ClickHouseError/invalidInput(_:)`` naming the bad entry.
    public static func parseList(_ text: String, defaultPort: Int) throws -> [ServerAddress] {
        var out: [ServerAddress] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let item = String(raw)
            var host = item
            var port = defaultPort
            if item.hasPrefix("[") {
                guard let close = item.firstIndex(of: "]") else { throw ClickHouseError.invalidInput("bad host '\(item)': missing ']'") }
                host = String(item[item.index(after: item.startIndex)..<close])
                let rest = item[item.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { throw ClickHouseError.invalidInput("bad port in '\(item)'") }
                    port = p
                }
            } else if let colon = item.lastIndex(of: ":"), item.firstIndex(of: ":") == colon {
                host = String(item[..<colon])
                guard let p = Int(item[item.index(after: colon)...]) else { throw ClickHouseError.invalidInput("bad port in '\(item)'") }
                port = p
            }
            guard !host.isEmpty else { throw ClickHouseError.invalidInput("empty host in '\(text)'") }
            guard (1...65535).contains(port) else { throw ClickHouseError.invalidInput("port \(port) of '\(item)' is out of range 1-65535") }
            out.append(ServerAddress(host: host, port: port))
        }
        guard !out.isEmpty else { throw ClickHouseError.invalidInput("no host given") }
        return out
    }
}

/// How a connection picks among several servers.
public enum FailoverStrategy: String, Sendable, Hashable, CaseIterable {
    /// The first address that answers, in the order given (hosts that failed recently go last).
    case inOrder = "in_order"
    /// A random order each time (spreads connections; hosts that failed recently go last).
    case random
}
