import CHNative
import Testing
@testable import Datalake

@Suite("Per-organisation views on ClickHouse 26.9")
struct ViewTests {
    @Test func currentEntitiesShowLatestStateWithoutDeletesOrDuplicates() throws {
        try TestLake.with(orgs: ["raven", "4711"]) { lake in
            let ops = [
                Event.entity("a1", "e1", at: "2024-05-01T10:00:00Z", title: "first"),
                Event.entity("a2", "e1", op: "updateEntity", at: "2024-05-02T10:00:00Z", title: "second"),
                Event.entity("a3", "e2", schema: "contact", at: "2024-05-01T10:00:00Z"),
                Event.entity("a4", "e2", op: "deleteEntity", schema: "contact", at: "2024-05-03T10:00:00Z"),
                Event.entity("a5", "e3", org: "4711", at: "2024-05-01T10:00:00Z", title: "other org"),
            ]
            try lake.ingest(ops)
            // A replay in a different batch shape, and an older event arriving late.
            try lake.ingest(Array(ops.reversed()) + [Event.entity("a0", "e1", at: "2024-04-30T10:00:00Z", title: "zeroth")])
            let current = try lake.table("SELECT entity_id, JSONExtractString(detail, 'title') AS title, last_operation FROM \(try lake.view("raven", "current_entities_final")) ORDER BY entity_id")
            #expect(current.rows == [["e1", "second", "updateEntity"]])
            #expect(try lake.count(try lake.view("raven", "entity_operations_final")) == 4 + 1)
            #expect(try lake.count(try lake.view("4711", "current_entities_final")) == 1)
        }
    }

    @Test func duplicatesWrittenAroundDeduplicationAreHidden() throws {
        try TestLake.with { lake in
            // Insert the same rows twice with different tokens, as a replay after a crash could.
            let v = EventValidator()
            guard case .success(let r) = v.validate(line: Array(Event.session("s1", start: "2024-05-01T10:00:00Z").utf8)),
                  case .success(let e) = v.validate(line: Array(Event.entity("a1", "e1", at: "2024-05-01").utf8)) else {
                Issue.record("rejected")
                return
            }
            for token in ["one", "two"] {
                for record in [r, e] {
                    var buffer = RowBuffer(dataset: record.dataset)
                    buffer.append(record)
                    try lake.conn.insert(into: record.dataset.table, database: lake.schema.database, blocks: [try buffer.block()],
                                         settings: ["insert_deduplication_token": token])
                }
            }
            #expect(try lake.count(lake.schema.qualified("journey_sessions")) == 2)
            #expect(try lake.count(try lake.view("raven", "journey_sessions_final")) == 1)
            #expect(try lake.count(try lake.view("raven", "entity_operations_final")) == 1)
            #expect(try lake.count(try lake.view("raven", "current_entities_final")) == 1)
        }
    }

    @Test func sessionUpdatesAndWorkflowSnapshotsKeepTheLatest() throws {
        try TestLake.with { lake in
            let snapshot = { (version: Int, status: String, phase: String) in
                #"{"dataset":"workflow_executions","org_id":"raven","execution_id":"x1","workflow_id":"w","workflow_name":"Wallbox Installation","status":"\#(status)","assignees":["ann"],"created_at":"2024-05-01T10:00:00Z","updated_at":"2024-05-0\#(version)T10:00:00Z","version":\#(version),"closing_reason":"\#(status == "cancelled" ? "Kunde hat storniert" : "")","phases":[{"id":"p1","name":"Vorbereitung","position":1,"status":"\#(phase)"}],"tasks":[{"id":"t1","phase_id":"p1","name":"Anrufen","status":"open","due_date":"2024-05-10T00:00:00Z"},{"id":"t2","phase_id":"p1","name":"Fotos","status":"done"}],"contexts":[{"entity_id":"e1","schema":"opportunity","title":"Wallbox"}]}"#
            }
            try lake.ingest([
                Event.session("s1", start: "2024-05-01T10:00:00Z"),
                snapshot(2, "cancelled", "cancelled"),
                snapshot(1, "running", "in_progress"),
            ])
            try lake.ingest([Event.session("s1", start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:07:00Z")])
            let s = try lake.table("SELECT end_time FROM \(try lake.view("raven", "journey_sessions_final"))")
            #expect(s.rows == [["2024-05-01 10:07:00.000"]])
            let x = try lake.table("SELECT status, task_count, snapshot_version FROM \(try lake.view("raven", "workflow_executions_final"))")
            #expect(x.rows == [["cancelled", "2", "2"]])
            #expect(try lake.table("SELECT phase_name, status FROM \(try lake.view("raven", "workflow_phases_final"))").rows == [["Vorbereitung", "cancelled"]])
            #expect(try lake.table("SELECT task_id, due_date FROM \(try lake.view("raven", "workflow_tasks_final")) ORDER BY task_id").rows
                    == [["t1", "2024-05-10 00:00:00.000"], ["t2", "\\N"]])
            #expect(try lake.table("SELECT reason FROM \(try lake.view("raven", "workflow_cancellations_final"))").rows == [["Kunde hat storniert"]])
            #expect(try lake.table("SELECT entity_id, schema FROM \(try lake.view("raven", "workflow_contexts_final"))").rows == [["e1", "opportunity"]])
        }
    }
}
