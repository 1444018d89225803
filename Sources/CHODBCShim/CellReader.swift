import CHNative

/// A number taken from a cell, before conversion to the C type asked for.
enum NumberValue {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// Exact decimal text (Decimal, Int128 and wider, or a string that looks like a number).
    case text(String)
}

/// One column of the current block, unwrapped once per block so rows are read without
/// dynamic casts: `Nullable` and `LowCardinality` are resolved to a base column and a row in it.
/// A class so passing it around costs one reference, not one per stored array.
final class ColumnCursor {
    enum Base {
        case string(StringColumn)
        case fixedString(FixedStringColumn)
        case uint64([UInt64])
        case int64([Int64])
        case int32([Int32])
        case uint32([UInt32])
        case float64([Double])
        case generic(any Column)
    }

    let base: Base
    /// The base column itself.
    let inner: any Column
    /// The type of the base column (no Nullable/LowCardinality).
    let baseType: CHType
    private let nullMap: [UInt8]?
    private let indexes: [UInt32]?
    private let indexZeroIsNull: Bool

    init(_ column: any Column) {
        var inner: any Column = column
        var nulls: [UInt8]? = nil
        var idx: [UInt32]? = nil
        var zeroNull = false
        if let n = column as? NullableColumn {
            nulls = n.nullMap
            inner = n.nested
        } else if let lc = column as? LowCardinalityColumn {
            idx = lc.indexes
            zeroNull = lc.innerType.isNullable
            inner = lc.dictionary
        }
        self.inner = inner
        nullMap = nulls
        indexes = idx
        indexZeroIsNull = zeroNull
        baseType = inner.type.unwrapped
        switch inner {
        case let s as StringColumn: base = .string(s)
        case let f as FixedStringColumn: base = .fixedString(f)
        case let c as FixedWidthColumn<UInt64> where inner.type == .uint64: base = .uint64(c.values)
        case let c as FixedWidthColumn<Int64> where inner.type == .int64: base = .int64(c.values)
        case let c as FixedWidthColumn<Int32> where inner.type == .int32: base = .int32(c.values)
        case let c as FixedWidthColumn<UInt32> where inner.type == .uint32: base = .uint32(c.values)
        case let c as FixedWidthColumn<Double> where inner.type == .float64: base = .float64(c.values)
        default: base = .generic(inner)
        }
    }

    /// The row in the base column, or `nil` when the value is NULL.
    @inline(__always)
    func resolve(_ row: Int) -> Int? {
        if let nullMap {
            return nullMap[row] != 0 ? nil : row
        }
        if let indexes {
            let i = Int(indexes[row])
            return indexZeroIsNull && i == 0 ? nil : i
        }
        if case .generic(let c) = base, c.type == .nothing { return nil }
        return row
    }

    /// Whether the base values are text (String, FixedString).
    var isString: Bool {
        switch base {
        case .string, .fixedString: return true
        default: return false
        }
    }

    /// The value's text as UTF-8 bytes: raw bytes for strings, ClickHouse's text form otherwise.
    func text(_ r: Int) -> [UInt8] {
        switch base {
        case .string(let s): return s.bytes(at: r)
        case .fixedString(let f): return f.bytes(at: r)
        case .uint64(let v): return Array(String(v[r]).utf8)
        case .int64(let v): return Array(String(v[r]).utf8)
        case .int32(let v): return Array(String(v[r]).utf8)
        case .uint32(let v): return Array(String(v[r]).utf8)
        case .generic(let c):
            switch baseType {
            case .bool:
                if case .bool(let b) = c.value(at: r) { return [b ? 0x31 : 0x30] }
            case .enum8, .enum16:
                if case .enumValue(let name, _) = c.value(at: r) { return Array(name.utf8) }
            default: break
            }
            var out = TextOutput()
            c.writeText(at: r, to: &out, style: .tabSeparated)
            return out.bytes
        case .float64:
            var out = TextOutput()
            inner.writeText(at: r, to: &out, style: .tabSeparated)
            return out.bytes
        }
    }

    /// The value as a number, or `nil` when it has no numeric reading (then the caller
    /// parses its text).
    func number(_ r: Int) -> NumberValue? {
        switch base {
        case .uint64(let v): return .uint(v[r])
        case .int64(let v): return .int(v[r])
        case .int32(let v): return .int(Int64(v[r]))
        case .uint32(let v): return .uint(UInt64(v[r]))
        case .float64(let v): return .double(v[r])
        case .string, .fixedString: return nil
        case .generic(let c):
            switch c.value(at: r) {
            case .int(let v): return .int(v)
            case .uint(let v): return .uint(v)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .double(d)
            case .decimal(let s): return .text(s)
            case .bigInteger(let s): return .text(s)
            case .int128(let v): return .text(String(v))
            case .uint128(let v): return .text(String(v))
            case .enumValue(_, let v): return .int(Int64(v))
            case .interval(let count, _): return .int(count)
            case .time(let ticks, let precision):
                // Time is seconds; Time64(p) ticks of 10^-p s, read as a decimal number of seconds.
                guard precision > 0 else { return .int(ticks) }
                let digits = String(ticks.magnitude)
                let padded = String(repeating: "0", count: max(0, precision + 1 - digits.count)) + digits
                let point = padded.index(padded.endIndex, offsetBy: -precision)
                return .text((ticks < 0 ? "-" : "") + padded[..<point] + "." + padded[point...])
            default: return nil
            }
        }
    }
}
