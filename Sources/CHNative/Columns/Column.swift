/// A column of a ``Block``: typed, contiguous storage for the values of one ClickHouse type.
///
/// Concrete columns are ``FixedWidthColumn``, ``StringColumn``, ``FixedStringColumn``,
/// ``NullableColumn``, ``ArrayColumn``, ``LowCardinalityColumn``, ``TupleColumn`` and
/// ``MapColumn``. Use their typed storage for speed; ``value(at:)`` boxes one value.
public protocol Column: Sendable {
    /// The ClickHouse type of the values.
    var type: CHType { get }
    /// The number of rows.
    var count: Int { get }
    /// Whether the value in `row` is NULL.
    func isNull(at row: Int) -> Bool
    /// One value, boxed.
    func value(at row: Int) -> CHValue
    /// Appends the value in `row` as ClickHouse's text formats write it.
    func writeText(at row: Int, to out: inout TextOutput, style: TextStyle)
}

extension Column {
    public func isNull(at row: Int) -> Bool { false }

    /// All values, boxed (for tests and small results).
    public var values: [CHValue] { (0..<count).map { value(at: $0) } }
}

/// How a value is written as text.
public enum TextStyle: Sendable {
    /// Top level of `TabSeparated`: strings escaped, not quoted; NULL as `\N`.
    case tabSeparated
    /// Inside composite values (arrays, tuples, maps): strings and dates in single quotes, NULL as `NULL`.
    case quoted
    /// JSON: strings in double quotes with JSON escapes.
    case json
}

/// A growable byte buffer for text output.
public struct TextOutput: Sendable {
    /// The bytes written.
    public var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always) public mutating func append(_ b: UInt8) { bytes.append(b) }

    public mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    public mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    public mutating func append<C: Collection>(contentsOf c: C) where C.Element == UInt8 { bytes.append(contentsOf: c) }
}
