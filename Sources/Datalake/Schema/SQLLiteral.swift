/// Quoting of SQL literals for generated DDL (query values use server-side parameters instead).
public enum SQLLiteral {
    /// `s` as a single-quoted ClickHouse string literal with backslash escapes.
    public static func string(_ s: String) -> String {
        var out = "'"
        for u in s.unicodeScalars {
            switch u {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "'"
    }
}
