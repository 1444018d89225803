import CHNative
import Foundation
import Testing

/// Whether stunnel and the test CA's key are here.
let mutualTLSAvailable: Bool = {
    guard MutualTLSTests.stunnel != nil, let dir = MutualTLSTests.tlsDir else { return false }
    return FileManager.default.fileExists(atPath: dir + "/ca.key")
}()

/// Client certificates (mutual TLS): a real `stunnel` that requires and verifies client
/// certificates (`verify = 2`) in front of the real ClickHouse 26.9, with certificates from the
/// project's test CA (`scripts/servers.sh`) made by the real `openssl`.
@Suite(.serialized, .enabled(if: mutualTLSAvailable))
struct MutualTLSTests {
    static let stunnel = ["/usr/bin/stunnel4", "/usr/bin/stunnel"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var tlsDir: String? { TestServers.caFile.map { ($0 as NSString).deletingLastPathComponent } }

    /// A temporary directory with `client.pem/key` (signed by the test CA), `rogue.pem/key`
    /// (self-signed) and a running stunnel on `port`.
    final class Front: @unchecked Sendable {
        let dir = NSTemporaryDirectory() + "mtls-\(UInt32.random(in: 0...UInt32.max))"
        let port: Int
        var pid: pid_t = 0

        /// A front presenting `serverCert` (a file of the test CA's directory); `requireClient`
        /// makes it demand a client certificate from the test CA.
        init(serverCert: String = "server", requireClient: Bool = true) throws {
            let tls = try #require(MutualTLSTests.tlsDir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "extendedKeyUsage = clientAuth\nbasicConstraints = critical, CA:FALSE\n".write(toFile: dir + "/ext.cnf", atomically: true, encoding: .utf8)
            try Self.run("/usr/bin/openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/O=datalake tests/CN=test client",
                                              "-keyout", dir + "/client.key", "-out", dir + "/client.csr"])
            try Self.run("/usr/bin/openssl", ["x509", "-req", "-in", dir + "/client.csr", "-CA", tls + "/ca.pem", "-CAkey", tls + "/ca.key",
                                              "-CAcreateserial", "-CAserial", dir + "/ca.srl", "-days", "2", "-sha256",
                                              "-extfile", dir + "/ext.cnf", "-out", dir + "/client.pem"])
            try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=rogue client",
                                              "-keyout", dir + "/rogue.key", "-out", dir + "/rogue.pem"])
            port = Self.freePort()
            let conf = """
                foreground = yes
                pid =
                output = \(dir)/stunnel.log
                [clickhouse-mtls]
                accept = 127.0.0.1:\(port)
                connect = \(TestServers.ch26.host):\(TestServers.ch26.port)
                cert = \(tls)/\(serverCert).pem
                key = \(tls)/\(serverCert).key
                CAfile = \(tls)/ca.pem
                verify = \(requireClient ? 2 : 0)

                """
            try conf.write(toFile: dir + "/stunnel.conf", atomically: true, encoding: .utf8)
            pid = try Self.spawn(try #require(MutualTLSTests.stunnel), [dir + "/stunnel.conf"])
            for _ in 0..<100 {
                if Self.accepts(port) { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw ClickHouseError.connectionFailed("stunnel did not listen on \(port)")
        }

        func stop() {
            if pid > 0 {
                // SIGKILL: a child of posix_spawn inherits the test thread's blocked signals.
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
            try? FileManager.default.removeItem(atPath: dir)
        }

        /// posix_spawn with standard streams on /dev/null (Foundation's Process can hang in
        /// waitUntilExit here).
        static func spawn(_ tool: String, _ args: [String]) throws -> pid_t {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd: Int32 in 0...2 {
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
            let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + args).map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, tool, &actions, nil, argv, environ)
            guard rc == 0 else { throw ClickHouseError.invalidInput("cannot run \(tool): \(String(cString: strerror(rc)))") }
            return pid
        }

        static func run(_ tool: String, _ args: [String]) throws {
            let pid = try spawn(tool, args)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            guard status == 0 else { throw ClickHouseError.invalidInput("\(tool) \(args.joined(separator: " ")) failed (\(status))") }
        }

        static func freePort() -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            return Int(UInt16(bigEndian: addr.sin_port))
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            return withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
        }

        func configuration(cert: String?, key: String?, compression: CompressionMethod = .none) -> ConnectionConfiguration {
            var c = TestServers.ch26.configuration(
                compression: compression,
                tls: TLSConfiguration(caFile: TestServers.caFile, clientCertificateFile: cert.map { dir + "/" + $0 },
                                      clientKeyFile: key.map { dir + "/" + $0 }),
                port: port)
            c.timeouts.connect = 5
            c.timeouts.read = 10
            return c
        }
    }

