import Testing
@testable import CHNative

/// Offline checks against the golden fixtures (no server): every fixture decodes, prints
/// exactly the server's TabSeparated text, and re-encodes to the server's bytes.
@Suite struct GoldenFixtureTests {
    @Test func manifestListsTheFixtures() throws {
        let manifest = try #require(GoldenFixtures.manifest, "Fixtures/native/manifest.json is missing or unreadable")
        #expect(manifest.fixtures.count >= 60)
        #expect(Set(manifest.fixtures.map(\.name)).count == manifest.fixtures.count)
        let total = try manifest.fixtures.reduce(0) { $0 + (try GoldenFixtures.bytes($1.name, "native").count) + (try GoldenFixtures.bytes($1.name, "tsv").count) }
        #expect(total < 2 << 20, "fixtures should stay small")
    }

    @Test(arguments: GoldenFixtures.entries)
    func decodesToTheServersText(fixture: GoldenFixtures.Entry) throws {
        let native = try GoldenFixtures.bytes(fixture.name, "native")
        let expected = try GoldenFixtures.bytes(fixture.name, "tsv")
        #expect(native.count == fixture.nativeBytes)
        let blocks = try GoldenFixtures.decodeNative(native, timezone: fixture.timezone)
        #expect(blocks.reduce(0) { $0 + $1.rowCount } == fixture.rows)
        let block = try #require(blocks.first)
        #expect(block.names == [fixture.column])
        let declared = try TypeParser.parse(fixture.type)
        switch declared {
        case .geo, .simpleAggregateFunction:
            break // stored as their underlying array/tuple or value column
        default:
            #expect(block.columns.first?.type == declared)
        }
        var formatter = ResultFormatter(format: .tabSeparated)
        var out = TextOutput()
        for b in blocks { formatter.write(b, to: &out) }
        if out.bytes != expected {
            Issue.record("\(fixture.name): TabSeparated differs\nours:   \(String(decoding: out.bytes, as: UTF8.self).debugDescription)\nserver: \(String(decoding: expected, as: UTF8.self).debugDescription)")
        }
    }

    @Test(arguments: GoldenFixtures.entries)
    func reencodesToTheServersBytes(fixture: GoldenFixtures.Entry) throws {
        let native = try GoldenFixtures.bytes(fixture.name, "native")
        let blocks = try GoldenFixtures.decodeNative(native, timezone: fixture.timezone)
        let w = WriteBuffer()
        for b in blocks {
            // The server's spelling of the type name; the canonical name is checked separately.
            try BlockWriter.write(b, codecs: nil, typeNames: [fixture.type], to: w, revision: 0)
        }
        let ours = w.array
        if ours != native {
            let at = zip(ours, native).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, native.count)
            Issue.record("\(fixture.name): re-encoded bytes differ at offset \(at) of \(native.count): ours \(ours[at..<min(at + 12, ours.count)]) server \(native[at..<min(at + 12, native.count)])")
        }
    }

    @Test(arguments: GoldenFixtures.entries)
    func typeNamesPrintAsTheServerWritesThem(fixture: GoldenFixtures.Entry) throws {
        let parsed = try TypeParser.parse(fixture.type)
        #expect(parsed.name == fixture.type)
        #expect(try GoldenFixtures.typeNames(try GoldenFixtures.bytes(fixture.name, "native")) == [fixture.type])
    }

    /// Small reads cross every buffer boundary inside prefixes, varints and values.
    @Test(arguments: [1, 3, 17])
    func decodesInSmallChunks(chunk: Int) throws {
        for fixture in GoldenFixtures.entries where fixture.nativeBytes < 4096 {
            let native = try GoldenFixtures.bytes(fixture.name, "native")
            let whole = try GoldenFixtures.decodeNative(native, timezone: fixture.timezone)
            let pieces = try GoldenFixtures.decodeNative(native, timezone: fixture.timezone, chunk: chunk)
            #expect(tsv(pieces[0]) == tsv(whole[0]), "\(fixture.name) with \(chunk)-byte chunks")
        }
    }
}
