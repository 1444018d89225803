import ArgumentParser
import CHNative
import Datalake

/// How `datalake credentials` and the settings page provision credentials.
struct CredentialOptions: ParsableArguments {
    @Option(help: "Provisioning backend: users-xml (a users file; the embedded server is restarted to apply it) or sql (CREATE USER ... on a server with access management).")
    var backend: String = "users-xml"
    @Option(help: "Embedded server directory whose users.d/ receives the credentials (users-xml; default: $DATALAKE_HOME/server or ~/.datalake/server).")
    var data: String?
    @Option(help: "Write this users file instead, for a file-configured server that re-reads users.d/ by itself (users-xml).")
    var usersFile: String?
    @Option(help: "Host shown to customers (default: the --host connected to).")
    var publicHost: String?
    @Option(help: "Port shown to customers (default: the --port connected to).")
    var publicPort: Int?
    @Flag(help: "Customers connect with TLS (shown in the ODBC string).")
    var publicSecure = false

    func manager(connection: ConnectionConfiguration, schema: SchemaConfiguration) throws -> CredentialManager {
        let chosen: any CredentialBackend
        switch backend.lowercased() {
        case "users-xml", "xml":
            if let cluster = schema.cluster, !schema.replicated {
                guard let nodes = try EmbeddedCluster.recorded(in: data ?? EmbeddedCluster.defaultDirectory) else {
                    throw ValidationError("--cluster \(cluster): no embedded cluster in \(data ?? EmbeddedCluster.defaultDirectory) (--data names its directory)")
                }
                chosen = ClusterCredentialBackend(cluster: nodes, schema: schema)
            } else if let usersFile {
                chosen = UsersXMLBackend(file: usersFile, reload: .serverWatchesFiles, schema: schema)
            } else {
                chosen = UsersXMLBackend.embedded(directory: data ?? EmbeddedServer.defaultDirectory, schema: schema)
            }
        case "sql":
            chosen = SQLBackend(schema: schema)
        default:
            throw ValidationError("--backend must be users-xml or sql, not '\(backend)'")
        }
        let endpoint = ConnectionEndpoint(host: publicHost ?? connection.host, port: publicPort ?? connection.port,
                                          database: schema.database, secure: publicSecure || connection.tls != nil)
        return CredentialManager(admin: connection, schema: schema, backend: chosen, endpoint: endpoint)
    }
}
