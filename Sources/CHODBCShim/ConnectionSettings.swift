#if canImport(Glibc)
import Glibc
#endif
import CHNative

/// What a connection string (and its DSN) asks for, validated, and how it becomes a CHNative
/// ``ConnectionConfiguration``.
struct ConnectionSettings {
    var dsn: String?
    var host = "localhost"
    var port: Int?
    var database = ""
    var user = "default"
    var password = ""
    var secure: Bool?
    var verifyCertificate = true
    var caFile: String?
    var caDirectory: String?
    var certificateFile: String?
    var privateKeyFile: String?
    var timeoutSeconds: Double = 30
    var compression: CompressionMethod = .none
    /// `StringMaxLength`: unbounded text as VARCHAR of this size; `nil`: as a long type.
    var stringMaxLength: Int?
    var hugeIntAsString = false
    var clientName = "CHODBC"
    /// Order of failover among several `Server=h1:9000,h2:9000` hosts.
    var failover: FailoverStrategy = .inOrder
    /// Warnings to report as SQL_SUCCESS_WITH_INFO (unknown keys).
    var warnings: [String] = []

    /// Keys read from a DSN section (the spellings documented in docs/ODBC.md).
    static let knownKeys = ["Server", "Host", "Port", "Database", "UID", "User", "Username", "PWD", "Password",
                            "SSLMode", "Secure", "Timeout", "Compression", "CALocation", "CAFile", "SSLRootCert",
                            "CertificateFile", "PrivateKeyFile", "VerifyCertificate", "StringMaxLength",
                            "HugeIntAsString", "ClientName", "Url", "Proto", "Failover"]

    /// Keys of the official ClickHouse ODBC driver that are accepted and ignored.
    static let ignoredKeys: Set<String> = ["driver", "dsn", "filedsn", "savefile", "description", "path", "driverlog",
                                           "driverlogfile", "autosessionid", "verifyconnectionearly",
                                           "sqlcompatibilitysettings", "trace", "tracefile"]

    /// Builds settings from DSN entries first, then the connection string's pairs over them.
    static func resolve(pairs: [(key: String, value: String)], extraUser: String? = nil, extraPassword: String? = nil) throws -> ConnectionSettings {
        var settings = ConnectionSettings()
        var all: [(String, String)] = []
        if let dsn = pairs.last(where: { $0.key.lowercased() == "dsn" })?.value, !dsn.isEmpty {
            settings.dsn = dsn
            all.append(contentsOf: DSNReader.entries(dsn: dsn))
        }
        all.append(contentsOf: pairs)
        if let u = extraUser, !u.isEmpty { all.append(("UID", u)) }
        if let p = extraPassword, !p.isEmpty { all.append(("PWD", p)) }
        for (key, value) in all { try settings.apply(key: key, value: value) }
        try settings.checkPort()
        _ = try settings.addresses()
        return settings
    }

