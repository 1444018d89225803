import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

@Suite("Event validation (offline)")
struct ValidationTests {
    let validator = EventValidator(knownOrgs: ["raven", "4711"])

    func reason(_ line: String) -> String? {
        if case .failure(let r) = validator.validate(line: Array(line.utf8)) { return r.reason }
        return nil
    }

    @Test func acceptsEveryDataset() throws {
        let lines = [
            Event.entity("a1", "e1", at: "2024-05-01T10:00:00Z"),
            Event.session("s1", start: "2024-05-01T10:00:00.5+02:00", end: "2024-05-01T10:05:00Z"),
            #"{"dataset":"journey_events","org_id":"raven","session_id":"s1","journey_id":"j1","type":"journey_exit","details":"{\"stepName\":\"A\"}","created_at":1714557600000}"#,
            #"{"dataset":"portal_sessions","id":"p1","org_id":"4711","app_name":"customer portal","start_time":"2024-05-01","details":{"email":"a@b.de"}}"#,
            #"{"dataset":"portal_event","org_id":"4711","session_id":"p1","app_name":"customer portal","type":"user_logged_in","details":{},"created_at":"2024-05-01 10:00:00"}"#,
            #"{"dataset":"workflow_executions","org_id":"raven","execution_id":"x","workflow_id":"w","workflow_name":"W","status":"running","assignees":["a","b"],"created_at":"2024-05-01T10:00:00Z","phases":[],"tasks":[{"id":"t"}]}"#,
        ]
        for line in lines {
            #expect(reason(line) == nil, "\(line)")
        }
        guard case .success(.journeySession(let s)) = validator.validate(line: Array(lines[1].utf8)) else {
            Issue.record("not a session")
            return
        }
        #expect(s.startTime == 1_714_550_400_500)
        #expect(s.lastUpdatedAt == s.endTime)
    }

    @Test func rejectsWithReasons() {
        #expect(reason("not json") == "not a JSON object")
        #expect(reason("{\"a\":1") ?? "" != "")
        #expect(reason("[1]") == "not a JSON object")
        #expect(reason(#"{"org_id":"raven"}"#) == "missing field 'dataset'")
        #expect(reason(#"{"dataset":"nope","org_id":"raven"}"#)?.hasPrefix("unknown dataset 'nope'") == true)
        // A malformed dataset is an error even when a default dataset would apply to a line without one.
        var withDefault = validator
        withDefault.defaultDataset = .entityOperations
        for bad in [#"{"dataset":[1],"entity_id":"a","org_id":"raven"}"#, #"{"dataset":{},"org_id":"raven"}"#, #"{"dataset":true,"org_id":"raven"}"#] {
            guard case .failure(let r) = withDefault.validate(line: Array(bad.utf8)) else { Issue.record("accepted \(bad)"); continue }
            #expect(r.reason.contains("'dataset'"), "\(r.reason)")
        }
        #expect(reason(Event.entity("a", "e", org: "x'; DROP TABLE t; --", at: "2024-05-01"))?.hasPrefix("invalid org_id") == true)
        #expect(reason(Event.entity("a", "e", org: "other", at: "2024-05-01"))?.hasPrefix("unknown organisation 'other'") == true)
        #expect(reason(Event.entity("a", "e", op: "mergeEntity", at: "2024-05-01"))?.hasPrefix("invalid operation") == true)
        #expect(reason(Event.entity("a", "e", at: "yesterday")) == "field 'timestamp' is not a timestamp (ISO 8601 or epoch milliseconds)")
        #expect(reason(Event.entity("a", "e", at: "1999-12-31T23:59:59Z"))?.contains("out of range") == true)
        #expect(reason(Event.entity("a", "", at: "2024-05-01")) == "field 'entity_id' is empty")
        #expect(reason(Event.session("s", start: "2024-05-02", end: "2024-05-01")) == "end_time is before start_time")
        #expect(reason(#"{"dataset":"journey_events","org_id":"raven","session_id":"s","journey_id":"j","type":"clicked","details":{},"created_at":"2024-05-01"}"#)?.hasPrefix("invalid journey event type") == true)
        #expect(reason(#"{"dataset":"journey_sessions","id":"s","org_id":"raven","journey_id":"j","start_time":"2024-05-01","details":"nope"}"#) == "field 'details' is a string but not a JSON object")
        #expect(reason(#"{"dataset":"workflow_executions","org_id":"raven","execution_id":"x","workflow_id":"w","workflow_name":"W","status":"running","assignees":[1],"created_at":"2024-05-01"}"#) == "field 'assignees' must be an array of strings")
    }

