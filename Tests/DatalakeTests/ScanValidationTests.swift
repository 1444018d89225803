import CHNative
import Foundation
import Testing
@testable import Datalake

/// The byte-range scanner behind ``EventValidator``: values are decoded from the line only when
/// asked for, so these pin what the decoding must still get right.
@Suite("Event scanning without per-value strings (offline)")
struct ScanValidationTests {
    let validator = EventValidator(knownOrgs: ["raven"])

    func record(_ line: String) -> Result<EventRecord, Rejection> { validator.validate(line: Array(line.utf8)) }

    func event(id: String = "e1", session: String = "s1", details: String = "{}", createdAt: String = "\"2024-05-01T10:00:00Z\"",
               extra: String = "") -> String {
        #"{"dataset":"journey_events","id":"\#(id)","org_id":"raven","session_id":"\#(session)","journey_id":"j","type":"journey_exit","details":\#(details),"created_at":\#(createdAt)\#(extra)}"#
    }

    @Test func escapedStringsAndKeysAreDecoded() throws {
        // An escaped key, an escaped id, and an escaped timestamp are read like their plain forms.
        let line = #"{"dataset":"journey_events","i\u0064":"a\"b\\c\u00e9\ud83d\ude00","org_id":"raven","session_id":"s\/1","journey_id":"j","type":"journey_exit","details":"{\"k\":1}","created_at":"2024\u002d05-01T10:00:00Z"}"#
        guard case .success(.journeyEvent(let e)) = record(line) else {
            Issue.record("rejected: \(record(line))")
            return
        }
        #expect(e.id == "a\"b\\cé😀")
        #expect(e.sessionID == "s/1")
        #expect(e.details == #"{"k":1}"#)
        #expect(e.createdAt == Timestamp.parse("2024-05-01T10:00:00Z"))
    }

