/// TLS settings for a connection. Certificate verification is on by default.
public struct TLSConfiguration: Sendable, Hashable {
    /// Verify the server's certificate chain and host name (default `true`). Turning this off
    /// accepts any certificate and should only be used for testing.
    public var verifyCertificate: Bool
    /// A PEM file of trusted CA certificates; when neither this nor ``caDirectory`` is set the
    /// system store is used.
    public var caFile: String?
    /// A directory of hashed CA certificates (as made by `openssl rehash`).
    public var caDirectory: String?
    /// A PEM client certificate for mutual TLS.
    public var clientCertificateFile: String?
    /// The PEM private key of ``clientCertificateFile``.
    public var clientKeyFile: String?
    /// The name sent as SNI and checked against the certificate; defaults to the host connected to.
    public var serverName: String?

    /// Creates a TLS configuration; by default verification is on against the system store.
    public init(verifyCertificate: Bool = true, caFile: String? = nil, caDirectory: String? = nil,
                clientCertificateFile: String? = nil, clientKeyFile: String? = nil, serverName: String? = nil) {
        self.verifyCertificate = verifyCertificate
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.serverName = serverName
    }
}