    private mutating func apply(key: String, value: String) throws {
        let k = key.lowercased()
        switch k {
        case "server", "host", "hostname": host = value
        case "port":
            guard let p = Int(value), (1...65535).contains(p) else {
                throw ODBCError("HY024", "invalid value '\(value)' for connection key Port: expected a port number 1-65535")
            }
            port = p
        case "database", "db", "defaultdatabase": database = value
        case "uid", "user", "username": user = value
        case "pwd", "password": password = value
        case "secure", "ssl", "usessl":
            secure = try Self.bool(value, key: key)
        case "sslmode":
            switch value.lowercased() {
            case "disable", "disabled", "off": secure = false
            case "allow", "prefer": secure = true; verifyCertificate = false
            case "require", "required", "strict", "verify-ca", "verify-full", "verify_ca", "verify_full": secure = true; verifyCertificate = true
            default:
                throw ODBCError("HY024", "invalid value '\(value)' for connection key SSLMode: expected disable, allow, prefer, require, verify-ca or verify-full")
            }
        case "proto", "protocol":
            switch value.lowercased() {
            case "https", "tls", "tcps": secure = true
            case "http", "tcp", "native": if value.lowercased() != "http" { secure = secure ?? false }
            default: throw ODBCError("HY024", "invalid value '\(value)' for connection key Proto: expected http, https, tcp or tls")
            }
        case "verifycertificate", "sslverify", "verify":
            verifyCertificate = try Self.bool(value, key: key)
        case "calocation", "cafile", "sslrootcert", "certificateauthority", "sslca":
            guard !value.isEmpty else { break }
            var st = stat()
            guard stat(value, &st) == 0 else {
                throw ODBCError("HY024", "invalid value '\(value)' for connection key \(key): no such file or directory")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR { caDirectory = value } else { caFile = value }
        case "certificatefile", "sslcert": certificateFile = value.isEmpty ? nil : value
        case "privatekeyfile", "sslkey": privateKeyFile = value.isEmpty ? nil : value
        case "timeout", "connectiontimeout", "logintimeout", "connect_timeout":
            guard let t = Double(value), t > 0, t <= 86_400 else {
                throw ODBCError("HY024", "invalid value '\(value)' for connection key \(key): expected seconds (1-86400)")
            }
            timeoutSeconds = t
        case "compression":
            switch value.lowercased() {
            case "", "0", "none", "off", "false", "no": compression = .none
            case "1", "lz4", "on", "true", "yes": compression = .lz4
            case "zstd": compression = .zstd
            default: throw ODBCError("HY024", "invalid value '\(value)' for connection key Compression: expected none, lz4 or zstd")
            }
        case "stringmaxlength", "maxstringsize", "stringmaxsize":
            guard let n = Int(value), n >= 1, n <= Int(Int32.max) else {
                throw ODBCError("HY024", "invalid value '\(value)' for connection key \(key): expected a length 1-2147483647")
            }
            stringMaxLength = n
        case "hugeintasstring":
            hugeIntAsString = try Self.bool(value, key: key)
        case "clientname":
            clientName = value
        case "failover", "loadbalancing", "hostselection":
            switch value.lowercased().replacingOccurrences(of: "-", with: "_") {
            case "in_order", "inorder", "first", "ordered", "": failover = .inOrder
            case "random", "shuffle": failover = .random
            default: throw ODBCError("HY024", "invalid value '\(value)' for connection key \(key): expected in_order or random")
            }
        case "url":
            try applyURL(value)
        default:
            if !ConnectionSettings.ignoredKeys.contains(k) {
                warnings.append("connection string attribute '\(key)' is not known to this driver and was ignored")
            }
        }
    }

    /// `http(s)://host:port/?database=...` as the official driver accepts it.
    private mutating func applyURL(_ url: String) throws {
        var rest = Substring(url)
        if let r = rest.range(of: "://") {
            let scheme = rest[..<r.lowerBound].lowercased()
            if scheme == "https" || scheme == "tls" { secure = true }
            rest = rest[r.upperBound...]
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var hostPart = Substring(authority)
        if let at = hostPart.lastIndex(of: "@") { hostPart = hostPart[hostPart.index(after: at)...] }
        if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasPrefix("[") || hostPart[..<colon].hasSuffix("]") {
            let portText = hostPart[hostPart.index(after: colon)...]
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw ODBCError("HY024", "invalid port '\(portText)' in connection key Url")
            }
            port = p
            hostPart = hostPart[..<colon]
        }
        if !hostPart.isEmpty { host = String(hostPart) }
        if let q = rest.firstIndex(of: "?") {
            for item in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = item.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].lowercased() == "database" { database = String(kv[1]) }
            }
        }
    }

    private func checkPort() throws {
        guard let port else { return }
        if port == 8123 || port == 8443 {
            throw ODBCError("08001", "port \(port) is ClickHouse's HTTP\(port == 8443 ? "S" : "") interface; this driver speaks the ClickHouse native TCP protocol: use Port=9000 (or Port=9440 with SSLMode=require)")
        }
    }

    /// The servers of `Server=` (a comma-separated list, each with an optional `:port`).
    func addresses() throws -> [ServerAddress] {
        let useTLS = secure ?? (port == 9440)
        do {
            return try ServerAddress.parseList(host, defaultPort: port ?? (useTLS ? 9440 : 9000))
        } catch {
            throw ODBCError("HY024", "invalid value '\(host)' for connection key Server: \(error); expected host[:port][,host[:port]...]")
        }
    }

    private static func bool(_ value: String, key: String) throws -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on", "y": return true
        case "0", "false", "no", "off", "n", "": return false
        default: throw ODBCError("HY024", "invalid value '\(value)' for connection key \(key): expected 1/0, true/false or yes/no")
        }
    }

    /// The CHNative configuration. TLS is on when asked for, or when the port is 9440 and
    /// nothing was said about TLS.
    func configuration(loginTimeout: Double?) -> ConnectionConfiguration {
        let useTLS = secure ?? (port == 9440)
        let tls = useTLS ? TLSConfiguration(verifyCertificate: verifyCertificate, caFile: caFile, caDirectory: caDirectory,
                                            clientCertificateFile: certificateFile, clientKeyFile: privateKeyFile) : nil
        let connectTimeout = loginTimeout ?? timeoutSeconds
        var c = ConnectionConfiguration(host: host, port: port ?? (useTLS ? 9440 : 9000), user: user, password: password,
                                        database: database, tls: tls, compression: compression,
                                        timeouts: Timeouts(connect: connectTimeout, read: max(timeoutSeconds, 300), write: max(timeoutSeconds, 300)),
                                        clientName: clientName)
        if let list = try? addresses() { c.addresses = list }
        c.failover = failover
        return c
    }

    /// The completed connection string returned by `SQLDriverConnect`.
    func outputString() -> String {
        var parts: [String] = []
        if let dsn { parts.append("DSN=" + ConnectionString.quote(dsn)) }
        parts.append("Server=" + ConnectionString.quote(host))
        if let port { parts.append("Port=\(port)") }
        if !database.isEmpty { parts.append("Database=" + ConnectionString.quote(database)) }
        parts.append("UID=" + ConnectionString.quote(user))
        if !password.isEmpty { parts.append("PWD=" + ConnectionString.quote(password)) }
        if let secure { parts.append("Secure=\(secure ? 1 : 0)") }
        return parts.joined(separator: ";") + ";"
    }
}
