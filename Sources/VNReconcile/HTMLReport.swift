import Foundation
import VNGazetteer

/// The reconciliation as one self-contained HTML file a press officer can open and mail, in
/// Vietnamese: a summary with what each outcome means, the contradictions with the sentence quoted
/// and the article named (title, outlet, date, address), and for each tracker series an article
/// speaks of a small timeline (the tracker as a line, claims as circles: green agreeing, red
/// contradicted, grey not checkable). No scripts, no network; every piece of article text is
/// escaped, and only web addresses become links.
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

    /// A claim's share done (0…1), for the chart: "còn lại 6/15" is 9/15 done.
    static func share(_ c: Claim) -> Double? {
        if let d = c.doneCount, let t = c.total, t > 0 { return Double(d) / Double(t) }
        return c.donePercent.map { $0 / 100 }
    }

    /// The colour of a claim's point: red contradicted, green confirmed or consistent, grey for
    /// everything the tracker could not check.
    public static func color(_ o: Outcome) -> String {
        switch o {
        case .contradicted: "#d11"
        case .confirmed, .consistent: "#1a8a3a"
        default: "#888"
        }
    }

    /// A link only for web addresses (never `javascript:` or a local file).
    static func webURL(_ u: String?) -> String? {
        guard let u = u?.trimmingCharacters(in: .whitespaces) else { return nil }
        let l = u.lowercased()
        return l.hasPrefix("http://") || l.hasPrefix("https://") ? u : nil
    }

    /// The article a claim comes from: its title (a link to it), outlet, date and id.
    static func article(_ c: Claim) -> String {
        let title = escape(c.title.map { $0.isEmpty ? c.articleID : $0 } ?? c.articleID)
        var h = webURL(c.url).map { "<a href=\"\(escape($0))\">\(title)</a>" } ?? "<b>\(title)</b>"
        var meta: [String] = []
        if let s = c.source, !s.isEmpty { meta.append(escape(s)) }
        if let p = c.published { meta.append(escape(Labels.date(p))) } else { meta.append("không rõ ngày đăng") }
        if c.title != nil { meta.append(escape(c.articleID)) }
        if let u = webURL(c.url) { meta.append("<span class=url>\(escape(u))</span>") }
        h += "<br><span class=small>\(meta.joined(separator: " · "))</span>"
        return h
    }

    static func kind(_ c: Claim) -> String { "\(escape(Labels.tier(c.level))) · \(escape(Labels.activity(c.activity)))" }

    public static func render(_ r: Reconciliation, tracker: Tracker, title: String = "Đối chiếu số liệu với bảng theo dõi") -> String {
        let counts = Dictionary(grouping: r.results, by: \.outcome).mapValues(\.count)
        var h = """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:64em;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
        .sum span{display:inline-block;margin:0 .6em .4em 0;padding:.2em .6em;border-radius:.3em;background:#eee}
        .contradicted{background:#fde2e1!important;color:#a40000}.confirmed{background:#e3f5e1!important}.consistent{background:#eef7ea!important}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.35em;text-align:left;vertical-align:top}
        blockquote{margin:.2em 0;padding-left:.6em;border-left:3px solid #c33;color:#444}
        .units{display:grid;grid-template-columns:repeat(auto-fill,minmax(18em,1fr));gap:1em}.unit svg{width:100%;height:auto}
        .small{color:#666;font-size:.85em}.url{word-break:break-all}dl.legend{font-size:.9em}dl.legend dt{font-weight:bold;float:left;clear:left;margin-right:.5em}
        .dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;border:2px solid;vertical-align:middle;margin-right:.3em}
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p class="sum">
        """
        for o in Outcome.allCases { h += "<span class=\"\(o.rawValue)\">\(counts[o] ?? 0) \(escape(Labels.outcome(o)))</span>" }
        h += "</p>\n<dl class=legend>" + Outcome.allCases.map { "<dt>\(escape(Labels.outcome($0)))</dt><dd>\(escape(Labels.explanation($0)))</dd>" }.joined() + "</dl>\n"
        h += "<h2>Mâu thuẫn với bảng theo dõi</h2>\n"
        let contradictions = r.results.filter { $0.outcome == .contradicted }
        if contradictions.isEmpty { h += "<p>Không có.</p>\n" } else {
            h += "<div class=scroll><table><tr><th>Số liệu</th><th>Đơn vị</th><th>Tính đến</th><th>Bài báo và câu trích</th><th>Bảng theo dõi</th></tr>\n"
            for x in contradictions {
                let c = x.claim
                h += "<tr><td><b>\(escape(c.figure))</b><br><span class=small>\(kind(c))</span></td>"
                h += "<td>\(escape(c.unitName ?? "?"))</td><td>\(escape(Labels.date(c.asOf)))</td>"
                h += "<td>\(article(c))<blockquote>\(escape(c.text))</blockquote></td>"
                h += "<td>\(escape(x.snapshots.map { "\($0.done)/\($0.total) ngày \(Labels.date($0.asOf)) (dòng \($0.line))" }.joined(separator: "; ")))<br><span class=small>\(escape(x.reason))</span></td></tr>\n"
            }
            h += "</table></div>\n"
        }
        // One chart per series the tracker follows that a dated claim speaks of.
        var bySeries: [Tracker.SeriesKey: [ClaimResult]] = [:]
        for x in r.results {
            guard let key = x.series, x.claim.asOf != nil, x.claim.status != "planned", x.outcome != .differentSeries else { continue }
            bySeries[key, default: []].append(x)
        }
        let charted = bySeries.compactMap { k, v -> (Tracker.SeriesKey, [Snapshot], [ClaimResult])? in
            let snaps = tracker.series(k)
            return snaps.isEmpty ? nil : (k, snaps, v)
        }.sorted { ($0.0.unit, $0.0.level, $0.0.activity) < ($1.0.unit, $1.0.level, $1.0.activity) }
        h += "<h2>Các chuỗi số liệu của bảng theo dõi được bài báo nhắc đến</h2>\n"
        if charted.isEmpty { h += "<p>Không có.</p>\n" } else {
            h += "<p class=small>Đường xanh: bảng theo dõi (tỷ lệ đã xong). Vòng tròn: số liệu của bài báo — "
            h += "<span class=dot style=\"border-color:#1a8a3a\"></span>khớp hoặc phù hợp, <span class=dot style=\"border-color:#d11\"></span>mâu thuẫn, "
            h += "<span class=dot style=\"border-color:#888\"></span>không kiểm chứng được hoặc không có ngày.</p>\n<div class=units>\n"
            for (key, snaps, results) in charted {
                let name = snaps.first?.unitName ?? results.first?.claim.unitName ?? key.unit
                h += "<div class=unit><b>\(escape(name))</b> <span class=small>\(escape(Labels.tier(key.level))) · \(escape(Labels.activity(key.activity)))</span><br>"
                h += chart(snaps: snaps, claims: results) + "</div>\n"
            }
            h += "</div>\n"
        }
        if !r.gaps.isEmpty {
            h += "<h2>Chuỗi số liệu của bảng theo dõi chưa bài nào nhắc đến</h2><ul>" + r.gaps.map { k in
                let name = tracker.series(k).first?.unitName ?? k.unit
                return "<li>\(escape(name)) · \(escape(Labels.tier(k.level))) · \(escape(Labels.activity(k.activity)))</li>"
            }.joined() + "</ul>\n"
        }
        if !r.checks.isEmpty {
            h += "<h2>Kiểm tra không cần bảng theo dõi</h2><ul>" + r.checks.map { "<li><b>\(escape(Labels.checkKind($0.kind)))</b>: \(escape($0.message)) <span class=small>\(escape($0.articles.joined(separator: ", ")))</span></li>" }.joined() + "</ul>\n"
        }
        if !r.trackerErrors.isEmpty {
            h += "<h2>Dòng của bảng theo dõi không dùng được</h2><ul>" + r.trackerErrors.map { "<li>dòng \($0.line): \(escape($0.message))</li>" }.joined() + "</ul>\n"
        }
        h += "<h2>Mọi số liệu</h2><div class=scroll><table><tr><th>Kết quả</th><th>Số liệu</th><th>Đơn vị</th><th>Tính đến</th><th>Câu trích và bài báo</th><th>Lý do</th></tr>\n"
        for x in r.results {
            let c = x.claim
            h += "<tr class=\"\(x.outcome.rawValue)\"><td>\(escape(Labels.outcome(x.outcome)))</td><td>\(escape(c.figure))<br><span class=small>\(kind(c))</span></td><td>\(escape(c.unitName ?? "?"))</td><td>\(escape(Labels.date(c.asOf)))</td>"
            h += "<td>\(escape(c.text))<br>\(article(c))</td><td class=small>\(escape(x.reason))</td></tr>\n"
        }
        h += "</table></div>\n<p class=small>Tạo bởi vnfacts. Số liệu của bảng theo dõi như văn phòng cung cấp; số liệu của bài báo như được trích xuất.</p></body></html>\n"
        return h
    }

    /// An SVG timeline: x = date, y = share done; the tracker as a line, claims as circles
    /// coloured by outcome. It scales to its container (`viewBox`).
    public static func chart(snaps: [Snapshot], claims: [ClaimResult]) -> String {
        let w = 320.0, hgt = 120.0, pad = 22.0
        var days: [Int] = snaps.map { $0.asOf.ordinal }
        for x in claims { if let d = Reconciler.day(x.claim.asOf) { days.append(d.ordinal) } }
        guard let lo = days.min(), let hi = days.max() else { return "" }
        let span = Double(max(hi - lo, 1))
        func px(_ d: Int) -> Double { pad + (Double(d - lo) / span) * (w - 2 * pad) }
        func py(_ v: Double) -> Double { hgt - pad - min(max(v, 0), 1) * (hgt - 2 * pad) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(hgt))\" width=\"\(Int(w))\" height=\"\(Int(hgt))\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>"
        s += "<line x1=\"\(pad)\" y1=\"\(py(0))\" x2=\"\(w - pad)\" y2=\"\(py(0))\" stroke=\"#ccc\"/><line x1=\"\(pad)\" y1=\"\(py(1))\" x2=\"\(w - pad)\" y2=\"\(py(1))\" stroke=\"#eee\"/>"
        s += "<text x=\"2\" y=\"\(py(1) + 4)\" font-size=\"9\" fill=\"#888\">100%</text><text x=\"2\" y=\"\(py(0) + 4)\" font-size=\"9\" fill=\"#888\">0</text>"
        let drawn = snaps.filter { $0.total > 0 }
        if !drawn.isEmpty {
            let pts = drawn.map { String(format: "%.1f,%.1f", px($0.asOf.ordinal), py(Double($0.done) / Double($0.total))) }.joined(separator: " ")
            s += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"#2463b5\" stroke-width=\"2\"/>"
            for sn in drawn {
                s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#2463b5\">", px(sn.asOf.ordinal), py(Double(sn.done) / Double(sn.total)))
                s += "<title>bảng theo dõi: \(sn.done)/\(sn.total) ngày \(Labels.date(sn.asOf))</title></circle>"
            }
        }
        for x in claims {
            guard let d = Reconciler.day(x.claim.asOf), let v = share(x.claim) else { continue }
            s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"none\" stroke=\"%@\" stroke-width=\"2\"><title>", px(d.ordinal), py(v), color(x.outcome))
            s += escape("\(x.claim.figure), \(x.claim.title ?? x.claim.articleID): \(Labels.outcome(x.outcome))") + "</title></circle>"
        }
        s += "<text x=\"\(pad)\" y=\"\(hgt - 5)\" font-size=\"9\" fill=\"#888\">\(Labels.date(Day.unixEpoch.adding(days: lo)))</text>"
        s += "<text x=\"\(w - pad - 44)\" y=\"\(hgt - 5)\" font-size=\"9\" fill=\"#888\">\(Labels.date(Day.unixEpoch.adding(days: hi)))</text></svg>"
        return s
    }
}
