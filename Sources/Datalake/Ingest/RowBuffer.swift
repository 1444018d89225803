import CHNative

/// Rows of one table collected column by column, turned into a native ``Block`` for insert.
struct RowBuffer: Sendable {
    let dataset: Dataset
    private(set) var records: [EventRecord] = []

    init(dataset: Dataset) { self.dataset = dataset }

    var count: Int { records.count }
    var isEmpty: Bool { records.isEmpty }

    mutating func append(_ r: EventRecord) { records.append(r) }

    /// A token identifying exactly these rows, for `insert_deduplication_token`: a retried insert
    /// of the same batch is dropped by the server.
    var deduplicationToken: String {
        var bytes: [UInt8] = Array(dataset.rawValue.utf8)
        for r in records {
            bytes.append(0)
            bytes.append(contentsOf: r.identity.utf8)
        }
        return StableHash.hex(bytes)
    }

    static let time = CHType.dateTime64(precision: 3, timezone: "UTC")

    static func times(_ v: [Int64]) throws -> FixedWidthColumn<Int64> {
        try FixedWidthColumn<Int64>(type: time, values: v)
    }

    static func nullableTimes(_ v: [Int64?]) throws -> NullableColumn {
        try NullableColumn(nullMap: v.map { $0 == nil ? 1 : 0 }, nested: times(v.map { $0 ?? 0 }))
    }

    /// The rows as a block with the table's column names.
    func block() throws -> Block {
        switch dataset {
        case .entityOperations:
            let rows = records.compactMap { if case .entityOperation(let r) = $0 { return r } else { return nil } }
            return try Block([
                ("activity_id", StringColumn(rows.map(\.activityID))),
                ("entity_id", StringColumn(rows.map(\.entityID))),
                ("org_id", StringColumn(rows.map(\.orgID))),
                ("operation", StringColumn(rows.map(\.operation))),
                ("schema", StringColumn(rows.map(\.schema))),
                ("timestamp", Self.times(rows.map(\.timestamp))),
                ("detail", StringColumn(rows.map(\.detail))),
            ])
        case .workflowExecutions:
            let rows = records.compactMap { if case .workflowExecution(let r) = $0 { return r } else { return nil } }
            var offsets: [UInt64] = []
            var names: [String] = []
            for r in rows {
                names += r.assignees
                offsets.append(UInt64(names.count))
            }
            return try Block([
                ("org_id", StringColumn(rows.map(\.orgID))),
                ("execution_id", StringColumn(rows.map(\.executionID))),
                ("workflow_id", StringColumn(rows.map(\.workflowID))),
                ("workflow_name", StringColumn(rows.map(\.workflowName))),
                ("status", StringColumn(rows.map(\.status))),
                ("assignees", try ArrayColumn(offsets: offsets, elements: StringColumn(names))),
                ("trigger_entity_id", StringColumn(rows.map(\.triggerEntityID))),
                ("created_at", Self.times(rows.map(\.createdAt))),
                ("updated_at", Self.times(rows.map(\.updatedAt))),
                ("completed_at", Self.nullableTimes(rows.map(\.completedAt))),
                ("due_date", Self.nullableTimes(rows.map(\.dueDate))),
                ("closing_reason", StringColumn(rows.map(\.closingReason))),
                ("closing_comment", StringColumn(rows.map(\.closingComment))),
                ("closed_by", StringColumn(rows.map(\.closedBy))),
                ("phases", StringColumn(rows.map(\.phases))),
                ("tasks", StringColumn(rows.map(\.tasks))),
                ("contexts", StringColumn(rows.map(\.contexts))),
                ("version", try FixedWidthColumn<UInt64>(type: .uint64, values: rows.map(\.version))),
            ])
        case .journeySessions, .portalSessions:
            let rows = records.compactMap { r -> SessionRow? in
                switch r {
                case .journeySession(let s), .portalSession(let s): return s
                default: return nil
                }
            }
            return try Block([
                ("id", StringColumn(rows.map(\.id))),
                ("org_id", StringColumn(rows.map(\.orgID))),
                (dataset == .journeySessions ? "journey_id" : "app_name", StringColumn(rows.map(\.scope))),
                ("start_time", Self.times(rows.map(\.startTime))),
                ("details", StringColumn(rows.map(\.details))),
                ("end_time", Self.nullableTimes(rows.map(\.endTime))),
                ("last_updated_at", Self.times(rows.map(\.lastUpdatedAt))),
            ])
        case .journeyEvents, .portalEvents:
            let rows = records.compactMap { r -> EventRow? in
                switch r {
                case .journeyEvent(let e), .portalEvent(let e): return e
                default: return nil
                }
            }
            return try Block([
                ("id", StringColumn(rows.map(\.id))),
                ("org_id", StringColumn(rows.map(\.orgID))),
                ("session_id", StringColumn(rows.map(\.sessionID))),
                (dataset == .journeyEvents ? "journey_id" : "app_name", StringColumn(rows.map(\.scope))),
                ("type", StringColumn(rows.map(\.type))),
                ("details", StringColumn(rows.map(\.details))),
                ("created_at", Self.times(rows.map(\.createdAt))),
            ])
        }
    }
}
