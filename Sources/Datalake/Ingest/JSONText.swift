import Foundation

/// A compact JSON encoder with sorted keys for the values `JSONSerialization` produces and for
/// plain Swift values (String, Bool, integers, Double, arrays, dictionaries, NSNull). It is much
/// faster than `JSONSerialization.data(withJSONObject:)` on Linux and its output is stable.
public enum JSONText {
    /// `value` as JSON text, or `nil` when it holds something JSON cannot represent.
    public static func encode(_ value: Any) -> String? {
        var out = ""
        out.reserveCapacity(256)
        return append(value, to: &out) ? out : nil
    }

    static func append(_ value: Any, to out: inout String) -> Bool {
        switch value {
        case let s as String:
            appendString(s, to: &out)
        case let b as Bool where type(of: value) == Bool.self:
            out += b ? "true" : "false"
        case let i as Int:
            if type(of: value) == Int.self { out += String(i) } else { return appendNumber(value, to: &out) }
        case let i as Int64 where type(of: value) == Int64.self:
            out += String(i)
        case let u as UInt64 where type(of: value) == UInt64.self:
            out += String(u)
        case let d as Double where type(of: value) == Double.self:
            guard d.isFinite else { return false }
            out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case let a as [Any]:
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                guard append(v, to: &out) else { return false }
            }
            out += "]"
        case let d as [String: Any]:
            out += "{"
            for (i, k) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                appendString(k, to: &out)
                out += ":"
                guard let v = d[k], append(v, to: &out) else { return false }
            }
            out += "}"
        case is NSNull:
            out += "null"
        default:
            return appendNumber(value, to: &out)
        }
        return true
    }

    static func appendNumber(_ value: Any, to out: inout String) -> Bool {
        guard let n = value as? NSNumber else { return false }
        let t = String(cString: n.objCType)
        if t == "c" {
            out += n.boolValue ? "true" : "false"
        } else if t == "d" || t == "f" {
            let d = n.doubleValue
            guard d.isFinite else { return false }
            out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        } else if t == "Q" {
            out += String(n.uint64Value)
        } else {
            out += String(n.int64Value)
        }
        return true
    }

    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