    @Test func theLastOfARepeatedKeyWins() throws {
        guard case .success(.journeyEvent(let e)) = record(event(id: "first", extra: #","id":"second""#)) else {
            Issue.record("rejected")
            return
        }
        #expect(e.id == "second")
    }

    @Test func quotesAndBackslashesAreFoundAtEveryOffsetOfTheEightByteScan() throws {
        // Strings of every length around the 8-byte steps, with the escape at every position.
        for length in 0..<20 {
            let plain = String(repeating: "x", count: length)
            guard case .success(.journeyEvent(let e)) = record(event(id: "i" + plain)) else {
                Issue.record("plain \(length) rejected")
                continue
            }
            #expect(e.id == "i" + plain)
            for at in 0...length {
                var chars = Array(plain)
                chars.insert(contentsOf: #"\""#, at: at)
                let id = "i" + String(chars)
                guard case .success(.journeyEvent(let escaped)) = record(event(id: id)) else {
                    Issue.record("escaped \(length)/\(at) rejected")
                    continue
                }
                #expect(escaped.id == "i" + plain.prefix(at) + "\"" + plain.dropFirst(at))
            }
        }
    }

    @Test func controlCharactersAndBrokenStringsAreRejected() {
        for length in [0, 3, 7, 8, 9, 15, 16, 17] {
            let padding = String(repeating: "y", count: length)
            let control = record(event(id: padding + "\u{01}" + padding))
            #expect(control == .failure(Rejection("not valid JSON: control character in string")), "length \(length)")
            let tab = record(event(details: "{\"a\":\"\(padding)\t\"}"))
            #expect(tab == .failure(Rejection("not valid JSON: control character in string")), "length \(length)")
        }
        let unterminated = #"{"dataset":"journey_events","id":"abcdefghijklmnopqrstuvwxyz"#
        #expect(record(unterminated) == .failure(Rejection("not valid JSON: unterminated string")))
        #expect(record(#"{"dataset":"journey_events","id":"abc\"#) == .failure(Rejection("not valid JSON: unterminated string")))
        #expect(record(event(id: #"bad\q"#)) == .failure(Rejection("not valid JSON: bad escape")))
        #expect(record(event(id: #"bad\u12"#)) == .failure(Rejection(#"not valid JSON: bad \u escape"#)))
        let trailing = event(extra: " x")
        #expect(record(trailing) == .failure(Rejection("not valid JSON: expected '}' at byte \(trailing.utf8.count - 2)")))
        #expect(record("   ") == .failure(Rejection("empty line")))
    }

    @Test func typesOfFieldsAreChecked() {
        #expect(record(event(id: "x", createdAt: "true")) == .failure(Rejection("field 'created_at' is not a timestamp (ISO 8601 or epoch milliseconds)")))
        #expect(record(event(createdAt: "1714557600000")).isSuccess)
        #expect(record(event(createdAt: "17145576000.5")) == .failure(Rejection("field 'created_at' is not a timestamp (ISO 8601 or epoch milliseconds)")))
        #expect(record(event(details: "[1]")) == .failure(Rejection("field 'details' must be a JSON object, got an array")))
        #expect(record(event(details: #""{\"a\":[1,2]}""#)).isSuccess)
        #expect(record(#"{"dataset":"journey_events","id":7,"org_id":"raven","session_id":-1,"journey_id":"j","type":"journey_exit","details":{},"created_at":"2024-05-01"}"#)
            == .failure(Rejection("field 'session_id' must be a string, got -1")))
        #expect(record(#"{"dataset":"journey_events","id":null,"org_id":"raven","session_id":"s","journey_id":"j","type":"journey_exit","details":{"n":{"m":[true,false,null,-1.5e3]}},"created_at":"2024-05-01"}"#).isSuccess)
    }

    @Test func rowBufferBuildsTheTableTypesAndTheSameTokenAsHashingAllIdentities() throws {
        let lines = [event(id: "a"), event(id: "b"), #"{"dataset":"portal_events","id":"p","org_id":"raven","session_id":"s","app_name":"installer portal","type":"user_logged_in","details":{},"created_at":"2024-05-01"}"#]
        var journey = RowBuffer(dataset: .journeyEvents)
        var portal = RowBuffer(dataset: .portalEvents)
        for line in lines {
            guard case .success(let r) = record(line) else {
                Issue.record("rejected \(line)")
                continue
            }
            journey.append(r)
            portal.append(r)
        }
        #expect(journey.count == 2 && portal.count == 1)
        #expect(journey.deduplicationToken == StableHash.hex(Array("journey_events\u{0}a\u{0}b".utf8)))
        let block = try portal.block()
        #expect(block.names == ["id", "org_id", "session_id", "app_name", "type", "details", "created_at"])
        #expect(block.columns.map(\.type.name) == ["String", "LowCardinality(String)", "String", "LowCardinality(String)",
                                                   "LowCardinality(String)", "String", "DateTime64(3, 'UTC')"])
        #expect(block.columns[3].value(at: 0) == .bytes(Array("installer portal".utf8)))
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
}

@Suite("Group commit into ClickHouse 26.9")
struct GroupCommitValidationTests {
    @Test func batchesNeverExceedTheCapAndEveryRowArrivesOnce() throws {
        try TestLake.with { lake in
            var config = lake.ingestConfiguration
            config.maxBatchRows = 250
            config.maxLatency = 0.05
            let ingestor = Ingestor(config: config, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: nil)
            let lines = (0..<2_000).map { i in
                #"{"dataset":"portal_events","id":"gc-\#(i)","org_id":"raven","session_id":"s\#(i % 7)","app_name":"customer portal","type":"page_navigation","details":{"i":\#(i)},"created_at":"2024-05-01T10:00:00.\#(String(format: "%03d", i % 1000))Z"}"#
            }
            for chunk in stride(from: 0, to: lines.count, by: 700) {
                _ = try ingestor.ingest(lines: lines[chunk..<min(chunk + 700, lines.count)].map { ArraySlice(Array($0.utf8)) }, source: "test")
            }
            let summary = try ingestor.finish()
            #expect(summary.accepted == 2_000)
            #expect(summary.writer.rowsWritten["portal_events"] == 2_000)
            // 2,000 rows in batches of at most 250 rows: at least 8 inserts.
            #expect(summary.writer.inserts >= 8)
            #expect(try lake.count(lake.schema.qualified("portal_events")) == 2_000)
            #expect(try lake.count(try lake.view("raven", "portal_events_final")) == 2_000)
        }
    }
}