    @Test func derivedIDsAreStable() throws {
        let line = #"{"dataset":"journey_events","org_id":"raven","session_id":"s","journey_id":"j","type":"journey_submit","details":{},"created_at":"2024-05-01"}"#
        guard case .success(.journeyEvent(let a)) = validator.validate(line: Array(line.utf8)),
              case .success(.journeyEvent(let b)) = validator.validate(line: Array(line.utf8)) else {
            Issue.record("rejected")
            return
        }
        #expect(a.id == b.id)
        #expect(a.id.count == 36)
    }

    @Test func unicodeEscapesDecode() throws {
        let line = #"{"dataset":"journey_sessions","id":"s\u00e4\ud83d\ude00","org_id":"raven","journey_id":"j","start_time":"2024-05-01","details":{"x":"\"q\""}}"#
        guard case .success(.journeySession(let s)) = validator.validate(line: Array(line.utf8)) else {
            Issue.record("rejected: \(reason(line) ?? "")")
            return
        }
        #expect(s.id == "sä😀")
        #expect(s.details == #"{"x":"\"q\""}"#)
    }

    @Test func orgIDs() {
        for good in ["raven", "4711", "a-b_C", String(repeating: "x", count: 64)] { #expect(OrgID.isValid(good)) }
        for bad in ["", "a b", "a'b", "a`b", "a;b", "ä", String(repeating: "x", count: 65), "a\nb"] { #expect(!OrgID.isValid(bad)) }
        #expect(throws: DatalakeError.self) { try OrgID("x`; DROP DATABASE datawarehouse; --") }
    }

    @Test func timestamps() {
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.parse("2024-02-29T12:00:00.123456Z") == 1_709_208_000_123)
        #expect(Timestamp.parse("2023-02-29") == nil)
        #expect(Timestamp.parse("2024-05-01T10:00:00+02:00") == Timestamp.parse("2024-05-01T08:00:00Z"))
        #expect(Timestamp.format(1_709_208_000_123) == "2024-02-29T12:00:00.123Z")
    }

    @Test func generatorIsDeterministic() throws {
        var a: [String] = []
        var b: [String] = []
        let counts = try DemoGenerator(scale: 0.02).generate { a.append($0) }
        try DemoGenerator(scale: 0.02).generate { b.append($0) }
        #expect(a == b)
        #expect(Dataset.allCases.allSatisfy { (counts[$0] ?? 0) > 0 })
        let v = EventValidator(knownOrgs: [DemoCatalog.orgID])
        let rejected = a.filter { if case .failure = v.validate(line: Array($0.utf8)) { return true } else { return false } }
        #expect(rejected.isEmpty, "\(rejected.prefix(2))")
    }
}

@Suite("Committed demo sample")
struct FixtureTests {
    @Test func sampleMatchesTheGenerator() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("Fixtures/demo/raven-energy-sample.ndjson"), encoding: .utf8)
        var generated = ""
        try DemoGenerator(scale: 0.05).generate { generated += $0 + "\n" }
        #expect(committed == generated, "regenerate with: datalake generate --scale 0.05 -o Fixtures/demo/raven-energy-sample.ndjson")
    }
}
