import Foundation
import VNGazetteer

/// The reconciliation as one self-contained HTML file a press officer can open and mail: a
/// summary, the contradictions with the sentence quoted, and for each unit a small timeline (the
/// tracker series as a line, article claims as points, contradictions in red). No scripts, no
/// network; every piece of article text is escaped.
public enum HTMLReport {
    public static func escape(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.unicodeScalars.append(c)
            }
        }
        return o
    }

    /// A claim's share done (0…1), for the chart.
    static func share(_ c: Claim) -> Double? {
        if let d = c.done, let t = c.total, t > 0 { return Double(c.status == "remaining" ? t - d : d) / Double(t) }
        return c.percent.map { $0 / 100 }
    }

    public static func render(_ r: Reconciliation, tracker: Tracker, title: String = "Đối chiếu số liệu với bảng theo dõi") -> String {
        let counts = Dictionary(grouping: r.results, by: \.outcome).mapValues(\.count)
        var h = """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
        .sum span{display:inline-block;margin:0 .6em .4em 0;padding:.2em .6em;border-radius:.3em;background:#eee}
        .contradicted{background:#fde2e1!important;color:#a40000}.confirmed{background:#e3f5e1!important}.consistent{background:#eef7ea!important}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.35em;text-align:left;vertical-align:top}
        blockquote{margin:.2em 0;padding-left:.6em;border-left:3px solid #c33;color:#444}
        .unit{display:inline-block;margin:.5em 1em .5em 0}.small{color:#666;font-size:.85em}
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p class="sum">
        """
        for o in Outcome.allCases { h += "<span class=\"\(o.rawValue)\">\(counts[o] ?? 0) \(o.rawValue)</span>" }
        h += "</p>\n<h2>Contradictions</h2>\n"
        let contradictions = r.results.filter { $0.outcome == .contradicted }
        if contradictions.isEmpty { h += "<p>None.</p>\n" } else {
            h += "<table><tr><th>Claim</th><th>Unit</th><th>As of</th><th>Article and sentence</th><th>Tracker</th></tr>\n"
            for x in contradictions {
                let c = x.claim
                h += "<tr><td><b>\(escape(c.figure))</b><br><span class=small>\(escape(c.level)) · \(escape(c.activity))</span></td>"
                h += "<td>\(escape(c.unitName ?? "?"))</td><td>\(escape(c.asOf ?? "?"))</td>"
                h += "<td>\(escape(c.articleID))<blockquote>\(escape(c.text))</blockquote></td>"
                h += "<td>\(escape(x.snapshots.map { "\($0.done)/\($0.total) on \($0.asOf.iso) (line \($0.line))" }.joined(separator: "; ")))<br><span class=small>\(escape(x.reason))</span></td></tr>\n"
            }
            h += "</table>\n"
        }
        // One chart per series that has claims or snapshots.
        h += "<h2>Units</h2>\n"
        var bySeries: [Tracker.SeriesKey: [ClaimResult]] = [:]
        for x in r.results {
            let c = x.claim
            guard let code = c.unitCode, c.asOf != nil, x.outcome != .unlinked, c.territorial else { continue }
            bySeries[Tracker.SeriesKey(unit: code, level: c.level, activity: c.activity), default: []].append(x)
        }
        for (key, results) in bySeries.sorted(by: { ($0.key.unit, $0.key.level, $0.key.activity) < ($1.key.unit, $1.key.level, $1.key.activity) }) {
            let snaps = tracker.series(key)
            let name = results.first?.claim.unitName ?? snaps.first?.unitName ?? key.unit
            h += "<div class=unit><b>\(escape(name))</b> <span class=small>\(escape(key.level)) · \(escape(key.activity))</span><br>"
            h += chart(snaps: snaps, claims: results) + "</div>\n"
        }
        if !r.gaps.isEmpty {
            h += "<h2>Tracker series no article mentions</h2><ul>" + r.gaps.map { "<li>\(escape($0.unit)) · \(escape($0.level)) · \(escape($0.activity))</li>" }.joined() + "</ul>\n"
        }
        if !r.checks.isEmpty {
            h += "<h2>Checks without the tracker</h2><ul>" + r.checks.map { "<li><b>\(escape($0.kind))</b>: \(escape($0.message)) <span class=small>\(escape($0.articles.joined(separator: ", ")))</span></li>" }.joined() + "</ul>\n"
        }
        if !r.trackerErrors.isEmpty {
            h += "<h2>Tracker rows not used</h2><ul>" + r.trackerErrors.map { "<li>line \($0.line): \(escape($0.message))</li>" }.joined() + "</ul>\n"
        }
        h += "<h2>All claims</h2><table><tr><th>Outcome</th><th>Claim</th><th>Unit</th><th>As of</th><th>Sentence</th><th>Why</th></tr>\n"
        for x in r.results {
            let c = x.claim
            h += "<tr class=\"\(x.outcome.rawValue)\"><td>\(x.outcome.rawValue)</td><td>\(escape(c.figure))</td><td>\(escape(c.unitName ?? "?"))</td><td>\(escape(c.asOf ?? "?"))</td><td>\(escape(c.text)) <span class=small>(\(escape(c.articleID)))</span></td><td class=small>\(escape(x.reason))</td></tr>\n"
        }
        h += "</table>\n<p class=small>Generated by vnfacts. Tracker figures as given by the office; article figures as extracted.</p></body></html>\n"
        return h
    }

    /// An SVG timeline: x = date, y = share done; the tracker as a line, claims as dots.
    public static func chart(snaps: [Snapshot], claims: [ClaimResult]) -> String {
        let w = 320.0, hgt = 120.0, pad = 22.0
        var days: [Int] = snaps.map { $0.asOf.ordinal }
        for x in claims { if let a = x.claim.asOf, let d = Day(iso: a) ?? Day(iso: a + "-01") { days.append(d.ordinal) } }
        guard let lo = days.min(), let hi = days.max() else { return "" }
        let span = Double(max(hi - lo, 1))
        func px(_ d: Int) -> Double { pad + (Double(d - lo) / span) * (w - 2 * pad) }
        func py(_ v: Double) -> Double { hgt - pad - v * (hgt - 2 * pad) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(hgt))\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>"
        s += "<line x1=\"\(pad)\" y1=\"\(py(0))\" x2=\"\(w - pad)\" y2=\"\(py(0))\" stroke=\"#ccc\"/><line x1=\"\(pad)\" y1=\"\(py(1))\" x2=\"\(w - pad)\" y2=\"\(py(1))\" stroke=\"#eee\"/>"
        s += "<text x=\"2\" y=\"\(py(1) + 4)\" font-size=\"9\" fill=\"#888\">100%</text><text x=\"2\" y=\"\(py(0) + 4)\" font-size=\"9\" fill=\"#888\">0</text>"
        if !snaps.isEmpty {
            let pts = snaps.map { String(format: "%.1f,%.1f", px($0.asOf.ordinal), py(Double($0.done) / Double($0.total))) }.joined(separator: " ")
            s += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"#2463b5\" stroke-width=\"2\"/>"
            for sn in snaps { s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#2463b5\"><title>tracker %d/%d on %@</title></circle>", px(sn.asOf.ordinal), py(Double(sn.done) / Double(sn.total)), sn.done, sn.total, sn.asOf.iso) }
        }
        for x in claims {
            guard let a = x.claim.asOf, let d = Day(iso: a) ?? Day(iso: a + "-01"), let v = share(x.claim) else { continue }
            let color = x.outcome == .contradicted ? "#d11" : "#1a8a3a"
            s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"none\" stroke=\"%@\" stroke-width=\"2\"><title>", px(d.ordinal), py(v), color)
            s += escape("\(x.claim.figure) in \(x.claim.articleID): \(x.outcome.rawValue)") + "</title></circle>"
        }
        s += "<text x=\"\(pad)\" y=\"\(hgt - 5)\" font-size=\"9\" fill=\"#888\">\(Day.unixEpoch.adding(days: lo).iso)</text>"
        s += "<text x=\"\(w - pad - 48)\" y=\"\(hgt - 5)\" font-size=\"9\" fill=\"#888\">\(Day.unixEpoch.adding(days: hi).iso)</text></svg>"
        return s
    }
}
