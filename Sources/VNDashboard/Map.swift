import VNCoverage
import VNGazetteer
import VNText

/// The tile-grid map of coverage: one square per province (`units/province-tiles.tsv`), one map
/// per layout the period touches (the 63 provinces before the 2025 reform, the 34 after),
/// coloured by the articles of the period, contradictions outlined in red, provinces no article
/// names left white with a dashed border; each square links to its province's page.
enum TileMap {
    /// Colour steps for 1 … max articles (share of the period's maximum, upper bounds).
    static let steps: [(upTo: Double, fill: String, ink: String)] = [
        (0.2, "#dbe7f6", "#123"), (0.4, "#a9c6ea", "#123"), (0.6, "#6f9fdb", "#fff"), (0.8, "#3a75c4", "#fff"), (1.0, "#173a6b", "#fff"),
    ]

    /// One square: the versions drawn there (a later version of the same territory shares its
    /// predecessor's square: Thừa Thiên Huế, then Huế), their articles and contradictions.
    struct Cell {
        var tile: ProvinceTile
        var versions: [UnitVersion]
        var articles = 0
        var claims = 0
        var contradictions = 0
        /// Covered as the coverage lists count it: an article, or a count claim, about it.
        var covered: Bool { articles > 0 || claims > 0 }
        /// The version the square links to: the latest drawn there.
        var link: String
    }

    /// The maps of a period: for each layout, the squares of the province versions valid at some
    /// time in it.
    static func cells(gazetteer g: Gazetteer, rows: [CoverageReport.Row], from: Day?, to: Day?) -> [(layout: String, cells: [Cell])] {
        let byKey = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let period = Validity(from: from, to: to?.adding(days: 1))
        var layouts: [String: [String: Cell]] = [:]
        let versions = g.units.versions.filter { $0.level == .province && $0.validity.overlaps(period) }
            .sorted { ($0.validity.from ?? Day.min) < ($1.validity.from ?? Day.min) }
        for v in versions {
            guard let t = g.tiles.byKey[v.key] else { continue }
            let place = "\(t.row),\(t.col)"
            var c = layouts[t.layout]?[place] ?? Cell(tile: t, versions: [], link: v.key)
            c.versions.append(v)
            c.link = v.key
            c.articles += byKey[v.key]?.articles ?? 0
            c.claims += byKey[v.key]?.claims ?? 0
            c.contradictions += byKey[v.key]?.contradictions ?? 0
            layouts[t.layout, default: [:]][place] = c
        }
        return layouts.keys.sorted().compactMap { l in layouts[l].map { (l, $0.values.sorted { ($0.tile.row, $0.tile.col) < ($1.tile.row, $1.tile.col) }) } }
    }

    /// The SVG of one layout's squares (scales to its container: `viewBox`, width 100 %).
    static func svg(_ cells: [Cell], maxArticles: Int, query: String, words wd: Words) -> String {
        guard let minRow = cells.map(\.tile.row).min(), let maxRow = cells.map(\.tile.row).max(),
              let minCol = cells.map(\.tile.col).min(), let maxCol = cells.map(\.tile.col).max() else { return "" }
        let w = 64, h = 46, gap = 3
        let width = (maxCol - minCol + 1) * (w + gap), height = (maxRow - minRow + 1) * (h + gap)
        var s = "<svg class=map viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(esc(wd.mapLabel))\">"
        for c in cells {
            let x = (c.tile.col - minCol) * (w + gap), y = (c.tile.row - minRow) * (h + gap)
            // A province with count claims of the period but no article dated in it is covered: the lightest step.
            let (fill, ink) = colour(c.covered ? Swift.max(1, c.articles) : 0, max: maxArticles)
            let names = c.versions.map(\.typedName)
            let tip = wd.tileTip(names.joined(separator: " → "), c.articles, c.claims, c.contradictions)
            let cls = !c.covered ? "none" : c.contradictions > 0 ? "contra" : "covered"
            s += "<a href=\"\(esc(Link.unit(c.link, query: query)))\" class=\"tile \(cls)\"><title>\(esc(tip))</title>"
            s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" rx=\"4\" fill=\"\(fill)\""
            s += c.contradictions > 0 ? " stroke=\"#d11\" stroke-width=\"3\"" : !c.covered ? " stroke=\"#999\" stroke-dasharray=\"3 2\"" : ""
            s += "/>"
            for (k, line) in lines(c.versions.last?.canonicalName ?? "").enumerated() {
                s += "<text x=\"\(x + w / 2)\" y=\"\(y + 13 + k * 10)\" font-size=\"9\" text-anchor=\"middle\" fill=\"\(ink)\">\(esc(line))</text>"
            }
            s += "<text x=\"\(x + w / 2)\" y=\"\(y + h - 5)\" font-size=\"10\" font-weight=\"600\" text-anchor=\"middle\" fill=\"\(ink)\">\(c.articles)\(c.contradictions > 0 ? " !" : "")</text></a>"
        }
        return s + "</svg>"
    }

