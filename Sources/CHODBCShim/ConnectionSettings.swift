#if canImport(Glibc)
import Glibc
#endif
import CHNative

/// What a connection string (and its DSN) asks for, validated, and how it becomes a CHNative
/// ``ConnectionConfiguration``.
package struct ConnectionSettings {
    var dsn: String?
    package var host = "localhost"
    package var port: Int?
    package var database = ""
    package var user = "default"
    package var password = ""
    package var secure: Bool?
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
    /// ClickHouse settings sent with every query of the connection (`Settings={...}`, the
    /// query string of `Url`, and keys that name a server setting), in the order given.
    var serverSettings: [(name: String, value: String)] = []
    /// Keys that are not driver keys but may name a server setting (`max_execution_time=10`):
    /// the server's `system.settings` decides when connecting (``adopt(serverSettingNames:)``).
    /// `warn`: report the key with 01S00 when it is not a setting (connection-string keys;
    /// other keys of a DSN section are ignored as before).
    var settingCandidates: [(key: String, value: String, warn: Bool)] = []

    /// Keys read from a DSN section (the spellings documented in docs/ODBC.md).
    static let knownKeys = ["Server", "Host", "Port", "Database", "UID", "User", "Username", "PWD", "Password",
                            "SSLMode", "Secure", "Timeout", "Compression", "CALocation", "CAFile", "SSLRootCert",
                            "CertificateFile", "PrivateKeyFile", "VerifyCertificate", "StringMaxLength",
                            "HugeIntAsString", "ClientName", "Url", "Proto", "Failover", "Settings"]

    /// Keys of the official ClickHouse ODBC driver that are accepted and ignored.
    static let ignoredKeys: Set<String> = ["driver", "dsn", "filedsn", "savefile", "description", "path", "driverlog",
                                           "driverlogfile", "autosessionid", "verifyconnectionearly",
                                           "sqlcompatibilitysettings", "trace", "tracefile"]

    /// Builds settings from DSN entries first, then the connection string's pairs over them.
    package static func resolve(pairs: [(key: String, value: String)], extraUser: String? = nil, extraPassword: String? = nil) throws -> ConnectionSettings {
        var settings = ConnectionSettings()
        var all: [(key: String, value: String, fromDSN: Bool)] = []
        if let dsn = pairs.last(where: { $0.key.lowercased() == "dsn" })?.value, !dsn.isEmpty {
            settings.dsn = dsn
            all.append(contentsOf: DSNReader.entries(dsn: dsn).map { ($0.key, $0.value, true) })
        }
        all.append(contentsOf: pairs.map { ($0.key, $0.value, false) })
        if let u = extraUser, !u.isEmpty { all.append(("UID", u, false)) }
        if let p = extraPassword, !p.isEmpty { all.append(("PWD", p, false)) }
        for (key, value, fromDSN) in all { try settings.apply(key: key, value: value, fromDSN: fromDSN) }
        try settings.checkPort()
        _ = try settings.addresses()
        return settings
    }

    private mutating func apply(key: String, value: String, fromDSN: Bool) throws {
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
        case "settings", "clickhousesettings":
            try applySettingsList(value, key: key)
        default:
            guard !ConnectionSettings.ignoredKeys.contains(k) else { break }
            if Self.isSettingName(key) {
                settingCandidates.append((key, value, !fromDSN))
            } else if !fromDSN {
                warnings.append(Self.unknownKeyWarning(key))
            }
        }
    }

    static func unknownKeyWarning(_ key: String) -> String {
        "connection string attribute '\(key)' is not known to this driver nor a ClickHouse setting, and was ignored"
    }

    /// Whether `name` can be a ClickHouse setting name (letters, digits, `_`; not starting with a digit).
    static func isSettingName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first), name.utf8.count <= 256 else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
    }

    /// `Settings={name=value;name=value}` (or `Settings=name=value` for one setting): settings
    /// named explicitly, so a name the server does not know fails the connection.
    private mutating func applySettingsList(_ list: String, key: String) throws {
        let pairs: [(key: String, value: String)]
        do { pairs = try ConnectionString.parse(list) } catch {
            throw ODBCError("HY024", "invalid value for connection key \(key): expected {name=value;name=value}")
        }
        for (name, value) in pairs {
            guard Self.isSettingName(name) else {
                throw ODBCError("HY024", "invalid value for connection key \(key): '\(name)' is not a ClickHouse setting name")
            }
            setServerSetting(name, value)
        }
    }

    private mutating func setServerSetting(_ name: String, _ value: String) {
        serverSettings.removeAll { $0.name == name }
        serverSettings.append((name, value))
    }

    /// The names to look up in the server's `system.settings`, lower-cased.
    var settingNamesToCheck: [String] {
        Array(Set(serverSettings.map { $0.name.lowercased() } + settingCandidates.map { $0.key.lowercased() })).sorted()
    }

    /// Takes the server's answer (`known`: names from its `system.settings`): settings named
    /// explicitly must be among them (an unknown one is an error: the server itself ignores
    /// unknown settings it is sent); candidate keys that are settings join them under the
    /// server's spelling, the others are reported (01S00) or, from a DSN section, ignored.
    mutating func adopt(serverSettingNames known: [String]) throws {
        var byLower: [String: String] = [:]
        for name in known { byLower[name.lowercased()] = byLower[name.lowercased()] ?? name }
        func spelling(_ name: String) -> String? { known.first(where: { $0 == name }) ?? byLower[name.lowercased()] }
        var explicit: [(name: String, value: String)] = []
        for (name, value) in serverSettings {
            guard let canonical = spelling(name) else {
                throw ODBCError("HY024", "'\(name)' is not a setting of this ClickHouse server (connection key Settings or Url)")
            }
            explicit.append((canonical, value))
        }
        serverSettings = []
        for (name, value) in explicit { setServerSetting(name, value) }
        for candidate in settingCandidates {
            if let name = spelling(candidate.key) {
                setServerSetting(name, candidate.value)
            } else if candidate.warn {
                warnings.append(Self.unknownKeyWarning(candidate.key))
            }
        }
        settingCandidates = []
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
            // The official driver sends the query string's parameters to the server, which takes
            // them as settings: they are settings here too (HTTP-only parameters are ignored).
            for item in rest[rest.index(after: q)...].split(separator: "&") {
                // `=x` or `a=` (found by the fuzz corpus: `split` dropped the empty name).
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let first = kv.first, !first.isEmpty else { continue }
                let name = Self.percentDecoded(first)
                let value = kv.count == 2 ? Self.percentDecoded(kv[1]) : ""
                switch name.lowercased() {
                case "database": database = value
                case "user": user = value
                case "password": password = value
                case "default_format", "session_id", "session_timeout", "session_check", "query_id", "compress",
                     "decompress", "buffer_size", "wait_end_of_query", "query", "param_": break
                default:
                    guard Self.isSettingName(name) else {
                        throw ODBCError("HY024", "invalid value for connection key Url: parameter '\(name)' is not a ClickHouse setting name")
                    }
                    setServerSetting(name, value)
                }
            }
        }
    }

    /// `%XX` and `+` of a URL query component decoded (invalid escapes are kept as written).
    static func percentDecoded(_ text: Substring) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i] == 0x2B ? 0x20 : bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
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
    package func configuration(loginTimeout: Double?) -> ConnectionConfiguration {
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
        for (name, value) in serverSettings { c.settings[name] = value }
        return c
    }

    /// The completed connection string returned by `SQLDriverConnect`.
    package func outputString() -> String {
        var parts: [String] = []
        if let dsn { parts.append("DSN=" + ConnectionString.quote(dsn)) }
        parts.append("Server=" + ConnectionString.quote(host))
        if let port { parts.append("Port=\(port)") }
        if !database.isEmpty { parts.append("Database=" + ConnectionString.quote(database)) }
        parts.append("UID=" + ConnectionString.quote(user))
        if !password.isEmpty { parts.append("PWD=" + ConnectionString.quote(password)) }
        if let secure { parts.append("Secure=\(secure ? 1 : 0)") }
        if !serverSettings.isEmpty {
            let list = serverSettings.map { "\($0.name)=" + ConnectionString.quote($0.value) }.joined(separator: ";")
            parts.append("Settings=" + ConnectionString.quote(list))
        }
        return parts.joined(separator: ";") + ";"
    }
}
