import CHNative

/// Rows of one table, collected straight into the columns of the table's native ``Block``.
///
/// Appending a record copies its values into the columns at once (string bytes into one
/// buffer per column, `LowCardinality(String)` values into a small dictionary), so no record
/// is kept and building the block only assembles the columns. The identities of the rows are
/// hashed as they come, for the insert's deduplication token.
struct RowBuffer: Sendable {
    let dataset: Dataset
    private(set) var count = 0
    /// `String` columns, in the order of ``block()``.
    private var strings: [StringColumn]
    /// `LowCardinality(String)` columns.
    private var lowCardinality: [LowCardinalityBuilder]
    /// `DateTime64(3, 'UTC')` columns.
    private var times: [[Int64]]
    /// `Nullable(DateTime64(3, 'UTC'))` columns: null maps and values.
    private var nullMaps: [[UInt8]]
    private var nullableTimes: [[Int64]]
    /// Workflow snapshots: `version` and `assignees`.
    private var versions: [UInt64] = []
    private var assigneeOffsets: [UInt64] = []
    private var assignees = StringColumn()
    private var identities: StableHash.FNV128

    init(dataset: Dataset) {
        self.dataset = dataset
        let (s, l, t, n): (Int, Int, Int, Int)
        switch dataset {
        case .entityOperations: (s, l, t, n) = (3, 3, 1, 0)
        case .workflowExecutions: (s, l, t, n) = (8, 4, 2, 2)
        case .journeySessions: (s, l, t, n) = (3, 1, 2, 1)
        case .portalSessions: (s, l, t, n) = (2, 2, 2, 1)
        case .journeyEvents: (s, l, t, n) = (4, 2, 1, 0)
        case .portalEvents: (s, l, t, n) = (3, 3, 1, 0)
        }
        strings = Array(repeating: StringColumn(), count: s)
        lowCardinality = Array(repeating: LowCardinalityBuilder(), count: l)
        times = Array(repeating: [], count: t)
        nullMaps = Array(repeating: [], count: n)
        nullableTimes = Array(repeating: [], count: n)
        identities = StableHash.FNV128()
        identities.combine(dataset.rawValue)
    }

    var isEmpty: Bool { count == 0 }

    /// Adds one row; `r` must belong to this buffer's dataset (others are ignored).
    mutating func append(_ r: EventRecord) {
        switch r {
        case .entityOperation(let e) where dataset == .entityOperations:
            strings[0].append(e.activityID)
            strings[1].append(e.entityID)
            strings[2].append(e.detail)
            lowCardinality[0].append(e.orgID)
            lowCardinality[1].append(e.operation)
            lowCardinality[2].append(e.schema)
            times[0].append(e.timestamp)
            identities.combine(0)
            identities.combine(e.activityID)
        case .workflowExecution(let w) where dataset == .workflowExecutions:
            strings[0].append(w.executionID)
            strings[1].append(w.triggerEntityID)
            strings[2].append(w.closingReason)
            strings[3].append(w.closingComment)
            strings[4].append(w.closedBy)
            strings[5].append(w.phases)
            strings[6].append(w.tasks)
            strings[7].append(w.contexts)
            lowCardinality[0].append(w.orgID)
            lowCardinality[1].append(w.workflowID)
            lowCardinality[2].append(w.workflowName)
            lowCardinality[3].append(w.status)
            times[0].append(w.createdAt)
            times[1].append(w.updatedAt)
            appendNullable(0, w.completedAt)
            appendNullable(1, w.dueDate)
            versions.append(w.version)
            for a in w.assignees { assignees.append(a) }
            assigneeOffsets.append(UInt64(assignees.count))
            identities.combine(0)
            identities.combine(w.executionID + "@" + String(w.version))
        case .journeySession(let s) where dataset == .journeySessions,
             .portalSession(let s) where dataset == .portalSessions:
            strings[0].append(s.id)
            strings[1].append(s.details)
            lowCardinality[0].append(s.orgID)
            if dataset == .journeySessions { strings[2].append(s.scope) } else { lowCardinality[1].append(s.scope) }
            times[0].append(s.startTime)
            times[1].append(s.lastUpdatedAt)
            appendNullable(0, s.endTime)
            identities.combine(0)
            identities.combine(s.id + "@" + String(s.lastUpdatedAt))
        case .journeyEvent(let e) where dataset == .journeyEvents,
             .portalEvent(let e) where dataset == .portalEvents:
            strings[0].append(e.id)
            strings[1].append(e.sessionID)
            strings[2].append(e.details)
            lowCardinality[0].append(e.orgID)
            lowCardinality[1].append(e.type)
            if dataset == .journeyEvents { strings[3].append(e.scope) } else { lowCardinality[2].append(e.scope) }
            times[0].append(e.createdAt)
            identities.combine(0)
            identities.combine(e.id)
        default:
            return
        }
        count += 1
    }

