import Foundation

/// A Swift value taken apart by ``RowEncoder``, before it is stored in a column of the
/// table's type.
indirect enum EncodedValue: Sendable, Hashable {
    /// `nil`, or a property the encoder skipped (`encodeIfPresent` of `nil`).
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case int128(Int128)
    case uint128(UInt128)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case date(Date)
    case uuid(UUID)
    case decimal(Decimal)
    /// A `Duration` (for `Time`, `Time64` and fixed-length intervals).
    case duration(Duration)
    /// An unkeyed container: an array, a set, or a dictionary with non-string keys (keys and
    /// values alternating).
    case array([EncodedValue])
    /// A keyed container: a struct, or a dictionary with `String` or `Int` keys.
    case object([Field])
    /// The placeholder stored under a NULL (zero, empty).
    case zero

    struct Field: Sendable, Hashable {
        var key: String
        var value: EncodedValue
    }

    /// A short description for error messages.
    var kind: String {
        switch self {
        case .null: return "nil"
        case .bool(let b): return "Bool \(b)"
        case .int(let v): return "integer \(v)"
        case .uint(let v): return "integer \(v)"
        case .int128(let v): return "integer \(v)"
        case .uint128(let v): return "integer \(v)"
        case .double(let v): return "floating-point \(v)"
        case .string(let s): return "String \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .bytes(let b): return "\(b.count) bytes"
        case .date(let d): return "Date \(d)"
        case .uuid(let u): return "UUID \(u)"
        case .decimal(let d): return "Decimal \(d)"
        case .duration(let d): return "Duration \(d)"
        case .array(let a): return "array of \(a.count)"
        case .object(let f): return "struct/dictionary {\(f.map(\.key).prefix(8).joined(separator: ", "))}"
        case .zero: return "placeholder"
        }
    }
}
