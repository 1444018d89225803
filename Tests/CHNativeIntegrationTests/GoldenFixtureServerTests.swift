import CHNative
import Foundation
import Testing

/// The golden fixtures' queries, run over the native protocol against the live 26.9 server:
/// CHNative's text must equal the TabSeparated text the fixture recorded (so the fixtures stay
/// true to the server, and the protocol path — compression, revision gates, timezone updates —
/// decodes what FORMAT Native did).
@Suite(.serialized) struct GoldenFixtureServerTests {
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let name: String
        let query: String
        var description: String { name }
    }

    struct Manifest: Decodable { let fixtures: [Entry] }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/native")

    static let entries: [Entry] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let m = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return m.fixtures
    }()

    @Test func everyFixtureAgreesWithTheServer() throws {
        #expect(GoldenFixtureServerTests.entries.count >= 80)
        let c = try TestServers.ch26.connect(compression: .lz4)
        defer { c.close() }
        var checked = 0
        for e in GoldenFixtureServerTests.entries {
            let expected = try Data(contentsOf: GoldenFixtureServerTests.directory.appendingPathComponent("\(e.name).tsv"))
            var formatter = ResultFormatter(format: .tabSeparated)
            var out = TextOutput()
            for b in try c.queryAll(e.query) { formatter.write(b, to: &out) }
            let compare = {
                if Data(out.bytes) != expected {
                    Issue.record("\(e.name): over the native protocol CHNative printed\n\(String(decoding: out.bytes.prefix(300), as: UTF8.self).debugDescription)\nthe fixture has\n\(String(decoding: expected.prefix(300), as: UTF8.self).debugDescription)")
                }
            }
            compare()
            checked += 1
        }
        #expect(checked == GoldenFixtureServerTests.entries.count)
    }
}
