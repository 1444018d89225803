/// Quoting for SQL text built by the client (DDL, type names, identifiers). Query values go
/// through server-side parameters (`{name:Type}`) instead.
///
/// Both escape every character ClickHouse's lexer treats specially, so any Swift string becomes
/// exactly one literal or identifier.
public enum SQLLiteral {
    /// `s` as a single-quoted ClickHouse string literal: quote, backslash and the control
    /// characters `\t \n \r \b \f \0` are backslash-escaped, everything else is kept.
    public static func string(_ s: String) -> String {
        var out = "'"
        for ch in s.unicodeScalars {
            switch ch {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}": out += "\\0"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "'"
    }
}

/// Quoting of SQL identifiers.
public enum SQLIdentifier {
    /// Wraps `name` in backquotes, escaping backslashes and backquotes, so any string is a
    /// single safe identifier.
    public static func quote(_ name: String) -> String {
        var out = "`"
        for u in name.unicodeScalars {
            switch u {
            case "`": out += "\\`"
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "`"
    }
}
