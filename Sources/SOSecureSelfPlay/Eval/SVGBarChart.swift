import Foundation

/// A horizontal grouped bar chart as inline SVG: one group per row label, one bar per series, rates 0…1.
/// Static markup only (no script, no external reference), labels escaped.
struct SVGBarChart {
    struct Series {
        let name: String
        let color: String
    }

    struct Group {
        let label: String
        /// One value per series; nil draws no bar and shows "–".
        let values: [Double?]
    }

    let title: String
    let series: [Series]
    let groups: [Group]

    static let labelWidth = 150.0
    static let barAreaWidth = 400.0
    static let valueWidth = 60.0
    static let barHeight = 14.0
    static let groupGap = 10.0
    static let legendHeight = 24.0

    func render() -> String {
        let groupHeight = Double(series.count) * Self.barHeight + Self.groupGap
        let height = Self.legendHeight + Double(groups.count) * groupHeight + 4
        let width = Self.labelWidth + Self.barAreaWidth + Self.valueWidth
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="\#(Self.number(width))" height="\#(Self.number(height))" "#
            + #"viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" role="img" aria-label="\#(HTMLText.escape(title))">"#
        svg += "<title>\(HTMLText.escape(title))</title>"
        // Legend.
        var legendX = Self.labelWidth
        for entry in series {
            svg += #"<rect x="\#(Self.number(legendX))" y="4" width="12" height="12" fill="\#(entry.color)"/>"#
            svg += #"<text x="\#(Self.number(legendX + 16))" y="14" font-size="12">\#(HTMLText.escape(entry.name))</text>"#
            legendX += 24 + Double(entry.name.count) * 7
        }
        // Axis at zero.
        svg += #"<line x1="\#(Self.number(Self.labelWidth))" y1="\#(Self.number(Self.legendHeight))" x2="\#(Self.number(Self.labelWidth))" y2="\#(Self.number(height))" stroke="gray"/>"#
        for (groupIndex, group) in groups.enumerated() {
            let top = Self.legendHeight + Double(groupIndex) * groupHeight
            let middle = top + Double(series.count) * Self.barHeight / 2 + 4
            svg += #"<text x="\#(Self.number(Self.labelWidth - 6))" y="\#(Self.number(middle))" font-size="12" text-anchor="end">\#(HTMLText.escape(group.label))</text>"#
            for (seriesIndex, entry) in series.enumerated() {
                let y = top + Double(seriesIndex) * Self.barHeight
                let value = seriesIndex < group.values.count ? group.values[seriesIndex] : nil
                let length = (value ?? 0) * Self.barAreaWidth
                if let value {
                    svg += #"<rect x="\#(Self.number(Self.labelWidth))" y="\#(Self.number(y + 1))" width="\#(Self.number(length))" height="\#(Self.number(Self.barHeight - 2))" fill="\#(entry.color)">"#
                        + "<title>\(HTMLText.escape("\(group.label) \(entry.name): \(EvalTextRenderer.percent(value))"))</title></rect>"
                }
                svg += #"<text x="\#(Self.number(Self.labelWidth + length + 4))" y="\#(Self.number(y + Self.barHeight - 3))" font-size="11">\#(HTMLText.escape(EvalTextRenderer.percent(value)))</text>"#
            }
        }
        return svg + "</svg>"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
