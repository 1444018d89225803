import CHNative

/// One diagnostic record: SQLSTATE, native error code and message.
struct DiagRecord {
    var sqlState: String
    var nativeError: Int32
    var message: String
    var rowNumber: Int = -1
    var columnNumber: Int = -1

    /// The message as applications show it, with the vendor and component prefix ODBC
    /// drivers conventionally use.
    var fullMessage: String { "[ClickHouse Native][CHODBC] " + message }
}

/// The diagnostics area of a handle: cleared at the start of every call.
struct Diagnostics {
    var records: [DiagRecord] = []
    var returnCode: Int16 = K.SQL_SUCCESS
    var rowCount: Int = -1

    mutating func clear() {
        records.removeAll(keepingCapacity: true)
        returnCode = K.SQL_SUCCESS
    }

    mutating func add(_ state: String, _ message: String, native: Int32 = 0) {
        records.append(DiagRecord(sqlState: state, nativeError: native, message: message))
    }

    mutating func add(_ error: ODBCError) {
        records.append(DiagRecord(sqlState: error.sqlState, nativeError: error.nativeError, message: error.message))
    }
}

/// An error raised inside the driver, carrying the SQLSTATE the application sees.
package struct ODBCError: Error {
    package var sqlState: String
    package var message: String
    var nativeError: Int32 = 0

    init(_ sqlState: String, _ message: String, native: Int32 = 0) {
        self.sqlState = sqlState
        self.message = message
        self.nativeError = native
    }

    /// HY009: a null pointer where a value is required.
    static func nullPointer(_ what: String) -> ODBCError { ODBCError("HY009", "invalid use of null pointer: \(what)") }
    /// HY090: a negative or otherwise invalid length.
    static func badLength(_ what: String, _ value: Int) -> ODBCError { ODBCError("HY090", "invalid string or buffer length \(value) for \(what)") }
    /// HY010: a function called in the wrong state.
    static func sequence(_ what: String) -> ODBCError { ODBCError("HY010", "function sequence error: \(what)") }
    /// HYC00: an optional feature the driver does not implement.
    static func notImplemented(_ what: String) -> ODBCError { ODBCError("HYC00", "optional feature not implemented: \(what)") }

    /// Maps a CHNative error to an SQLSTATE. `connecting` selects the connection-establishment
    /// states (08001, 28000) over the link-failure state 08S01.
    static func from(_ error: any Error, connecting: Bool = false) -> ODBCError {
        if let e = error as? ODBCError { return e }
        guard let ch = error as? ClickHouseError else { return ODBCError("HY000", String(describing: error)) }
        switch ch {
        case .server(let e):
            return ODBCError(sqlState(forServerCode: e.code), e.description, native: e.code)
        // The native error of an OS-level failure is its errno (SQLGetDiagRec's NativeErrorPtr).
        case .connectionFailed(let d):
            return ODBCError(connecting ? "08001" : "08S01", "connection failed: \(d)", native: d.underlying?.posixCode ?? 0)
        case .connectionClosed(let d):
            return ODBCError(connecting ? "08001" : "08S01", "connection closed by the server: \(d)", native: d.underlying?.posixCode ?? 0)
        case .timeout(let d):
            return ODBCError(connecting ? "HYT00" : "HYT01", "timeout expired: \(d)")
        case .tls(let d):
            return ODBCError("08001", "TLS error: \(d)", native: d.underlying?.posixCode ?? 0)
        case .protocolViolation(let m):
            if connecting {
                return ODBCError("08001", "the server did not answer with the ClickHouse native protocol (\(m)); this driver speaks the native TCP protocol (port 9000, or 9440 with TLS), not HTTP (8123/8443)")
            }
            return ODBCError("08S01", "protocol error: \(m)")
        case .corruptCompressedData(let m):
            return ODBCError("08S01", "corrupt compressed data: \(m)")
        case .unsupportedType(let m):
            return ODBCError("HYC00", "unsupported ClickHouse type: \(m)")
        case .invalidInput(let m):
            return ODBCError("HY000", m)
        case .cancelled:
            return ODBCError("HY008", "operation canceled")
        case .invalidState(let m):
            return ODBCError(connecting ? "08001" : "08S01", m)
        }
    }

    /// SQLSTATEs for the ClickHouse error codes applications most often meet.
    static func sqlState(forServerCode code: Int32) -> String {
        switch code {
        case 62: return "42000"          // SYNTAX_ERROR
        case 60: return "42S02"          // UNKNOWN_TABLE
        case 57: return "42S01"          // TABLE_ALREADY_EXISTS
        case 47, 16: return "42S22"      // UNKNOWN_IDENTIFIER, NO_SUCH_COLUMN_IN_TABLE
        case 46: return "42000"          // UNKNOWN_FUNCTION
        case 81: return "3D000"          // UNKNOWN_DATABASE
        case 82: return "42S01"          // DATABASE_ALREADY_EXISTS
        case 192, 193, 516: return "28000" // UNKNOWN_USER, WRONG_PASSWORD, AUTHENTICATION_FAILED
        case 497, 164: return "42000"    // ACCESS_DENIED, READONLY
        case 394: return "HY008"         // QUERY_WAS_CANCELLED
        case 159: return "HYT00"         // TIMEOUT_EXCEEDED
        case 241: return "HY001"         // MEMORY_LIMIT_EXCEEDED
        case 6, 27, 38, 41, 72, 26: return "22018" // CANNOT_PARSE_*
        case 53, 70: return "22018"      // TYPE_MISMATCH, CANNOT_CONVERT_TYPE
        case 69, 321: return "22003"     // ARGUMENT_OUT_OF_BOUND, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
        case 153: return "22012"         // ILLEGAL_DIVISION
        case 43: return "42000"          // ILLEGAL_TYPE_OF_ARGUMENT
        case 42: return "42000"          // NUMBER_OF_ARGUMENTS_DOESNT_MATCH
        case 456: return "07002"         // UNKNOWN_QUERY_PARAMETER
        default: return "HY000"
        }
    }
}
