/// One validated entity operation.
public struct EntityOperationRow: Sendable, Equatable {
    /// Id of the operation (`activity_id`); derived from the event's content when the event has none.
    public var activityID: String
    /// The entity changed (`entity_id`).
    public var entityID: String
    /// The organisation (`org_id`).
    public var orgID: String
    /// `createEntity`, `updateEntity` or `deleteEntity`.
    public var operation: String
    /// The entity's schema name.
    public var schema: String
    /// When the operation happened, in milliseconds since 1970 (UTC).
    public var timestamp: Int64
    /// The operation's details, a JSON object as text.
    public var detail: String
}

/// One validated workflow execution snapshot.
public struct WorkflowExecutionRow: Sendable, Equatable {
    /// The organisation (`org_id`).
    public var orgID: String
    /// Id of the execution; snapshots of one execution share it.
    public var executionID: String
    /// Id of the workflow definition.
    public var workflowID: String
    /// Name of the workflow definition.
    public var workflowName: String
    /// `running`, `completed` or `cancelled`.
    public var status: String
    /// Users assigned to the execution.
    public var assignees: [String]
    /// The entity that started the execution (empty when none).
    public var triggerEntityID: String
    /// When the execution started, in milliseconds since 1970 (UTC).
    public var createdAt: Int64
    /// When this snapshot was taken, in milliseconds since 1970 (UTC).
    public var updatedAt: Int64
    /// When the execution ended, if it has.
    public var completedAt: Int64?
    /// When the execution is due, if it has a due date.
    public var dueDate: Int64?
    /// Why the execution was closed (empty while open).
    public var closingReason: String
    /// The comment given when closing (may be empty).
    public var closingComment: String
    /// Who closed the execution (empty while open).
    public var closedBy: String
    /// The phases, a JSON array as text.
    public var phases: String
    /// The tasks, a JSON array as text.
    public var tasks: String
    /// The contexts, a JSON array as text.
    public var contexts: String
    /// Snapshot version; the newest per execution wins (`updated_at` in milliseconds when the event has none).
    public var version: UInt64
}

/// One validated journey or portal session update; `scope` is the journey id or the app name.
public struct SessionRow: Sendable, Equatable {
    /// Id of the session; updates of one session share it.
    public var id: String
    /// The organisation (`org_id`).
    public var orgID: String
    /// The journey id (journey sessions) or the app name (portal sessions).
    public var scope: String
    /// When the session started, in milliseconds since 1970 (UTC).
    public var startTime: Int64
    /// The session's details, a JSON object as text.
    public var details: String
    /// When the session ended, if it has.
    public var endTime: Int64?
    /// When this update was made; the newest per session wins.
    public var lastUpdatedAt: Int64
}

/// One validated journey or portal event; `scope` is the journey id or the app name.
public struct EventRow: Sendable, Equatable {
    /// Id of the event; derived from the event's content when the event has none.
    public var id: String
    /// The organisation (`org_id`).
    public var orgID: String
    /// The session the event belongs to.
    public var sessionID: String
    /// The journey id (journey events) or the app name (portal events).
    public var scope: String
    /// The event type (a journey event type, or a lower_snake_case portal event type).
    public var type: String
    /// The event's details, a JSON object as text.
    public var details: String
    /// When the event happened, in milliseconds since 1970 (UTC).
    public var createdAt: Int64
}

/// A validated event, ready for its table.
public enum EventRecord: Sendable, Equatable {
    /// An entity change.
    case entityOperation(EntityOperationRow)
    /// A workflow execution snapshot.
    case workflowExecution(WorkflowExecutionRow)
    /// A journey session update.
    case journeySession(SessionRow)
    /// A journey event.
    case journeyEvent(EventRow)
    /// A portal session update.
    case portalSession(SessionRow)
    /// A portal event.
    case portalEvent(EventRow)

    /// The dataset the record belongs to.
    public var dataset: Dataset {
        switch self {
        case .entityOperation: return .entityOperations
        case .workflowExecution: return .workflowExecutions
        case .journeySession: return .journeySessions
        case .journeyEvent: return .journeyEvents
        case .portalSession: return .portalSessions
        case .portalEvent: return .portalEvents
        }
    }

    /// The organisation of the record.
    /// The organisation (`org_id`).
    public var orgID: String {
        switch self {
        case .entityOperation(let r): return r.orgID
        case .workflowExecution(let r): return r.orgID
        case .journeySession(let r), .portalSession(let r): return r.orgID
        case .journeyEvent(let r), .portalEvent(let r): return r.orgID
        }
    }

    /// A string identifying the row and its version (for deduplication tokens).
    var identity: String {
        switch self {
        case .entityOperation(let r): return r.activityID
        case .workflowExecution(let r): return r.executionID + "@" + String(r.version)
        case .journeySession(let r), .portalSession(let r): return r.id + "@" + String(r.lastUpdatedAt)
        case .journeyEvent(let r), .portalEvent(let r): return r.id
        }
    }
}
