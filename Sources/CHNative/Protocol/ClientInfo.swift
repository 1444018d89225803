/// Writes the ClientInfo structure of a Query packet for the negotiated revision.
package struct ClientInfoWriter {
    var clientName: String
    var quotaKey: String
    var queryID: String

    package static let versionMajor: UInt64 = 24
    package static let versionMinor: UInt64 = 8
    static let versionPatch: UInt64 = 0

    static let osUser: String = Platform.environment("USER") ?? ""

    static let hostName: String = Platform.hostName()

    func write(to w: WriteBuffer, revision: UInt64) {
        w.writeUInt8(1) // query kind: initial query
        w.writeString("") // initial user
        w.writeString(queryID) // initial query id
        w.writeString("0.0.0.0:0") // initial address
        if revision >= ProtocolRevision.withInitialQueryStartTime {
            w.writeLE(Platform.wallClockMicroseconds())
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
