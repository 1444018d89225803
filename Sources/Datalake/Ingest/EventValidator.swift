/// Why an event was rejected.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable reason naming the field.
    public var reason: String
    /// A rejection for `reason`.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Turns one NDJSON line into a validated ``EventRecord`` or a ``Rejection`` with the reason.
///
/// Rules: a JSON object; `dataset` names one of the six datasets (or `defaultDataset` applies);
/// `org_id` is a valid organisation id (and a known one when `knownOrgs` is given); ids are
/// non-empty and at most 256 bytes; timestamps are ISO 8601 or epoch milliseconds between 2000
/// and 2100; `detail`/`details` is a JSON object (or a string holding one); enumerated fields
/// (operation, journey event type, workflow status) take documented values. A missing event id is
/// derived from the event's content, so replays produce the same id.
public struct EventValidator: Sendable {
    /// Dataset for lines without a `dataset` field.
    public var defaultDataset: Dataset?
    /// Organisations accepted; `nil` accepts any valid id.
    public var knownOrgs: Set<String>?
    /// Longest accepted line in bytes.
    public var maxLineBytes = 1 << 20

    /// A validator applying `defaultDataset` to lines without one and accepting `knownOrgs` only
    /// (any valid organisation id when `nil`).
    public init(defaultDataset: Dataset? = nil, knownOrgs: Set<String>? = nil) {
        self.defaultDataset = defaultDataset
        self.knownOrgs = knownOrgs
    }

    static let minTime = Timestamp.days(year: 2000, month: 1, day: 1) * 86_400_000
    static let maxTime = Timestamp.days(year: 2100, month: 1, day: 1) * 86_400_000
    static let operations: Set<String> = ["createEntity", "updateEntity", "deleteEntity"]
    static let workflowStatuses: Set<String> = ["running", "completed", "cancelled"]

    /// Validates one line (without its newline).
    public func validate(line: some Collection<UInt8>) -> Result<EventRecord, Rejection> {
        guard line.count <= maxLineBytes else { return .failure(Rejection("line longer than \(maxLineBytes) bytes")) }
        if let result = line.withContiguousStorageIfAvailable({ validate(bytes: $0) }) { return result }
        return Array(line).withUnsafeBufferPointer { validate(bytes: $0) }
    }

    /// Validates one line held in contiguous memory: the scan records where the fields are, and
    /// only the values the row needs are decoded.
    func validate(bytes: UnsafeBufferPointer<UInt8>) -> Result<EventRecord, Rejection> {
        var entries: [JSONField] = []
        entries.reserveCapacity(16)
        do {
            try JSONScanner.scanObject(bytes, into: &entries)
            return .success(try record(from: Fields(line: bytes, entries: entries)))
        } catch let r as Rejection {
            return .failure(r)
        } catch {
            return .failure(Rejection(String(describing: error)))
        }
    }

    /// Validates the fields of one line.
    func record(from f: Fields) throws -> EventRecord {
        let dataset: Dataset
        // A `dataset` that is present but not a string is rejected, never replaced by the default.
        if let name = try f.optionalString("dataset") {
            guard let ds = Dataset(name: name) else {
                throw Rejection("unknown dataset '\(OrgID.printable(name))'; expected one of \(Dataset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dataset = ds
        } else if let ds = defaultDataset {
            dataset = ds
        } else {
            throw Rejection("missing field 'dataset'")
        }
        let org = try f.string("org_id")
        guard OrgID.isValid(org) else { throw Rejection("invalid org_id \("'" + OrgID.printable(org) + "'"): use 1-64 characters of A-Z a-z 0-9 _ -") }
        if let known = knownOrgs, !known.contains(org) { throw Rejection("unknown organisation '\(org)': run `datalake org add \(org)` first") }
        switch dataset {
        case .entityOperations:
            let op = try f.string("operation")
            guard Self.operations.contains(op) else { throw Rejection("invalid operation '\(op)': expected createEntity, updateEntity or deleteEntity") }
            let schema = try f.string("schema")
            guard schema.utf8.count <= 64, schema.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D }) else {
                throw Rejection("invalid schema \("'" + OrgID.printable(schema) + "'")")
            }
            let ts = try f.time("timestamp")
            let detail = try f.json("detail")
            let activity = try f.optionalString("activity_id") ?? f.derivedID()
            return .entityOperation(EntityOperationRow(
                activityID: activity, entityID: try f.string("entity_id"), orgID: org, operation: op,
                schema: schema, timestamp: ts, detail: detail))
        case .workflowExecutions:
            let status = try f.string("status")
            guard Self.workflowStatuses.contains(status) else { throw Rejection("invalid status '\(status)': expected running, completed or cancelled") }
            let created = try f.time("created_at")
            let updated = try f.optionalTime("updated_at") ?? created
            guard updated >= created else { throw Rejection("updated_at is before created_at") }
            let version = try f.optionalUInt("version") ?? UInt64(updated)
            return .workflowExecution(WorkflowExecutionRow(
                orgID: org, executionID: try f.string("execution_id"), workflowID: try f.string("workflow_id"),
                workflowName: try f.string("workflow_name"), status: status,
                assignees: try f.stringArray("assignees"), triggerEntityID: try f.optionalString("trigger_entity_id") ?? "",
                createdAt: created, updatedAt: updated, completedAt: try f.optionalTime("completed_at"),
                dueDate: try f.optionalTime("due_date"),
                closingReason: try f.optionalString("closing_reason", allowEmpty: true) ?? "",
                closingComment: try f.optionalString("closing_comment", allowEmpty: true) ?? "",
                closedBy: try f.optionalString("closed_by", allowEmpty: true) ?? "",
                phases: try f.jsonArray("phases"), tasks: try f.jsonArray("tasks"), contexts: try f.jsonArray("contexts"),
                version: version))
        case .journeySessions, .portalSessions:
            let scopeField: StaticString = dataset == .journeySessions ? "journey_id" : "app_name"
            let start = try f.time("start_time")
            let end = try f.optionalTime("end_time")
            if let end, end < start { throw Rejection("end_time is before start_time") }
            let updated = try f.optionalTime("last_updated_at") ?? end ?? start
            let row = SessionRow(id: try f.string("id"), orgID: org, scope: try f.string(scopeField), startTime: start,
                                 details: try f.json("details"), endTime: end, lastUpdatedAt: updated)
            return dataset == .journeySessions ? .journeySession(row) : .portalSession(row)
        case .journeyEvents, .portalEvents:
            let scopeField: StaticString = dataset == .journeyEvents ? "journey_id" : "app_name"
            let type = try f.string("type")
            if dataset == .journeyEvents, !JourneyEventType.all.contains(type) {
                throw Rejection("invalid journey event type '\(type)': expected \(JourneyEventType.all.sorted().joined(separator: ", "))")
            }
            if dataset == .portalEvents, !(type.utf8.count <= 64 && type.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })) {
                throw Rejection("invalid portal event type \("'" + OrgID.printable(type) + "'"): use lower_snake_case")
            }
            let row = EventRow(id: try f.optionalString("id") ?? f.derivedID(), orgID: org,
                               sessionID: try f.string("session_id"), scope: try f.string(scopeField), type: type,
                               details: try f.json("details"), createdAt: try f.time("created_at"))
            return dataset == .journeyEvents ? .journeyEvent(row) : .portalEvent(row)
        }
    }
}
