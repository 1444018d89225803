/// The kinds of events the lake ingests; the raw value is the `dataset` field of an NDJSON
/// line and the name of the table the event lands in.
public enum Dataset: String, Sendable, CaseIterable, Hashable {
    case entityOperations = "entity_operations"
    case workflowExecutions = "workflow_executions"
    case journeySessions = "journey_sessions"
    case journeyEvents = "journey_events"
    case portalSessions = "portal_sessions"
    case portalEvents = "portal_events"

    /// The table rows of this dataset are inserted into.
    public var table: String { rawValue }

    /// The position in `allCases`, for arrays with one element per dataset.
    var index: Int {
        switch self {
        case .entityOperations: return 0
        case .workflowExecutions: return 1
        case .journeySessions: return 2
        case .journeyEvents: return 3
        case .portalSessions: return 4
        case .portalEvents: return 5
        }
    }

    /// Accepts the table name or a singular alias (`entity_operation`, `journey_event`, ...).
    public init?(name: String) {
        if let d = Dataset(rawValue: name) { self = d; return }
        if let d = Dataset(rawValue: name + "s") { self = d; return }
        return nil
    }
}

/// The journey event types.
public enum JourneyEventType {
    /// Every accepted `type` of a journey event.
    public static let all: Set<String> = ["journey_load_time", "step_navigation", "journey_submit", "journey_exit"]
}

/// The portal event types (about forty, from `user_logged_in` to `user_logged_out`).
public enum PortalEventType {
    /// The documented portal event types.
    public static let all: [String] = [
        "user_logged_in", "user_registered", "user_password_reset_requested", "user_password_changed",
        "user_email_verified", "user_profile_viewed", "user_profile_updated", "page_navigation",
        "dashboard_viewed", "contract_viewed", "contract_list_viewed", "contract_downloaded",
        "contract_change_requested", "meter_reading_submitted", "meter_reading_history_viewed",
        "invoice_viewed", "invoice_downloaded", "invoice_list_viewed", "payment_method_updated",
        "bank_details_updated", "installment_viewed", "installment_changed", "document_uploaded",
        "document_downloaded", "document_list_viewed", "consumption_chart_viewed", "tariff_viewed",
        "tariff_change_requested", "move_reported", "address_changed", "ticket_created", "ticket_viewed",
        "message_sent", "notification_settings_updated", "consent_updated", "order_viewed",
        "installation_scheduled", "installation_confirmed", "appointment_rescheduled", "feedback_submitted",
        "search_performed", "user_logged_out",
    ]
}
