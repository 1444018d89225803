import Foundation

/// Inline SVG charts for the HTML report (no scripts, no network).
public enum SVGChart {
    /// The palette for series.
    public static let palette = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#64748b", "#f97316"]

    /// Escapes text for HTML and SVG.
    public static func escape(_ s: String) -> String { Markup.escape(s) }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    static func niceMax(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let p = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    static func legend(_ names: [String], x: Double, y: Double) -> String {
        var out = ""
        var cx = x
        for (i, n) in names.enumerated() {
            out += "<rect x=\"\(fmt(cx))\" y=\"\(fmt(y - 9))\" width=\"10\" height=\"10\" fill=\"\(palette[i % palette.count])\"/>"
            out += "<text x=\"\(fmt(cx + 14))\" y=\"\(fmt(y))\" font-size=\"11\">\(escape(n))</text>"
            cx += 24 + Double(n.count) * 6.2
        }
        return out
    }

    /// Vertical stacked bars: one bar per category, one segment per series.
    public static func stackedBars(title: String, categories: [String], series: [(String, [Double])], width: Double = 900, height: Double = 320) -> String {
        let left = 46.0, right = 10.0, top = 34.0, bottom = 46.0
        let plotW = width - left - right, plotH = height - top - bottom
        let totals = categories.indices.map { i in series.reduce(0) { $0 + ($1.1.indices.contains(i) ? $1.1[i] : 0) } }
        let maxV = niceMax(totals.max() ?? 0)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"system-ui, sans-serif\">"
        svg += legend(series.map(\.0), x: left, y: 16)
        for k in 0...4 {
            let v = maxV * Double(k) / 4, y = top + plotH - plotH * Double(k) / 4
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"#e5e7eb\"/>"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#6b7280\">\(Int(v))</text>"
        }
        let slot = plotW / Double(max(1, categories.count)), barW = max(2, slot * 0.72)
        for (i, c) in categories.enumerated() {
            let x = left + slot * Double(i) + (slot - barW) / 2
            var y = top + plotH
            for (s, (name, values)) in series.enumerated() {
                let v = values.indices.contains(i) ? values[i] : 0
                guard v > 0 else { continue }
                let h = plotH * v / maxV
                y -= h
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(c)) · \(escape(name)): \(Int(v))</title></rect>"
            }
            if categories.count <= 12 || i % 3 == 0 {
                svg += "<text x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(top + plotH + 14))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#374151\">\(escape(c))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with labels; `secondary` draws a second, overlaid value (e.g. exits) in red.
    public static func horizontalBars(title: String, labels: [String], values: [Double], secondary: [Double]? = nil,
                                      secondaryName: String = "", primaryName: String = "", colors: [Int]? = nil, width: Double = 900) -> String {
        let rowH = 22.0, labelW = 230.0, top = secondary == nil ? 8.0 : 30.0
        let height = top + rowH * Double(labels.count) + 10
        let plotW = width - labelW - 130
        let maxV = max(values.max() ?? 0, 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"system-ui, sans-serif\">"
        if secondary != nil {
            svg += "<rect x=\"\(fmt(labelW))\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(palette[0])\"/><text x=\"\(fmt(labelW + 14))\" y=\"17\" font-size=\"11\">\(escape(primaryName))</text>"
            svg += "<rect x=\"\(fmt(labelW + 200))\" y=\"8\" width=\"10\" height=\"10\" fill=\"#ef4444\"/><text x=\"\(fmt(labelW + 214))\" y=\"17\" font-size=\"11\">\(escape(secondaryName))</text>"
        }
        for (i, label) in labels.enumerated() {
            let y = top + rowH * Double(i)
            let w = plotW * values[i] / maxV
            let color = palette[(colors?[i] ?? 0) % palette.count]
            svg += "<text x=\"\(fmt(labelW - 8))\" y=\"\(fmt(y + 15))\" font-size=\"11\" text-anchor=\"end\" fill=\"#374151\">\(escape(label))</text>"
            svg += "<rect x=\"\(fmt(labelW))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(max(w, 1)))\" height=\"\(fmt(rowH - 6))\" fill=\"\(color)\"><title>\(escape(label)): \(Int(values[i]))</title></rect>"
            var note = "\(Int(values[i]))"
            if let secondary, secondary[i] > 0 {
                let ew = plotW * secondary[i] / maxV
                svg += "<rect x=\"\(fmt(labelW + w - ew))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(ew))\" height=\"\(fmt(rowH - 6))\" fill=\"#ef4444\"><title>\(escape(secondaryName)): \(Int(secondary[i]))</title></rect>"
                note += " (−\(Int(secondary[i])))"
            }
            svg += "<text x=\"\(fmt(labelW + w + 6))\" y=\"\(fmt(y + 15))\" font-size=\"11\" fill=\"#111827\">\(escape(note))</text>"
        }
        return svg + "</svg>"
    }

    /// Grouped vertical bars: one group per category, one bar per series.
    public static func groupedBars(title: String, categories: [String], series: [(String, [Double])], width: Double = 440, height: Double = 260) -> String {
        let left = 46.0, top = 30.0, bottom = 30.0
        let plotW = width - left - 10, plotH = height - top - bottom
        let maxV = niceMax(series.flatMap(\.1).max() ?? 0)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"system-ui, sans-serif\">"
        svg += legend(series.map(\.0), x: left, y: 14)
        for k in 0...4 {
            let y = top + plotH - plotH * Double(k) / 4
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - 10))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"#e5e7eb\"/>"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#6b7280\">\(Int(maxV * Double(k) / 4))</text>"
        }
        let slot = plotW / Double(max(1, categories.count))
        let barW = slot * 0.8 / Double(max(1, series.count))
        for (i, c) in categories.enumerated() {
            for (s, (name, values)) in series.enumerated() {
                let v = values.indices.contains(i) ? values[i] : 0
                let h = plotH * v / maxV
                let x = left + slot * Double(i) + slot * 0.1 + barW * Double(s)
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(top + plotH - h))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(c)) · \(escape(name)): \(Int(v))</title></rect>"
            }
            svg += "<text x=\"\(fmt(left + slot * (Double(i) + 0.5)))\" y=\"\(fmt(top + plotH + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(c))</text>"
        }
        return svg + "</svg>"
    }
}
