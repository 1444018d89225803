import CHNative

/// The per-organisation views `{org}_..._final`: the latest state of each dataset for one
/// organisation, with replayed duplicates collapsed by `FINAL` on `ReplacingMergeTree` tables.
public struct OrgViews: Sendable {
    /// The organisation.
    public let org: OrgID
    /// Where the views live.
    public let config: SchemaConfiguration

    /// Views for `org` in `config`.
    public init(org: OrgID, config: SchemaConfiguration) {
        self.org = org
        self.config = config
    }

    /// The view name suffixes, in creation order.
    public static let suffixes = [
        "current_entities_final", "entity_operations_final",
        "workflow_executions_final", "workflow_phases_final", "workflow_tasks_final",
        "workflow_cancellations_final", "workflow_contexts_final",
        "journey_sessions_final", "journey_events_final",
        "portal_sessions_final", "portal_events_final",
    ]

    /// The unquoted name of one view, e.g. `4711_current_entities_final`.
    public func name(_ suffix: String) -> String { org.rawValue + "_" + suffix }

    /// The quoted, database-qualified name of one view.
    public func qualifiedName(_ suffix: String) -> String { config.qualified(name(suffix)) }

    var orgLiteral: String { SQLLiteral.string(org.rawValue) }

    func table(_ name: String) -> String { config.qualified(name) }

    /// The `SELECT` of each view, by suffix.
    public func selects() -> [(String, String)] {
        let o = orgLiteral
        let wf = "(SELECT * FROM \(table("workflow_executions")) FINAL WHERE `org_id` = \(o))"
        func dt(_ expr: String) -> String { "parseDateTime64BestEffortOrNull(\(expr), 3, 'UTC')" }
        return [
            ("current_entities_final", """
            SELECT `entity_id`, `org_id`, `schema`, `operation` AS `last_operation`, `activity_id`, `updated_at`, `detail`
            FROM \(table("entity_latest")) FINAL
            WHERE `org_id` = \(o) AND `is_deleted` = 0
            """),
            ("entity_operations_final", """
            SELECT `activity_id`, `entity_id`, `org_id`, `operation`, `schema`, `timestamp`, `detail`
            FROM \(table("entity_operations")) FINAL
            WHERE `org_id` = \(o)
            """),
            ("workflow_executions_final", """
            SELECT `execution_id`, `org_id`, `workflow_id`, `workflow_name`, `status`, `assignees`, `trigger_entity_id`,
                   `created_at`, `updated_at`, `completed_at`, `due_date`, `closing_reason`, `closing_comment`, `closed_by`,
                   length(JSONExtractArrayRaw(`phases`)) AS `phase_count`,
                   length(JSONExtractArrayRaw(`tasks`)) AS `task_count`,
                   `version` AS `snapshot_version`
            FROM \(wf)
            """),
            ("workflow_phases_final", """
            SELECT `execution_id`, `org_id`, `workflow_id`, `workflow_name`,
                   JSONExtractString(p, 'id') AS `phase_id`, JSONExtractString(p, 'name') AS `phase_name`,
                   toUInt32(JSONExtractUInt(p, 'position')) AS `position`, JSONExtractString(p, 'status') AS `status`,
                   \(dt("JSONExtractString(p, 'started_at')")) AS `started_at`,
                   \(dt("JSONExtractString(p, 'completed_at')")) AS `completed_at`
            FROM \(wf) ARRAY JOIN JSONExtractArrayRaw(`phases`) AS p
            """),
            ("workflow_tasks_final", """
            SELECT `execution_id`, `org_id`, `workflow_id`, `workflow_name`,
                   JSONExtractString(t, 'id') AS `task_id`, JSONExtractString(t, 'phase_id') AS `phase_id`,
                   JSONExtractString(t, 'name') AS `task_name`, JSONExtractString(t, 'status') AS `status`,
                   JSONExtractString(t, 'assignee') AS `assignee`,
                   \(dt("JSONExtractString(t, 'due_date')")) AS `due_date`,
                   \(dt("JSONExtractString(t, 'completed_at')")) AS `completed_at`
            FROM \(wf) ARRAY JOIN JSONExtractArrayRaw(`tasks`) AS t
            """),
            ("workflow_cancellations_final", """
            SELECT `execution_id`, `org_id`, `workflow_id`, `workflow_name`, `closing_reason` AS `reason`,
                   `closing_comment` AS `comment`, `closed_by` AS `cancelled_by`, `completed_at` AS `cancelled_at`
            FROM \(wf)
            WHERE `status` = 'cancelled'
            """),
            ("workflow_contexts_final", """
            SELECT `execution_id`, `org_id`, `workflow_id`, `workflow_name`,
                   JSONExtractString(c, 'entity_id') AS `entity_id`, JSONExtractString(c, 'schema') AS `schema`,
                   JSONExtractString(c, 'title') AS `title`
            FROM \(wf) ARRAY JOIN JSONExtractArrayRaw(`contexts`) AS c
            """),
            ("journey_sessions_final", """
            SELECT `id`, `org_id`, `journey_id`, `start_time`, `details`, `end_time`, `last_updated_at`
            FROM \(table("journey_sessions")) FINAL
            WHERE `org_id` = \(o)
            """),
            ("journey_events_final", """
            SELECT `id`, `org_id`, `session_id`, `journey_id`, `type`, `details`, `created_at`
            FROM \(table("journey_events")) FINAL
            WHERE `org_id` = \(o)
            """),
            ("portal_sessions_final", """
            SELECT `id`, `org_id`, `app_name`, `start_time`, `details`, `end_time`, `last_updated_at`
            FROM \(table("portal_sessions")) FINAL
            WHERE `org_id` = \(o)
            """),
            ("portal_events_final", """
            SELECT `id`, `org_id`, `session_id`, `app_name`, `type`, `details`, `created_at`
            FROM \(table("portal_events")) FINAL
            WHERE `org_id` = \(o)
            """),
        ]
    }

    /// `CREATE OR REPLACE VIEW` statements for every view (idempotent).
    public func createStatements() -> [String] {
        // On a cluster the views read `Distributed` tables: with `optimize_skip_unused_shards` the
        // condition on `org_id` (the sharding key) sends each query to the organisation's shard only.
        let settings = config.cluster == nil ? "" : "\nSETTINGS optimize_skip_unused_shards = 1"
        return selects().map { suffix, select in
            "CREATE OR REPLACE VIEW \(qualifiedName(suffix))\(config.onCluster) AS\n\(select)\(settings)"
        }
    }

    /// `DROP VIEW IF EXISTS` statements for every view.
    public func dropStatements() -> [String] {
        Self.suffixes.map { "DROP VIEW IF EXISTS \(qualifiedName($0))\(config.onCluster)" }
    }
}
