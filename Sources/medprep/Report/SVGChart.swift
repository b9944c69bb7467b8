import Foundation

/// Inline SVG charts for the report page: grouped vertical bars with axis, labels and a legend.
///
/// Pure text, no script: the page stays one file that prints as it shows. Colours are the Tableau
/// 10 palette, which stays distinct in gray print.
enum SVGChart {
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"]

    /// Grouped bars: one group per category, one bar per series.
    ///
    /// - Parameters:
    ///   - values: `values[series][category]`.
    ///   - percent: values are fractions shown as percentages.
    static func groupedBars(
        title: String, categories: [String], series: [String], values: [[Double]], percent: Bool = false
    ) -> String {
        let width = max(360, min(980, 70 + categories.count * max(24, series.count * 14 + 10)))
        let height = 276, left = 52, right = 10, top = 50, bottom = 70
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        let top_ = values.flatMap { $0 }.max() ?? 0
        let maximum = top_ > 0 ? niceCeiling(top_) : 1
        var svg = """
            <svg class="chart" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="\(HTML.escape(title))">
            <text x="\(left)" y="16" class="ct">\(HTML.escape(title))</text>\n
            """
        for tick in 0...4 {
            let v = maximum * Double(tick) / 4
            let y = Double(top) + plotH - plotH * Double(tick) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(left - 4)\" y=\"\(f(y + 4))\" class=\"ax\" text-anchor=\"end\">\(label(v, percent: percent))</text>\n"
        }
        let groupW = plotW / Double(max(1, categories.count))
        let barW = max(2, (groupW - 6) / Double(max(1, series.count)))
        for (c, category) in categories.enumerated() {
            let gx = Double(left) + groupW * Double(c) + 3
            for s in series.indices {
                let v = c < values[s].count ? values[s][c] : 0
                let h = plotH * v / maximum
                let x = gx + barW * Double(s), y = Double(top) + plotH - h
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barW - 1))\" height=\"\(f(h))\" fill=\"\(palette[s % palette.count])\">"
                svg +=
                    "<title>\(HTML.escape(series[s])) \(HTML.escape(category)): \(label(v, percent: percent))</title></rect>"
            }
            let cx = gx + groupW / 2 - 3
            svg += "<text x=\"\(f(cx))\" y=\"\(top + Int(plotH) + 12)\" class=\"ax\" text-anchor=\"end\" "
            svg +=
                "transform=\"rotate(-35 \(f(cx)) \(top + Int(plotH) + 12))\">\(HTML.escape(String(category.prefix(22))))</text>\n"
        }
        var lx = Double(left)
        for (s, name) in series.enumerated() where series.count > 1 {
            svg += "<rect x=\"\(f(lx))\" y=\"24\" width=\"10\" height=\"10\" fill=\"\(palette[s % palette.count])\"/>"
            svg += "<text x=\"\(f(lx + 14))\" y=\"33\" class=\"ax\">\(HTML.escape(name))</text>"
            lx += 22 + Double(name.count) * 7
        }
        return svg + "</svg>\n"
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `x`.
    static func niceCeiling(_ x: Double) -> Double {
        let power = pow(10, floor(log10(x)))
        for m in [1, 2, 2.5, 5, 10] where m * power >= x { return m * power }
        return 10 * power
    }

    static func label(_ v: Double, percent: Bool) -> String {
        percent
            ? (v * 100 == (v * 100).rounded() ? String(format: "%.0f%%", v * 100) : String(format: "%.1f%%", v * 100))
            : (v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v))
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}

/// HTML text helpers.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
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