    @Test func clientCertificateFromTheCAIsAccepted() throws {
        let front = try Front()
        defer { front.stop() }
        for compression in CompressionMethod.allCases {
            let c = try Connection(configuration: front.configuration(cert: "client.pem", key: "client.key", compression: compression))
            defer { c.close() }
            let blocks = try c.queryAll("SELECT number, toString(number) FROM numbers(100000)")
            #expect(blocks.reduce(0) { $0 + $1.rowCount } == 100_000)
            #expect(tsvText(try c.queryAll("SELECT 'mutual'")) == "mutual\n")
        }
    }

    @Test func withoutClientCertificateTheServerRefuses() throws {
        let front = try Front()
        defer { front.stop() }
        for (cert, key) in [(nil, nil), ("rogue.pem", "rogue.key")] as [(String?, String?)] {
            do {
                let c = try Connection(configuration: front.configuration(cert: cert, key: key))
                defer { c.close() }
                _ = try c.queryAll("SELECT 1")
                Issue.record("the TLS front accepted \(cert ?? "no client certificate")")
            } catch let e as ClickHouseError {
                #expect(!e.description.isEmpty)
            }
        }
    }

    @Test func mismatchedOrMissingKeyIsAClearError() throws {
        let front = try Front()
        defer { front.stop() }
        do {
            _ = try Connection(configuration: front.configuration(cert: "client.pem", key: "rogue.key"))
            Issue.record("a key that does not belong to the certificate was accepted")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.contains("client key"))
            #expect(detail.underlying?.domain == .openSSL && detail.underlying?.operation == "SSL_CTX_use_PrivateKey_file", "\(detail)")
        }
        do {
            _ = try Connection(configuration: front.configuration(cert: "missing.pem", key: "client.key"))
            Issue.record("a missing certificate file was accepted")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.contains("missing.pem"))
            #expect(detail.underlying?.domain == .openSSL, "\(detail)")
        }
    }

    @Test func expiredServerCertificateIsRefused() throws {
        let front = try Front(serverCert: "expired", requireClient: false)
        defer { front.stop() }
        do {
            _ = try Connection(configuration: front.configuration(cert: nil, key: nil))
            Issue.record("an expired certificate was accepted")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.contains("expired"), "\(detail)")
            // X509_V_ERR_CERT_HAS_EXPIRED (10), as OpenSSL's verification returns it.
            #expect(detail.underlying?.domain == .certificateVerification && detail.underlying?.code == 10, "\(detail)")
        }
        // The same server with verification explicitly off is reachable (so the refusal above is the expiry).
        var insecure = front.configuration(cert: nil, key: nil)
        insecure.tls?.verifyCertificate = false
        let c = try Connection(configuration: insecure)
        c.close()
    }

    @Test func certificateForAnotherHostIsRefused() throws {
        let front = try Front(serverCert: "wrong-host", requireClient: false)
        defer { front.stop() }
        do {
            _ = try Connection(configuration: front.configuration(cert: nil, key: nil))
            Issue.record("a certificate for wrong.example was accepted for 127.0.0.1")
        } catch let ClickHouseError.tls(detail) {
            #expect(detail.message.lowercased().contains("mismatch"), "\(detail)")
            // X509_V_ERR_IP_ADDRESS_MISMATCH (64): the address 127.0.0.1 is checked against the certificate.
            #expect(detail.underlying?.domain == .certificateVerification && detail.underlying?.code == 64, "\(String(describing: detail.underlying))")
        }
    }
}