    static func colour(_ n: Int, max m: Int) -> (fill: String, ink: String) {
        guard n > 0 else { return ("#fff", "#555") }
        let share = Double(n) / Double(Swift.max(1, m))
        let step = steps.first { share <= $0.upTo + 1e-9 } ?? steps[steps.count - 1]
        return (step.fill, step.ink)
    }

    /// A name in at most two lines of about ten characters ("Bà Rịa - Vũng Tàu" → "Bà Rịa -", "Vũng Tàu").
    static func lines(_ name: String) -> [String] {
        let words = name.split(separator: " ").map(String.init)
        guard name.count > 10, words.count > 1 else { return [name] }
        var best = 1
        var bestDiff = Int.max
        for k in 1..<words.count {
            let a = words[..<k].joined(separator: " ").count, b = words[k...].joined(separator: " ").count
            if abs(a - b) < bestDiff { bestDiff = abs(a - b); best = k }
        }
        return [words[..<best].joined(separator: " "), words[best...].joined(separator: " ")]
    }

    /// The legend: white for none, the colour steps with their article ranges, red outline.
    static func legend(maxArticles m: Int, words w: Words) -> String {
        var parts = ["<span class=key><i class=none></i>\(w.legendNone)</span>"]
        var low = 1
        for (k, st) in steps.enumerated() {
            let high = k == steps.count - 1 ? m : Int((st.upTo * Double(m)).rounded(.down))
            guard high >= low else { continue }
            parts.append("<span class=key><i class=s\(k)></i>\(w.legendArticles(low == high ? "\(low)" : "\(low)–\(high)"))</span>")
            low = high + 1
        }
        parts.append("<span class=key><i class=contra></i>\(w.legendContra)</span>")
        return "<p class=\"legend small\">" + parts.joined(separator: " ") + "</p>"
    }

    /// The overview's maps for a period, with their headings and legend.
    static func section(gazetteer g: Gazetteer, rows: [CoverageReport.Row], from: Day?, to: Day?, query: String, words w: Words) -> String {
        let maps = cells(gazetteer: g, rows: rows, from: from, to: to)
        guard !maps.isEmpty else { return "" }
        let m = maps.flatMap { $0.cells.map(\.articles) }.max() ?? 0
        var b = "<h2>\(w.mapTitle)</h2>" + legend(maxArticles: m, words: w) + "<div class=maps>"
        for (layout, cells) in maps {
            let uncovered = cells.filter { !$0.covered }.count
            b += "<figure><figcaption>\(esc(w.layoutTitles[layout] ?? layout)) · \(w.mapCaption(cells.count - uncovered, uncovered))</figcaption>"
                + svg(cells, maxArticles: m, query: query, words: w) + "</figure>"
        }
        return b + "</div>"
    }
}

extension TileMap {
    /// A province's districts as a list of squares sorted by name (no positions can be derived
    /// for them), coloured like the map, the uncovered ones white with a dashed border.
    static func districtTiles(_ rows: [CoverageReport.Row], uncovered: [UnitRef], query: String, words w: Words) -> String {
        var all: [(name: String, key: String, articles: Int, claims: Int, contradictions: Int)] = rows.map { ($0.name, $0.key, $0.articles, $0.claims, $0.contradictions) }
        for u in uncovered where !all.contains(where: { $0.key == u.key }) { all.append((u.name, u.key, 0, 0, 0)) }
        guard !all.isEmpty else { return "" }
        all.sort { (Folding.plain($0.name), $0.key) < (Folding.plain($1.name), $1.key) }
        let m = all.map(\.articles).max() ?? 0
        var b = legend(maxArticles: m, words: w) + "<div class=tiles>"
        for d in all {
            let step = d.articles == 0 && d.claims == 0 ? "none" : d.articles == 0 ? "s0" : "s\(steps.firstIndex { Double(d.articles) / Double(Swift.max(1, m)) <= $0.upTo + 1e-9 } ?? steps.count - 1)"
            let tip = w.tileTip(d.name, d.articles, d.claims, d.contradictions)
            b += "<a class=\"dtile \(step)\(d.contradictions > 0 ? " contra" : "")\" href=\"\(esc(Link.unit(d.key, query: query)))\" title=\"\(esc(tip))\">\(esc(d.name))<b>\(d.articles)\(d.contradictions > 0 ? " !" : "")</b></a>"
        }
        return b + "</div>"
    }
}
