import CHNative
import Foundation
import Testing
@testable import Datalake

@Suite("Credentials: secrets, names, generated configuration")
struct CredentialUnitTests {
    @Test func passwordsAreLongRandomAndDistinct() throws {
        var seen = Set<String>()
        for _ in 0..<2000 {
            let p = try Secrets.newPassword()
            #expect(p.count == 32)
            #expect(p.utf8.allSatisfy { Secrets.alphabet.contains($0) })
            seen.insert(p)
        }
        #expect(seen.count == 2000)
        #expect(Secrets.passwordEntropyBits >= 128)
        // Every character of the alphabet shows up: no bias that would drop a class of characters.
        let used = Set(seen.joined().utf8)
        #expect(used.count == Secrets.alphabet.count)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(Secrets.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Secrets.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: ["x' OR 1=1 --", "dl_a`b", "dl_a;DROP USER default", "dl_a b", "", "default", "dl_" + String(repeating: "a", count: 90),
                      "dl_a\u{0}b", "dl_é", "dl_a'b", "dl_a\"b", "dl_a<b>"])
    func usernameValidationRefusesAnythingOdd(_ name: String) {
        #expect(throws: DatalakeError.self) { try Credential.validateUsername(name) }
    }

    @Test func generatedUsernamesPassValidation() throws {
        for org in ["alpha", "4711", "raven-energy", "A_b"] {
            let name = try Credential.newUsername(for: try OrgID(org))
            try Credential.validateUsername(name)
            #expect(name.hasPrefix("dl_\(org)_") && name.count == 3 + org.count + 1 + 8)
        }
    }

    @Test func usersFileHoldsHashesAndIsolatesOrganisations() throws {
        let schema = SchemaConfiguration(database: "datawarehouse")
        let alpha = Credential(username: "dl_alpha_aaaaaaaa", org: try OrgID("alpha"), createdAt: Date(), passwordSHA256: Secrets.sha256Hex("pa"))
        let beta = Credential(username: "dl_beta_bbbbbbbb", org: try OrgID("beta"), createdAt: Date(), passwordSHA256: Secrets.sha256Hex("pb"))
        let xml = UsersXMLBackend(file: "/dev/null", reload: .serverWatchesFiles, schema: schema).render([alpha, beta])
        #expect(!xml.contains(">pa<") && !xml.contains(">pb<"))
        #expect(xml.contains("<password_sha256_hex>\(Secrets.sha256Hex("pa"))</password_sha256_hex>"))
        let alphaPart = try #require(xml.components(separatedBy: "<dl_alpha_aaaaaaaa>").last?.components(separatedBy: "</dl_alpha_aaaaaaaa>").first)
        #expect(alphaPart.contains("GRANT SELECT ON `datawarehouse`.`alpha_entity_operations_final`"))
        #expect(!alphaPart.contains("beta_"))
        #expect(alphaPart.contains("<entity_operations><filter>`org_id` = &#39;alpha&#39;</filter></entity_operations>"))
        #expect(!alphaPart.contains("`organisations`") && !alphaPart.contains("`credentials`"))
        #expect(!alphaPart.contains("INSERT") && !alphaPart.contains("ALL"))
    }

    @Test func odbcConnectionStringCarriesEveryDetail() throws {
        let c = Credential(username: "dl_alpha_aaaaaaaa", org: try OrgID("alpha"), createdAt: Date(), passwordSHA256: "")
        let issued = IssuedCredential(credential: c, password: "Secret123",
                                      endpoint: ConnectionEndpoint(host: "lake.example.com", port: 9440, database: "datawarehouse", secure: true))
        #expect(issued.odbcConnectionString
            == "Driver={ClickHouse Native (Unicode)};Server=lake.example.com;Port=9440;Database=datawarehouse;UID=dl_alpha_aaaaaaaa;PWD=Secret123;Secure=1")
    }
}

@Suite("Credentials: SQL RBAC statements checked by ClickHouse 26.9's parser")
struct CredentialSQLTests {
    @Test func everyStatementParses() throws {
        let conn = try TestServer.connect()
        defer { conn.close() }
        let statements = SQLCredentialStatements(schema: SchemaConfiguration(database: "datawarehouse"))
        let c = Credential(username: "dl_raven-energy_k3v9q2mx", org: try OrgID("raven-energy"), createdAt: Date(),
                           passwordSHA256: Secrets.sha256Hex("x"))
        let all = statements.create(c) + statements.drop(c)
        #expect(all.count == 4 + AccessPolicy.readableObjects(of: c.org).count + AccessPolicy.systemTables.count + 4)
        for sql in all {
            // formatQuery runs the real parser: a statement it cannot parse is an exception here.
            let formatted = try ResultTable.query("SELECT formatQuery({q:String})", parameters: ["q": sql], on: conn).rows.first?.first ?? ""
            #expect(!formatted.isEmpty, "\(sql)")
            if sql.contains("USER") || sql.contains("GRANT") || sql.contains("POLICY") || sql.contains("QUOTA") && !sql.hasPrefix("CREATE SETTINGS") {
                #expect(formatted.contains("dl_raven-energy_k3v9q2mx") || sql.hasPrefix("KILL"), "\(formatted)")
            }
        }
        let create = statements.create(c).joined(separator: "\n")
        #expect(create.contains("IDENTIFIED WITH sha256_hash BY '\(c.passwordSHA256)'"))
        #expect(create.contains("FOR SELECT USING `org_id` = 'raven-energy'"))
        #expect(create.contains("readonly = 2 CONST"))
    }
}
