import CHNative

/// Makes credentials real on a ClickHouse server: creates the users that can log in and removes
/// them again. The ``CredentialRegistry`` is the record; a backend makes the server match it.
public protocol CredentialBackend: Sendable {
    /// A short name for messages (`users-xml`, `sql`).
    var name: String { get }
    /// Lets `credential` log in. `active` lists every active credential, `credential` included.
    func provision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws
    /// Ends `credential`: its next login fails. `active` lists the credentials that stay.
    func deprovision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws
}
