/// One validated entity operation.
public struct EntityOperationRow: Sendable, Equatable {
    public var activityID: String
    public var entityID: String
    public var orgID: String
    public var operation: String
    public var schema: String
    public var timestamp: Int64
    public var detail: String
}

/// One validated workflow execution snapshot.
public struct WorkflowExecutionRow: Sendable, Equatable {
    public var orgID: String
    public var executionID: String
    public var workflowID: String
    public var workflowName: String
    public var status: String
    public var assignees: [String]
    public var triggerEntityID: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var completedAt: Int64?
    public var dueDate: Int64?
    public var closingReason: String
    public var closingComment: String
    public var closedBy: String
    public var phases: String
    public var tasks: String
    public var contexts: String
    public var version: UInt64
}

/// One validated journey or portal session update; `scope` is the journey id or the app name.
public struct SessionRow: Sendable, Equatable {
    public var id: String
    public var orgID: String
    public var scope: String
    public var startTime: Int64
    public var details: String
    public var endTime: Int64?
    public var lastUpdatedAt: Int64
}

/// One validated journey or portal event; `scope` is the journey id or the app name.
public struct EventRow: Sendable, Equatable {
    public var id: String
    public var orgID: String
    public var sessionID: String
    public var scope: String
    public var type: String
    public var details: String
    public var createdAt: Int64
}

/// A validated event, ready for its table.
public enum EventRecord: Sendable, Equatable {
    case entityOperation(EntityOperationRow)
    case workflowExecution(WorkflowExecutionRow)
    case journeySession(SessionRow)
    case journeyEvent(EventRow)
    case portalSession(SessionRow)
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
