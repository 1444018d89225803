#if canImport(Glibc)
import Glibc
#endif

/// Writes the ClientInfo structure of a Query packet for the negotiated revision.
struct ClientInfoWriter {
    var clientName: String
    var quotaKey: String
    var queryID: String

    static let versionMajor: UInt64 = 24
    static let versionMinor: UInt64 = 8
    static let versionPatch: UInt64 = 0

    static let osUser: String = {
        if let p = getenv("USER") { return String(cString: p) }
        return ""
    }()

    static let hostName: String = {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "" }
        return String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    func write(to w: WriteBuffer, revision: UInt64) {
        w.writeUInt8(1) // query kind: initial query
        w.writeString("") // initial user
        w.writeString(queryID) // initial query id
        w.writeString("0.0.0.0:0") // initial address
        if revision >= ProtocolRevision.withInitialQueryStartTime {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            w.writeLE(UInt64(ts.tv_sec) &* 1_000_000 &+ UInt64(ts.tv_nsec / 1000))
        }
        w.writeUInt8(1) // interface: TCP
        w.writeString(ClientInfoWriter.osUser)
        w.writeString(ClientInfoWriter.hostName)
        w.writeString(clientName)
        w.writeVarUInt(ClientInfoWriter.versionMajor)
        w.writeVarUInt(ClientInfoWriter.versionMinor)
        w.writeVarUInt(ProtocolRevision.current)
        if revision >= ProtocolRevision.withQuotaKeyInClientInfo { w.writeString(quotaKey) }
        if revision >= ProtocolRevision.withDistributedDepth { w.writeVarUInt(0) }
        if revision >= ProtocolRevision.withVersionPatch { w.writeVarUInt(ClientInfoWriter.versionPatch) }
        if revision >= ProtocolRevision.withOpenTelemetry { w.writeUInt8(0) } // no trace context
        if revision >= ProtocolRevision.withParallelReplicas {
            w.writeVarUInt(0) // collaborate_with_initiator
            w.writeVarUInt(0) // count_participating_replicas
            w.writeVarUInt(0) // number_of_current_replica
        }
    }
}