    private mutating func appendNullable(_ i: Int, _ v: Int64?) {
        nullMaps[i].append(v == nil ? 1 : 0)
        nullableTimes[i].append(v ?? 0)
    }

    /// A token identifying exactly these rows, for `insert_deduplication_token`: a retried insert
    /// of the same batch is dropped by the server.
    var deduplicationToken: String { identities.hex }

    static let time = CHType.dateTime64(precision: 3, timezone: "UTC")

    private func time(_ i: Int) throws -> FixedWidthColumn<Int64> {
        try FixedWidthColumn<Int64>(type: Self.time, values: times[i])
    }

    private func nullableTime(_ i: Int) throws -> NullableColumn {
        try NullableColumn(nullMap: nullMaps[i], nested: FixedWidthColumn<Int64>(type: Self.time, values: nullableTimes[i]))
    }

    private func lc(_ i: Int) throws -> LowCardinalityColumn { try lowCardinality[i].column() }

    /// The rows as a block with the table's column names and types.
    func block() throws -> Block {
        switch dataset {
        case .entityOperations:
            return try Block([
                ("activity_id", strings[0]), ("entity_id", strings[1]), ("org_id", lc(0)), ("operation", lc(1)),
                ("schema", lc(2)), ("timestamp", time(0)), ("detail", strings[2]),
            ])
        case .workflowExecutions:
            return try Block([
                ("org_id", lc(0)), ("execution_id", strings[0]), ("workflow_id", lc(1)), ("workflow_name", lc(2)),
                ("status", lc(3)), ("assignees", ArrayColumn(offsets: assigneeOffsets, elements: assignees)),
                ("trigger_entity_id", strings[1]), ("created_at", time(0)), ("updated_at", time(1)),
                ("completed_at", nullableTime(0)), ("due_date", nullableTime(1)), ("closing_reason", strings[2]),
                ("closing_comment", strings[3]), ("closed_by", strings[4]), ("phases", strings[5]), ("tasks", strings[6]),
                ("contexts", strings[7]), ("version", FixedWidthColumn<UInt64>(type: .uint64, values: versions)),
            ])
        case .journeySessions, .portalSessions:
            // journey_id is a String column, app_name a LowCardinality(String) one.
            let scope: (String, any Column) = dataset == .journeySessions ? ("journey_id", strings[2]) : ("app_name", try lc(1))
            return try Block([
                ("id", strings[0]), ("org_id", lc(0)), scope, ("start_time", time(0)), ("details", strings[1]),
                ("end_time", nullableTime(0)), ("last_updated_at", time(1)),
            ])
        case .journeyEvents, .portalEvents:
            let scope: (String, any Column) = dataset == .journeyEvents ? ("journey_id", strings[3]) : ("app_name", try lc(2))
            return try Block([
                ("id", strings[0]), ("org_id", lc(0)), ("session_id", strings[1]), scope, ("type", lc(1)),
                ("details", strings[2]), ("created_at", time(0)),
            ])
        }
    }
}

/// Builds a `LowCardinality(String)` column: each distinct value once in the dictionary, one
/// index per row. Rows usually repeat the previous value, which is checked first.
struct LowCardinalityBuilder: Sendable {
    private var dictionary = StringColumn()
    private var positions: [String: UInt32] = [:]
    private var indexes: [UInt32] = []
    private var last: (String, UInt32)?

    mutating func append(_ s: String) {
        if let last, last.0 == s {
            indexes.append(last.1)
            return
        }
        let p: UInt32
        if let known = positions[s] {
            p = known
        } else {
            p = UInt32(dictionary.count)
            dictionary.append(s)
            positions[s] = p
        }
        indexes.append(p)
        last = (s, p)
    }

    func column() throws -> LowCardinalityColumn {
        try LowCardinalityColumn(innerType: .string, dictionary: dictionary, indexes: indexes)
    }
}
