/// The tables of the data lake. Every dataset table is a `ReplacingMergeTree` whose sorting key
/// identifies one logical row (an activity, a snapshot's execution, a session, an event), so
/// a replayed event collapses into the row it repeats; the `_final` views read with `FINAL`.
public enum Tables {
    static let ts = "DateTime64(3, 'UTC')"
    static let lc = "LowCardinality(String)"
    static let ingested = TableSpec.ColumnSpec("ingested_at", "DateTime64(3, 'UTC')", default: "now64(3)", "when the row reached the lake")

    /// One row per entity mutation.
    public static let entityOperations = TableSpec(
        name: "entity_operations",
        columns: [
            .init("activity_id", "String", "unique id of the mutation"),
            .init("entity_id", "String"),
            .init("org_id", lc),
            .init("operation", lc, "createEntity, updateEntity or deleteEntity"),
            .init("schema", lc, "entity schema: order, opportunity, contact, account, product, ..."),
            .init("timestamp", ts),
            .init("detail", "String", "stringified JSON of the full entity at that moment"),
            ingested,
        ],
        engine: .replacing(version: nil, isDeleted: nil),
        orderBy: ["org_id", "schema", "entity_id", "timestamp", "activity_id"],
        partitionBy: "toYYYYMM(`timestamp`)",
        settings: ["non_replicated_deduplication_window = 1000"],
        comment: "entity mutations; replays collapse on (org_id, schema, entity_id, timestamp, activity_id)")

    /// The latest operation of every entity, maintained by `entity_latest_mv`; deletes carry `is_deleted = 1`.
    public static let entityLatest = TableSpec(
        name: "entity_latest",
        columns: [
            .init("org_id", lc),
            .init("entity_id", "String"),
            .init("schema", lc),
            .init("operation", lc),
            .init("activity_id", "String"),
            .init("updated_at", ts),
            .init("detail", "String"),
            .init("version", "UInt64", "timestamp in ms: the newest operation wins"),
            .init("is_deleted", "UInt8"),
        ],
        engine: .replacing(version: "version", isDeleted: "is_deleted"),
        orderBy: ["org_id", "entity_id"],
        partitionBy: nil,
        settings: [],
        comment: "latest state per entity (FINAL hides older versions and deleted entities)")

    /// Workflow execution snapshots: the whole execution each time it changes.
    public static let workflowExecutions = TableSpec(
        name: "workflow_executions",
        columns: [
            .init("org_id", lc),
            .init("execution_id", "String"),
            .init("workflow_id", lc),
            .init("workflow_name", lc),
            .init("status", lc, "running, completed or cancelled"),
            .init("assignees", "Array(String)"),
            .init("trigger_entity_id", "String", "entity that started the execution"),
            .init("created_at", ts),
            .init("updated_at", ts),
            .init("completed_at", "Nullable(\(ts))"),
            .init("due_date", "Nullable(\(ts))"),
            .init("closing_reason", "String", "why the execution was closed or cancelled"),
            .init("closing_comment", "String"),
            .init("closed_by", "String"),
            .init("phases", "String", "JSON array of {id, name, position, status, started_at, completed_at}"),
            .init("tasks", "String", "JSON array of {id, phase_id, name, status, assignee, due_date, completed_at}"),
            .init("contexts", "String", "JSON array of linked entities {entity_id, schema, title}"),
            .init("version", "UInt64", "snapshot version: the highest wins"),
            ingested,
        ],
        engine: .replacing(version: "version", isDeleted: nil),
        orderBy: ["org_id", "execution_id"],
        partitionBy: nil,
        settings: ["non_replicated_deduplication_window = 1000"],
        comment: "workflow execution snapshots; FINAL keeps the latest per execution")

    static func sessionTable(_ name: String, scope: TableSpec.ColumnSpec, comment: String) -> TableSpec {
        TableSpec(
            name: name,
            columns: [
                .init("id", "String"),
                .init("org_id", lc),
                scope,
                .init("start_time", ts),
                .init("details", "String", "JSON: deviceType, osType, browserTypeAndVersion, screenResolution, ..."),
                .init("end_time", "Nullable(\(ts))"),
                .init("last_updated_at", ts, "version: the latest update wins"),
                ingested,
            ],
            engine: .replacing(version: "last_updated_at", isDeleted: nil),
            orderBy: ["org_id", scope.name, "id"],
            partitionBy: nil,
            settings: ["non_replicated_deduplication_window = 1000"],
            comment: comment)
    }

    static func eventTable(_ name: String, scope: TableSpec.ColumnSpec, comment: String) -> TableSpec {
        TableSpec(
            name: name,
            columns: [
                .init("id", "String"),
                .init("org_id", lc),
                .init("session_id", "String"),
                scope,
                .init("type", lc),
                .init("details", "String", "JSON with the event's details"),
                .init("created_at", ts),
                ingested,
            ],
            engine: .replacing(version: nil, isDeleted: nil),
            orderBy: ["org_id", scope.name, "created_at", "session_id", "id"],
            partitionBy: "toYYYYMM(`created_at`)",
            settings: ["non_replicated_deduplication_window = 1000"],
            comment: comment)
    }

    /// Journey sessions (one row per update; FINAL keeps the latest).
    public static let journeySessions = sessionTable("journey_sessions", scope: .init("journey_id", "String"), comment: "journey sessions")
    /// Journey events: load times, step navigation, submits, exits.
    public static let journeyEvents = eventTable("journey_events", scope: .init("journey_id", "String"), comment: "journey events")
    /// Portal sessions (customer portal, installer portal).
    public static let portalSessions = sessionTable("portal_sessions", scope: .init("app_name", lc), comment: "portal sessions")
    /// Portal events (about forty types from user_logged_in to user_logged_out).
    public static let portalEvents = eventTable("portal_events", scope: .init("app_name", lc), comment: "portal events")

    /// Registered organisations.
    public static let organisations = TableSpec(
        name: "organisations",
        columns: [
            .init("org_id", "String"),
            .init("name", "String"),
            .init("created_at", ts, default: "now64(3)"),
        ],
        engine: .replacing(version: "created_at", isDeleted: nil),
        orderBy: ["org_id"],
        partitionBy: nil,
        settings: [],
        comment: "organisations with views",
        everyNode: true)

    /// Data lake credentials (generated, revoked); one row per change, FINAL keeps the latest.
    /// Holds only the SHA-256 of each password. No credential can read it.
    public static let credentials = TableSpec(
        name: "credentials",
        columns: [
            .init("username", "String"),
            .init("org_id", "LowCardinality(String)"),
            .init("password_sha256", "String", "hex SHA-256 of the password; the password itself is never stored"),
            .init("created_at", ts),
            .init("revoked_at", "Nullable(DateTime64(3, 'UTC'))"),
            .init("updated_at", ts, default: "now64(3)"),
        ],
        engine: .replacing(version: "updated_at", isDeleted: nil),
        orderBy: ["username"],
        partitionBy: nil,
        settings: [],
        comment: "data lake credentials (datalake credentials generate|list|revoke)",
        everyNode: true)

    /// The dataset tables in creation order.
    public static let datasets: [TableSpec] = [
        entityOperations, workflowExecutions, journeySessions, journeyEvents, portalSessions, portalEvents,
    ]
}
