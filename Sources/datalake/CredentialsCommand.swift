import ArgumentParser
import CHNative
import Datalake

struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Generate, list and revoke the credentials customers query their organisation's data with.",
        subcommands: [Generate.self, List.self, Revoke.self, Sync.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a credential for an organisation; its password is shown only now.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions
        @OptionGroup var options: CredentialOptions
        @Option(help: "Organisation id.")
        var org: String

        func run() throws {
            try reportingErrors {
                let issued = try options.manager(connection: try connection.configuration(), schema: lake.schema).generate(org: org)
                Output.print("New credential for organisation \(issued.credential.org). The password is shown only now: store it safely.")
                let width = issued.details.map(\.label.count).max() ?? 0
                for (label, value) in issued.details {
                    Output.print("  " + label + ":" + String(repeating: " ", count: width - label.count + 1) + value)
                }
                if let hint = ODBCDriverRegistration(name: issued.endpoint.odbcDriver).missingHint() { Output.print(hint) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active credentials (never their passwords).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions
        @OptionGroup var options: CredentialOptions
        @Option(help: "Only this organisation.")
        var org: String?

        func run() throws {
            try reportingErrors {
                let all = try options.manager(connection: try connection.configuration(), schema: lake.schema).list(org: org)
                Output.print("username\torganisation\tcreated_at")
                for c in all { Output.print("\(c.username)\t\(c.org)\t\(CredentialManager.timestamp(c.createdAt))") }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential: its next login fails.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions
        @OptionGroup var options: CredentialOptions
        @Argument(help: "The credential's username.")
        var username: String

        func run() throws {
            try reportingErrors {
                let c = try options.manager(connection: try connection.configuration(), schema: lake.schema).revoke(username)
                Output.print("revoked \(c.username) (organisation \(c.org)); it can no longer log in")
            }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the active credentials to the users file again (users-xml backend).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions
        @OptionGroup var options: CredentialOptions

        func run() throws {
            try reportingErrors {
                let active = try options.manager(connection: try connection.configuration(), schema: lake.schema).sync()
                Output.print("\(active.count) active credential(s) applied")
            }
        }
    }
}
