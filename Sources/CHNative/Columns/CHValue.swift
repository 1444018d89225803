/// One value of any ClickHouse type, boxed. Convenient for generic code (printing, ODBC
/// conversions, tests); bulk paths use the typed column storage instead.
public enum CHValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case int128(Int128)
    case uint128(UInt128)
    /// 256-bit integers as their decimal text.
    case bigInteger(String)
    case float(Double)
    /// Decimal as its exact decimal text (e.g. `"-12.3400"`).
    case decimal(String)
    /// String and FixedString values as raw bytes (ClickHouse strings need not be UTF-8).
    case bytes([UInt8])
    /// Date and Date32 as days since 1970-01-01.
    case date(Int32)
    /// DateTime as seconds since the epoch, with the column's timezone if any.
    case dateTime(Int64, timezone: String?)
    /// DateTime64 as ticks of 10^-precision seconds since the epoch.
    case dateTime64(Int64, precision: Int, timezone: String?)
    /// UUID as its canonical 16 bytes (big-endian text order).
    case uuid(UInt128)
    case ipv4(UInt32)
    case ipv6([UInt8])
    /// `Time` and `Time64(precision)` as signed ticks of 10^-precision seconds (`Time`:
    /// precision 0, whole seconds); may be negative.
    case time(Int64, precision: Int)
    /// An `Interval*` value as its signed count of `unit`.
    case interval(Int64, unit: IntervalUnit)
    /// An enum's name and value.
    case enumValue(name: String, value: Int)
    case array([CHValue])
    case tuple([CHValue])
    case map([CHValue], [CHValue])

    /// The value as a Swift string when it is text.
    public var string: String? {
        if case .bytes(let b) = self { return String(decoding: b, as: UTF8.self) }
        return nil
    }
}
