/// One record of an application descriptor (a bound column or parameter) or of the
/// implementation parameter descriptor.
struct DescriptorRecord {
    /// The concise C type (ARD/APD) or SQL type (IPD).
    var conciseType: Int16 = K.SQL_C_DEFAULT
    var dataPointer: UnsafeMutableRawPointer?
    var octetLength: Int = 0
    var octetLengthPointer: UnsafeMutablePointer<Int>?
    var indicatorPointer: UnsafeMutablePointer<Int>?
    var precision: Int16 = 0
    var scale: Int16 = 0
    /// IPD: the SQL type and column size the application declared for a parameter.
    var parameterType: Int16 = K.SQL_PARAM_INPUT
    var length: Int = 0
    var name: String = ""

    var isBound: Bool { dataPointer != nil || octetLengthPointer != nil || indicatorPointer != nil }
}

/// Which role a descriptor plays.
enum DescriptorRole {
    case applicationRow, applicationParameter, implementationRow, implementationParameter
    /// Allocated by the application with `SQLAllocHandle(SQL_HANDLE_DESC)`.
    case explicit
}

/// A descriptor handle: header fields and records (1-based in the API, 0-based here).
final class DescriptorHandle: ODBCHandle, @unchecked Sendable {
    let role: DescriptorRole
    /// The owning statement of an implicit descriptor; cleared when the statement is freed
    /// (a strong reference, not `weak`, to keep handle lookups off the slow reference-count path).
    var statement: StatementHandle?
    unowned let connection: ConnectionHandle
    var records: [DescriptorRecord] = []
    var arraySize: Int = 1
    var bindType: Int = 0
    var bindOffsetPointer: UnsafeMutablePointer<Int>?
    /// ARD/APD: operation array; IRD: row status array; IPD: parameter status array.
    var arrayStatusPointer: UnsafeMutablePointer<UInt16>?
    /// IRD: rows fetched; IPD: parameters processed.
    var rowsProcessedPointer: UnsafeMutablePointer<UInt>?

    init(role: DescriptorRole, connection: ConnectionHandle, statement: StatementHandle?) {
        self.role = role
        self.connection = connection
        self.statement = statement
        super.init(kind: .descriptor, lock: connection.lock)
    }

    var isApplication: Bool { role == .applicationRow || role == .applicationParameter || role == .explicit }

    /// The record for 1-based `number`, growing the array as needed.
    func record(_ number: Int) -> DescriptorRecord {
        number >= 1 && number <= records.count ? records[number - 1] : DescriptorRecord()
    }

    func setRecord(_ number: Int, _ record: DescriptorRecord) {
        guard number >= 1 else { return }
        if records.count < number { records.append(contentsOf: Array(repeating: DescriptorRecord(), count: number - records.count)) }
        records[number - 1] = record
    }

    /// Drops trailing unbound records (so COUNT is the highest bound record).
    func trim() {
        while let last = records.last, !last.isBound { records.removeLast() }
    }

    /// The address of element `row` of a bound buffer, honouring row-wise or column-wise
    /// binding and the bind offset.
    func address<T>(_ base: UnsafeMutablePointer<T>?, row: Int, elementSize: Int) -> UnsafeMutablePointer<T>? {
        guard let base else { return nil }
        let offset = bindOffsetPointer?.pointee ?? 0
        let stride = bindType > 0 ? bindType : elementSize
        return UnsafeMutableRawPointer(base).advanced(by: offset + row * stride).assumingMemoryBound(to: T.self)
    }

    func address(_ base: UnsafeMutableRawPointer?, row: Int, elementSize: Int) -> UnsafeMutableRawPointer? {
        guard let base else { return nil }
        let offset = bindOffsetPointer?.pointee ?? 0
        let stride = bindType > 0 ? bindType : elementSize
        return base.advanced(by: offset + row * stride)
    }
}
