/// Everything CHNative does with one family of ClickHouse types, declared in one file under
/// `Types/Families/`: how its names are parsed and written, its binary type code, its native
/// codec, how a stored value is boxed and written as text, how Swift values are stored into it
/// (Codable inserts) and how ODBC describes it.
///
/// A family is registered once, in ``TypeFamilies/registered``. Each requirement has a default
/// for families that do not take part in that concern (a composite family writes no cells itself;
/// an alias family such as `Point` delegates everything to its ``wireType(of:)``).
///
/// Adding a type: write `Families/MyTypeFamily.swift` and add `MyTypeFamily()` to the list in
/// `TypeFamilies.swift`. Types without a case of their own in ``CHType`` are
/// ``CHType/extended(_:)`` values that name their family (see `GeometryFamily.swift`).
protocol TypeFamily: Sendable {
    /// The type names this family parses, as the server writes them (`"UInt8"`, `"DateTime64"`).
    var names: [String] { get }
    /// Whether the arguments are kept as raw text instead of a list of types and literals
    /// (`JSON(...)`, `AggregateFunction(...)`).
    var takesRawArguments: Bool { get }
    /// The type named `name` with `arguments`.
    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType
    /// The canonical name of `type`, as ClickHouse writes it.
    func name(of type: CHType) -> String

    /// Bytes of one value when the family's values have a fixed width.
    func fixedWidth(of type: CHType) -> Int?
    /// What travels on the wire for `type`: itself, or the structure an alias names.
    func wireType(of type: CHType) -> CHType
    /// Numbers get the large-number tip in Pretty and Vertical.
    var isNumber: Bool { get }
    /// Right-aligned in the Pretty and Markdown formats (numbers, dates and times).
    var alignsRight: Bool { get }

    /// The first bytes of the binary type encoding this family reads.
    var binaryIndexes: [UInt8] { get }
    /// Reads the rest of a binary-encoded type that started with `index`.
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType
    /// Writes `type` in the binary type encoding.
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws

    /// The native codec of a column of `type` (made per column and block).
    func codec(for type: CHType) throws -> any ColumnCodec

    /// Row `row` of fixed-width storage `bytes`, boxed.
    func value(_ type: CHType, _ bytes: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue
    /// Row `row` of fixed-width storage as text in a ``TextStyle``.
    func writeText(_ type: CHType, _ bytes: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?,
                   to out: inout TextOutput, style: TextStyle)
    /// The cell writer of a fixed-width `column` of this family in `text`'s mode and settings;
    /// `nil` falls back to ``writeText(_:_:row:defaultTimezone:to:style:)``.
    func cellWriter(_ column: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter?
    /// The TabSeparated/CSV fast path's plan of a column of this family (`DelimitedCells.swift`);
    /// `nil` leaves the column to ``cellWriter(_:_:)``. Both must write the same bytes
    /// (`DelimitedRowsTests` compares them).
    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan?

    /// Whether `ColumnBuilder` stores plain values (no NULL) of this family: false for families
    /// that take NULLs or containers themselves.
    var storesScalars: Bool { get }
    /// A column of `type` holding encoded Swift values (Codable inserts).
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column

    /// The parser of `INSERT … FORMAT` text into a column of `type` (`Input/`); throws
    /// ``TextInputUnsupported`` for a type whose text this client cannot parse exactly.
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender

    /// How ODBC describes values of `type`.
    func sqlShape(of type: CHType) -> SQLShape
}

extension TypeFamily {
    var takesRawArguments: Bool { false }
    func fixedWidth(of type: CHType) -> Int? { nil }
    func wireType(of type: CHType) -> CHType { type }
    var isNumber: Bool { false }
    var alignsRight: Bool { false }
    var binaryIndexes: [UInt8] { [] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        throw ClickHouseError.unsupportedType("unknown binary type index 0x\(String(index, radix: 16)) in a Dynamic/JSON value")
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let wire = wireType(of: type)
        guard wire != type else { throw ClickHouseError.unsupportedType("cannot write the binary type of \(type.name)") }
        try BinaryTypeEncoder.encode(wire, to: w)
    }
    func codec(for type: CHType) throws -> any ColumnCodec {
        let wire = wireType(of: type)
        guard wire != type else { throw ClickHouseError.unsupportedType("CHNative cannot decode values of type \(type.name)") }
        return try makeCodec(for: wire)
    }
    func value(_ type: CHType, _ bytes: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue { .null }
    func writeText(_ type: CHType, _ bytes: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?,
                           to out: inout TextOutput, style: TextStyle) {
        out.append("?")
    }
    func cellWriter(_ column: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? { nil }
    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? { nil }
    var storesScalars: Bool { true }
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        let wire = wireType(of: type)
        guard wire != type else {
            throw ClickHouseError.unsupportedType("column '\(builder.name)': inserting Swift values into \(type.name) is not supported")
        }
        return try builder.build(wire, values)
    }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client")
    }
    func sqlShape(of type: CHType) -> SQLShape {
        let wire = wireType(of: type)
        return wire != type ? wire.family.sqlShape(of: wire) : .textForm
    }
}

/// How ODBC describes a type: the SQL type family, sizes and digits, without ODBC's constants
/// (the driver turns a shape into `SQL_*` codes in one place, `TypeMapping.swift`).
package enum SQLShape: Sendable, Equatable {
    /// An integer of up to 64 bits.
    case integer(bits: Int, signed: Bool)
    /// A 128- or 256-bit integer of up to `digits` decimal digits.
    case hugeInteger(digits: Int, signed: Bool)
    /// A 32-bit (or narrower) binary float.
    case real
    /// A 64-bit binary float.
    case double
    /// A true/false bit.
    case bit
    /// An exact decimal.
    case decimal(precision: Int, scale: Int)
    /// Text of any length (`String`).
    case unboundedText
    /// Text of exactly `n` bytes (`FixedString(n)`).
    case fixedText(Int)
    /// Text of at most `n` characters (addresses, enum names).
    case shortText(Int)
    /// A calendar date.
    case date
    /// A date and time with `fractionDigits` digits of seconds.
    case timestamp(fractionDigits: Int)
    /// A UUID.
    case guid
    /// Anything else: the ClickHouse text form (arrays, tuples, maps, JSON, times, intervals).
    case textForm
}
