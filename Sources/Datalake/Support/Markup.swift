/// Escaping for text placed in XML (the embedded server's configuration files) and in HTML or
/// SVG (reports and the settings page): one escaper serves all of them.
enum Markup {
    /// `s` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in element
    /// text and in single- or double-quoted attribute values of both XML and HTML.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
