/// Packet ids the server sends.
package enum ServerPacket: UInt64 {
    case hello = 0
    case data = 1
    case exception = 2
    case progress = 3
    case pong = 4
    case endOfStream = 5
    case profileInfo = 6
    case totals = 7
    case extremes = 8
    case tablesStatusResponse = 9
    case log = 10
    case tableColumns = 11
    case partUUIDs = 12
    case readTaskRequest = 13
    case profileEvents = 14
    case mergeTreeAllRangesAnnouncement = 15
    case mergeTreeReadTaskRequest = 16
    case timezoneUpdate = 17
}

/// Packet ids the client sends.
enum ClientPacket: UInt64 {
    case hello = 0
    case query = 1
    case data = 2
    case cancel = 3
    case ping = 4
}

/// Protocol revisions and the features they gate.
public enum ProtocolRevision {
    /// The newest revision CHNative implements and advertises.
    public static let current: UInt64 = 54465

    static let withBlockInfo: UInt64 = 51903
    static let withClientInfo: UInt64 = 54032
    static let withServerTimezone: UInt64 = 54058
    static let withQuotaKeyInClientInfo: UInt64 = 54060
    static let withServerDisplayName: UInt64 = 54372
    static let withVersionPatch: UInt64 = 54401
    static let withClientWriteInfo: UInt64 = 54420
    static let withSettingsAsStrings: UInt64 = 54429
    static let withInterserverSecret: UInt64 = 54441
    static let withOpenTelemetry: UInt64 = 54442
    static let withDistributedDepth: UInt64 = 54448
    static let withInitialQueryStartTime: UInt64 = 54449
    static let withParallelReplicas: UInt64 = 54453
    static let withCustomSerialization: UInt64 = 54454
    static let withAddendum: UInt64 = 54458
    static let withParameters: UInt64 = 54459
    static let withServerQueryTimeInProgress: UInt64 = 54460
    static let withPasswordComplexityRules: UInt64 = 54461
    static let withInterserverSecretV2: UInt64 = 54462
    static let withTotalBytesInProgress: UInt64 = 54463
    static let withTimezoneUpdates: UInt64 = 54464
    static let withSparseSerialization: UInt64 = 54465
}

/// Query processing stage sent with every query.
package enum QueryStage: UInt64 {
    case complete = 2
}
