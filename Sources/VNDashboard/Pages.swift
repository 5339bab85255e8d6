import Foundation
import Hummingbird
import VNCoverage
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// The page frame and the small pieces pages share (pager, charts).
enum Page {
    static func html(_ body: String, title: String, words w: Words, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: document(body, title: title, words: w))))
    }

    /// A whole page around `body`. Its style is the stylesheet route's, so the page needs no
    /// inline style or script (the Content-Security-Policy `default-src 'self'` forbids both).
    static func document(_ body: String, title: String, words w: Words) -> String {
        """
        <!DOCTYPE html><html lang="\(w.lang.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(esc(title)) · vnfacts</title><link rel="stylesheet" href="/static/style.css">
        </head><body><header><a href="/">vnfacts</a><form action="/search"><input type="search" name="q" placeholder="\(esc(w.searchPlaceholder))"></form><a class=lang href="?lang=\(w.switchTo.rawValue)">\(esc(w.switchLabel))</a></header>
        <main>\(body)</main></body></html>
        """
    }

    /// `/static/style.css`.
    static let stylesheet = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222}header{background:#173a6b;color:#fff;padding:.6em 1.2em}
        header a{color:#fff;text-decoration:none;font-weight:600;margin-right:1.2em}main{max-width:70em;margin:1.2em auto;padding:0 1em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.3em .4em;text-align:left;vertical-align:top}
        th a{color:#222}th.num,td.num{text-align:right}.contra{color:#a40000;font-weight:600}
        mark{border-radius:.2em;padding:0 .1em}mark.count{background:#ffe08a}mark.date{background:#cde8ff}
        mark.unit{background:#d6f5d6}mark.document{background:#f2d9ff}mark.term{background:#eee}pre.article{white-space:pre-wrap;font:inherit;max-width:48em}
        .small{color:#666;font-size:.85em}form{display:inline}input[type=search]{padding:.3em;width:16em}.summary{font-size:1.05em}
        .pager{margin:.6em 0}.pager a,.pager span{margin-right:.8em}.chart{margin:.4em 0 1em;width:100%;height:auto;max-width:60em}
        header a.lang{float:right;font-weight:400;font-size:.9em;margin:.3em 0 0}.scroll{overflow-x:auto;max-width:100%}
        input.date{width:7.5em;padding:.2em}@media (max-width:600px){main{padding:0 .5em}input[type=search]{width:9em}td,th{padding:.25em .3em}}
        .maps{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}.maps figure{margin:0;flex:1 1 18em;max-width:34em}
        svg.map{width:100%;height:auto}svg.map a:hover rect{stroke:#000;stroke-width:2}.legend .key{margin-right:1em;white-space:nowrap}
        .legend i{display:inline-block;width:1em;height:1em;border:1px solid #999;vertical-align:-.15em;margin-right:.3em}
        .legend i.none{background:#fff;border-style:dashed}.legend i.contra{background:#fff;border:2px solid #d11}
        .tiles{display:flex;flex-wrap:wrap;gap:4px;margin:.4em 0 1em}.dtile{display:block;width:7.5em;min-height:3.2em;padding:.25em .35em;border-radius:4px;border:1px solid #ccc;font-size:.8em;text-decoration:none;color:#123}
        .dtile b{display:block;font-size:1.1em}.dtile.none{background:#fff;border:1px dashed #999;color:#555}.dtile.contra{border:3px solid #d11}
        .dtile.s0{background:#dbe7f6}.dtile.s1{background:#a9c6ea}.dtile.s2{background:#6f9fdb;color:#fff}.dtile.s3{background:#3a75c4;color:#fff}.dtile.s4{background:#173a6b;color:#fff}
        .legend i.s0{background:#dbe7f6}.legend i.s1{background:#a9c6ea}.legend i.s2{background:#6f9fdb}.legend i.s3{background:#3a75c4}.legend i.s4{background:#173a6b}

        """

    static func stylesheetResponse() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
    }

    /// "Page 2 of 14 · ← newer · older →" over `total` rows, linking to `base` with `page=`.
    static func pager(total: Int, page: Int, size: Int, base: String, words w: Words) -> String {
        let pages = max(1, (total + size - 1) / size)
        guard pages > 1 else { return "" }
        let sep = base.contains("?") ? "&" : "?"
        var s = "<div class=pager><span>\(w.pageOf(page, pages, total))</span>"
        if page > 1 { s += "<a href=\"\(esc(base + sep + "page=\(page - 1)"))\">\(w.previous)</a>" }
        if page < pages { s += "<a href=\"\(esc(base + sep + "page=\(page + 1)"))\">\(w.next)</a>" }
        return s + "</div>"
    }

    /// Horizontal bars: one per row, red when it has contradictions (scales to its container).
    static func bars(_ rows: [(label: String, value: Int, alert: Bool, link: String)], words w: Words) -> String {
        guard !rows.isEmpty else { return "" }
        let maxValue = max(1, rows.map(\.value).max() ?? 1)
        var b = "<svg class=chart viewBox=\"0 0 660 \(rows.count * 18 + 6)\" role=\"img\" aria-label=\"\(esc(w.perProvince))\">"
        for (i, r) in rows.enumerated() {
            let w = Double(r.value) / Double(maxValue) * 400
            let shown = r.label.count > 34 ? String(r.label.prefix(33)) + "…" : r.label
            b += "<a href=\"\(esc(r.link))\"><title>\(esc(r.label)): \(r.value)</title><text x=\"0\" y=\"\(i * 18 + 13)\" font-size=\"11\">\(esc(shown))</text>"
            b += "<rect x=\"220\" y=\"\(i * 18 + 3)\" width=\"\(String(format: "%.1f", max(w, 0.5)))\" height=\"12\" fill=\"\(r.alert ? "#d11" : "#2463b5")\"/></a>"
            b += "<text x=\"\(Int(226 + w))\" y=\"\(i * 18 + 13)\" font-size=\"10\" fill=\"#555\">\(r.value)</text>"
        }
        return b + "</svg>"
    }

    /// Articles per ISO week as columns, every week from the first to the last (empty weeks
    /// included, so gaps show); over more than two years, per month. Ticks at each month, or
    /// each year over long spans; each column says its period and count on hover.
    static func weekly(_ counts: [String: Int], words w: Words) -> (title: String, svg: String) {
        guard let first = counts.keys.min().flatMap(monday), let last = counts.keys.max().flatMap(monday) else { return (w.perWeek, "") }
        let byMonth = last.ordinal - first.ordinal > 2 * 366
        // Columns: (label for the tooltip, first day, count).
        var columns: [(label: String, day: Day, n: Int)] = []
        if byMonth {
            var months: [String: Int] = [:]
            for (wk, n) in counts { if let d = monday(wk)?.adding(days: 3) { months[String(format: "%04d-%02d", d.year, d.month), default: 0] += n } }
            guard let a = Day(first.adding(days: 3).year, first.adding(days: 3).month, 1) else { return (w.perMonth, "") }
            var d = a
            let end = last.adding(days: 3)
            while d <= end, columns.count < 1200 {
                let key = String(format: "%04d-%02d", d.year, d.month)
                columns.append((w.date(key), d, months[key] ?? 0))
                d = d.month == 12 ? (Day(d.year + 1, 1, 1) ?? end.adding(days: 1)) : (Day(d.year, d.month + 1, 1) ?? end.adding(days: 1))
            }
        } else {
            var d = first
            while d <= last, columns.count < 1000 {
                let wk = ArticleRollup.isoWeek(d)
                columns.append(("\(wk) (\(w.date(d.iso)))", d, counts[wk] ?? 0))
                d = d.adding(days: 7)
            }
        }
        let maxValue = max(1, columns.map(\.n).max() ?? 1)
        let width = 660.0, h = 110.0, left = 30.0, colW = max(1.0, (width - left - 10) / Double(max(1, columns.count)))
        var s = "<svg class=chart viewBox=\"0 0 \(Int(width)) \(Int(h) + 18)\" role=\"img\" aria-label=\"\(esc(byMonth ? w.perMonth : w.perWeek))\">"
        for (i, c) in columns.enumerated() {
            let bh = Double(c.n) / Double(maxValue) * (h - 10)
            s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2463b5\">", left + Double(i) * colW, h - bh, max(colW - (colW > 3 ? 1 : 0), 0.8), max(bh, 0))
                + "<title>\(esc(c.label)): \(c.n)</title></rect>"
        }
        // Ticks: a year's first column over spans of more than 18 months, else each month's.
        let spanDays = last.ordinal - first.ordinal
        var lastTickX = -100.0
        for (i, c) in columns.enumerated() {
            let prevDay = i > 0 ? columns[i - 1].day : nil
            let newYear = prevDay.map { $0.year != c.day.year } ?? true
            let newMonth = prevDay.map { $0.month != c.day.month || $0.year != c.day.year } ?? true
            guard spanDays > 550 ? newYear : newMonth else { continue }
            let x = left + Double(i) * colW
            guard x - lastTickX >= 34 else { continue }
            lastTickX = x
            let text = spanDays > 550 ? "\(c.day.year)" : String(format: "%02d/%04d", c.day.month, c.day.year)
            s += String(format: "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#aaa\"/>", x, h, x, h + 4)
                + "<text x=\"\(Int(x))\" y=\"\(Int(h) + 15)\" font-size=\"9\" fill=\"#666\">\(text)</text>"
        }
        s += "<text x=\"0\" y=\"10\" font-size=\"9\" fill=\"#888\">\(maxValue)</text><text x=\"0\" y=\"\(Int(h))\" font-size=\"9\" fill=\"#888\">0</text></svg>"
        return (byMonth ? w.perMonth : w.perWeek, s)
    }

    /// The Monday of an ISO week ("2020-W10").
    static func monday(_ week: String) -> Day? {
        let parts = week.split(separator: "-W")
        guard parts.count == 2, let y = Int(parts[0]), let n = Int(parts[1]), let jan4 = Day(y, 1, 4) else { return nil }
        return jan4.adding(days: 1 - jan4.weekday + (n - 1) * 7)
    }

    /// The period's fields, as text in the page's date form (dd/mm/yyyy in Vietnamese): a browser's
    /// date input shows its own locale's form, whatever the page's language.
    static func periodForm(_ q: Query, action: String, words w: Words) -> String {
        let placeholder = w.lang == .vi ? "dd/mm/yyyy" : "YYYY-MM-DD"
        func field(_ name: String, _ value: String?) -> String {
            "<input class=date name=\(name) inputmode=numeric placeholder=\"\(placeholder)\" value=\"\(esc(value.map { w.date($0) } ?? ""))\">"
        }
        return "<form action=\"\(esc(action))\" class=small>\(w.period) \(field("from", q.from)) \(w.periodTo) \(field("to", q.to)) <button>\(w.show)</button>"
            + (q.from != nil || q.to != nil ? " <a href=\"\(esc(action))\">\(w.allTime)</a>" : "") + "</form>"
    }

    /// Distinct claims: outcome, figure, unit (linked to its version on the claim's date), date,
    /// how many claims alike, the first one's sentence.
    static func claimsTable(_ list: [ClaimOutcome], words w: Words, unitKey: (Claim) -> String? = { $0.unitCode }) -> String {
        "<div class=scroll><table><tr><th>\(w.outcome)</th><th>\(w.claim)</th><th>\(w.unit)</th><th>\(w.asOf)</th><th class=num>\(w.times)</th><th>\(w.sentence)</th></tr>" + list.map { o in
            let x = o.result
            return "<tr><td class=\"\(x.outcome == .contradicted ? "contra" : "")\" title=\"\(esc(Labels.explanation(x.outcome)))\">\(esc(w.outcome(x.outcome)))</td><td>\(esc(x.claim.figure))</td>"
                + "<td>\(unitKey(x.claim).map { "<a href=\"\(esc(Link.unit($0)))\">\(esc(x.claim.unitName ?? $0))</a>" } ?? esc(x.claim.unitName ?? "–"))</td>"
                + "<td>\(esc(w.date(x.claim.asOf)))</td>" + "<td class=num>\(o.times)</td><td><a href=\"\(esc(Link.article(x.claim.articleID)))#c\(x.claim.span.first ?? 0)\">\(esc(x.claim.text))</a>"
                + "<br><span class=small>\(esc(x.reason))</span></td></tr>"
        }.joined() + "</table></div>"
    }

    static func articleList(_ list: [ArticleSummary], words w: Words) -> String {
        "<ul>" + list.map { "<li><a href=\"\(esc(Link.article($0.id)))\">\(esc($0.title ?? $0.id))</a> <span class=small>\(esc($0.day.map { w.date($0) } ?? w.undated))\($0.source.map { " · " + esc($0) } ?? "")</span></li>" }.joined() + "</ul>"
    }

    static func coverageTable(_ rows: [CoverageReport.Row], q: Query, sortBase: String?, uncoveredDistricts: [String: [UnitRef]] = [:]) -> String {
        let w = q.words
        func head(_ label: String, _ key: String, num: Bool = true) -> String {
            let cls = num ? " class=num" : ""
            guard let sortBase else { return "<th\(cls)>\(label)</th>" }
            let query = URLText.query([("sort", key == "contradictions" ? nil : key), ("from", q.from), ("to", q.to)])
            return "<th\(cls)><a href=\"\(esc(sortBase + (query.isEmpty ? "" : "?" + query)))\">\(label)</a></th>"
        }
        var b = "<div class=scroll><table><tr>" + head(w.unit, "name", num: false) + head(w.articles, "articles") + head(w.claimsHead, "claims") + head(w.contradictions, "contradictions")
            + head(w.latestClaim, "latest") + "<th>\(w.latestSnapshot)</th>" + (uncoveredDistricts.isEmpty ? "" : "<th class=num>\(w.districtsNotCovered)</th>") + "</tr>"
        for p in rows {
            b += "<tr><td><a href=\"\(esc(Link.unit(p.key, query: q.periodQuery)))\">\(esc(w.label(p)))</a></td><td class=num>\(p.articles)</td><td class=num>\(p.claims)</td>"
            b += "<td class=\"num \(p.contradictions > 0 ? "contra" : "")\">\(p.contradictions)</td><td>\(esc(w.date(p.latestClaim)))</td><td>\(esc(w.date(p.latestSnapshot)))</td>"
            if !uncoveredDistricts.isEmpty { b += "<td class=num>\(uncoveredDistricts[p.key]?.count ?? 0)</td>" }
            b += "</tr>"
        }
        return b + "</table></div>"
    }
}

extension Dashboard {
    // MARK: Pages

    func overview(_ q: Query) throws -> Response {
        let w = q.words
        var r = try coverage(from: q.from, to: q.to)
        switch q.sort {
        case "name": r.provinces.sort { ($0.name, $0.key) < ($1.name, $1.key) }
        case "articles": r.provinces.sort { ($0.articles, $1.name) > ($1.articles, $0.name) }
        case "claims": r.provinces.sort { ($0.claims, $1.name) > ($1.claims, $0.name) }
        case "latest": r.provinces.sort { ($0.latestClaim ?? "", $1.name) > ($1.latestClaim ?? "", $0.name) }
        default: break   // contradictions first, then articles
        }
        let periodText = q.from == nil && q.to == nil ? w.allTime : "\(q.from.map { w.date($0) } ?? "…") – \(q.to.map { w.date($0) } ?? "…")"
        let covered = r.provinces.filter { $0.articles > 0 || $0.claims > 0 }.count
        var b = "<h1>\(w.coverageTitle)</h1>" + Page.periodForm(q, action: "/", words: w)
        b += "<p class=summary>\(esc(periodText)): \(w.articlesNamingLocality(r.articleTotal, r.articlesWithPlace)) · \(w.claims(r.claimTotal))"
        b += tracker == nil ? " · \(w.noTracker)" : " · <b class=\"\(r.contradictionTotal > 0 ? "contra" : "")\">\(r.contradictionTotal)</b> \(w.contradictTracker)"
        b += " · \(w.provincesCovered(covered, r.uncoveredProvinces.count))</p>"
        b += TileMap.section(gazetteer: gazetteer, rows: r.provinces, from: q.from.flatMap { Day(iso: $0) }, to: q.to.flatMap { Day(iso: $0) }, query: q.periodQuery, words: w)
        if !r.contradicted.isEmpty {
            b += "<h2>\(w.disagree)</h2>" + Page.claimsTable(Array(r.contradicted.prefix(pageSize)), words: w, unitKey: claimUnitKey)
            if r.contradicted.count > pageSize { b += "<p class=small>\(w.moreInAPI(r.contradicted.count - pageSize)) <a href=\"/api/coverage\">/api/coverage</a>.</p>" }
        }
        if !r.weeklyTotal.isEmpty { let c = Page.weekly(r.weeklyTotal, words: w); b += "<h2>\(c.title)</h2>" + c.svg }
        b += "<h2>\(w.perProvince)</h2>"
        b += Page.bars(r.provinces.filter { $0.articles > 0 }.map { (w.label($0), $0.articles, $0.contradictions > 0, Link.unit($0.key, query: q.periodQuery)) }, words: w)
        b += Page.coverageTable(r.provinces, q: q, sortBase: "/", uncoveredDistricts: r.uncoveredDistricts)
        b += "<h2>\(w.uncoveredProvinces(r.uncoveredProvinces.count))</h2><p>" + r.uncoveredProvinces.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc(w.label($0)))</a>" }.joined(separator: ", ") + "</p>"
        return Page.html(b, title: w.coverageTitle, words: w)
    }

    func unit(_ code: String, _ q: Query) throws -> Response {
        let w = q.words
        guard let v = try unitVersion(code), let versions = gazetteer.units.byCode[v.code] else {
            return Page.html("<h1>\(esc(w.noUnit(code)))</h1><p><a href=\"/\">\(w.home)</a></p>", title: w.noUnit(code), words: w, status: .notFound)
        }
        let units = gazetteer.units
        var b = "<h1>\(esc(v.typedName)) <span class=small>\(w.code) \(esc(v.code)) · \(w.level(v.level)) · \(w.validity(v.validity))</span></h1>"
        let parents = units.ancestors(of: v, on: units.dayInside(v, near: nil))
        if !parents.isEmpty { b += "<p class=small>\(w.inside) " + parents.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.typedName))</a>" }.joined(separator: ", ") + "</p>" }
        let successors = Coverage.successors(of: v, units: units)
        if !successors.isEmpty {
            b += "<p class=small>\(w.since(w.date(v.validity.to?.iso))) " + successors.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>"
        }
        if versions.count > 1 {
            b += "<p class=small>\(w.code) \(esc(v.code)): " + versions.map { units.versions[$0] }.map { x in
                x.key == v.key ? "<b>\(esc(x.typedName)) \(w.validity(x.validity))</b>" : "<a href=\"\(esc(Link.unit(x.key)))\">\(esc(x.typedName))</a> \(w.validity(x.validity))"
            }.joined(separator: "; ") + "</p>"
        }
        b += Page.periodForm(q, action: Link.unit(v.key), words: w)
        let r = try coverage(from: q.from, to: q.to)
        if v.level != .commune, let row = Dashboard.row(v.key, level: v.level, in: r) {
            let contradictions = "<b class=\"\(row.contradictions > 0 ? "contra" : "")\">\(row.contradictions)</b>"
            b += "<p class=summary>\(w.unitSummary(row.articles, row.claims, contradictions, esc(w.date(row.latestClaim)), esc(w.date(row.latestSnapshot))))</p>"
            if !row.weekly.isEmpty { let c = Page.weekly(row.weekly, words: w); b += "<h2>\(c.title)</h2>" + c.svg }
            let missing = r.uncoveredDistricts[v.key] ?? []
            if !row.districts.isEmpty || !missing.isEmpty {
                b += "<h2>\(w.districts)</h2>" + TileMap.districtTiles(row.districts, uncovered: missing, query: q.periodQuery, words: w)
            }
            if !row.districts.isEmpty { b += Page.coverageTable(row.districts, q: q, sortBase: nil) }
            if !missing.isEmpty {
                b += "<h3>\(w.notCovered(missing.count))</h3><p>" + missing.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>"
            }
        }
        let results = try unitClaims(v, q)
        if !results.isEmpty { b += "<h2>\(w.claimsAgainstTracker)</h2>" }
        var bySeries: [String: [ClaimOutcome]] = [:]
        for x in results { bySeries["\(w.tier(x.result.claim.level)) · \(w.activity(x.result.claim.activity))", default: []].append(x) }
        for (key, list) in bySeries.sorted(by: { $0.key < $1.key }) {
            guard let first = list.first?.result.claim else { continue }
            let snaps = snapshots(v, level: first.level, activity: first.activity)
            b += "<h3>\(esc(key))</h3>" + HTMLReport.chart(snaps: snaps, claims: list.map(\.result))
            b += Page.claimsTable(Array(list.prefix(200)), words: w, unitKey: claimUnitKey)
            if list.count > 200 { b += "<p class=small>\(w.moreInAPI(list.count - 200)) <a href=\"\(esc(Link.apiUnit(v.key)))\">\(esc(Link.apiUnit(v.key)))</a>.</p>" }
        }
        if !results.isEmpty { b += "<p class=small>\(w.timesNote)</p>" }
        let arts = try store.articles(about: v.key, level: v.level.rawValue, from: q.from, to: q.to, limit: pageSize, offset: (q.page - 1) * pageSize)
        let base = Link.unit(v.key, query: q.periodQuery)
        b += "<h2>\(w.articlesCount(arts.total))</h2>" + Page.articleList(arts.page, words: w) + Page.pager(total: arts.total, page: q.page, size: pageSize, base: base, words: w)
        if arts.total == 0 && results.isEmpty { b += "<p>\(w.noArticle(!q.periodQuery.isEmpty))</p>" }
        return Page.html(b, title: v.typedName, words: w)
    }

    /// The key of the unit version a claim is about (on its as-of date, else its article's).
    func claimUnitKey(_ c: Claim) -> String? { c.unitCode.map { versionKey($0, on: c.asOf ?? c.published) } }

    func article(_ id: String, _ q: Query) throws -> Response {
        let w = q.words
        guard let a = try store.article(id: id) else {
            return Page.html("<h1>\(esc(w.noArticleWithID(id)))</h1><p><a href=\"/\">\(w.home)</a></p>", title: w.noArticleWithID(id), words: w, status: .notFound)
        }
        let facts = (try? JSONSerialization.jsonObject(with: Data(a.factsJSON.utf8)) as? [String: Any]) ?? [:]
        var marks: [(start: Int, end: Int, type: String, record: String)] = []
        var named: [(code: String, name: String)] = []
        for (key, type) in [("counts", "count"), ("documents", "document"), ("dates", "date"), ("units", "unit"), ("terms", "term")] {
            for item in facts[key] as? [[String: Any]] ?? [] {
                guard let span = item["span"] as? [NSNumber], span.count == 2 else { continue }
                let record = (try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
                marks.append((span[0].intValue, span[1].intValue, type, record))
                if type == "unit", let code = item["placeCode"] as? String {
                    // The version valid on the article's date.
                    let key = versionKey(code, on: a.day ?? a.published)
                    if !named.contains(where: { $0.code == key }) { named.append((key, item["name"] as? String ?? code)) }
                }
            }
        }
        // Outermost first; a span inside one already marked is left to the outer one's record.
        marks.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var text = ""
        var pos = 0
        let bytes = a.text
        for m in marks where m.start >= pos && m.end <= bytes.count && m.start < m.end {
            text += esc(String(decoding: bytes[pos..<m.start], as: UTF8.self))
            let anchor = m.type == "count" ? " id=\"c\(m.start)\"" : ""
            text += "<mark class=\"\(m.type)\"\(anchor) title=\"\(esc(m.record))\">" + esc(String(decoding: bytes[m.start..<m.end], as: UTF8.self)) + "</mark>"
            pos = m.end
        }
        text += esc(String(decoding: bytes[min(pos, bytes.count)...], as: UTF8.self))
        // The article's date as every list shows it: its dateline, else the latest date of its text.
        var b = "<h1>\(esc(a.title ?? a.id))</h1><p class=small>\(esc((a.day ?? a.published).map { w.date($0) } ?? w.undated)) · \(esc(a.source ?? "")) "
        if let url = a.url, url.hasPrefix("http://") || url.hasPrefix("https://") { b += "· <a href=\"\(esc(url))\" rel=\"noopener noreferrer\">\(w.original)</a> " }
        b += "· <a href=\"\(esc(Link.apiArticle(a.id)))\">\(w.factsJSON)</a></p>"
        if !named.isEmpty { b += "<p class=small>\(w.units): " + named.map { "<a href=\"\(esc(Link.unit($0.code)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>" }
        b += "<p class=small>\(w.markLegend)</p>"
        let warnings = facts["warnings"] as? [[String: Any]] ?? []
        if !warnings.isEmpty { b += "<h3>\(w.warnings)</h3><ul>" + warnings.map { "<li>\(esc($0["code"] as? String ?? "")): \(esc($0["message"] as? String ?? ""))</li>" }.joined() + "</ul>" }
        b += "<pre class=article>\(text)</pre>"
        return Page.html(b, title: a.title ?? a.id, words: w)
    }

    func search(_ q: Query) throws -> Response {
        let w = q.words
        var b = "<h1>\(esc(w.searchTitle(q.text)))</h1>"
        guard !q.text.trimmingCharacters(in: .whitespaces).isEmpty else { return Page.html(b + "<p>\(w.typeSomething)</p>", title: w.searchTitle(""), words: w) }
        try store.ensureRollups(gazetteer: gazetteer)
        let r = try store.search(q.text, limit: pageSize, offset: (q.page - 1) * pageSize)
        let known = gazetteerMatches(q.text)
        if !known.isEmpty {
            b += "<h2>\(w.administrativeUnits)</h2><ul>" + known.map { v in
                "<li><a href=\"\(esc(Link.unit(v.key)))\">\(esc(v.typedName))</a> <span class=small>\(esc(gazetteer.units.ancestors(of: v, on: v.validity.from ?? v.validity.to?.adding(days: -1)).map(\.typedName).joined(separator: ", "))) \(w.validity(v.validity))</span></li>"
            }.joined() + "</ul>"
        }
        b += "<h2>\(w.unitsInArticles)</h2><ul>" + r.units.map { u in
            "<li>" + ((u.version ?? u.code).map { "<a href=\"\(esc(Link.unit($0)))\">\(esc(u.name))</a>" } ?? esc(u.name)) + " <span class=small>\(w.articleCount(u.articles))</span></li>"
        }.joined() + "</ul><h2>\(w.articlesCount(r.articleTotal))</h2>" + Page.articleList(r.articles, words: w)
        b += Page.pager(total: r.articleTotal, page: q.page, size: pageSize, base: Link.search(q.text), words: w)
        return Page.html(b, title: w.searchTitle(q.text), words: w)
    }

    /// Administrative unit versions whose name matches the query without diacritics ("kim son":
    /// huyện Kim Sơn; "phuong 2": every Phường 2; "khue trung": phường Khuê Trung, whose code is
    /// phường Cẩm Lệ's since 2025), at most 30.
    func gazetteerMatches(_ text: String) -> [UnitVersion] {
        let q = Folding.plain(text).trimmingCharacters(in: .whitespaces)
        guard q.count >= 2 else { return [] }
        let hits = unitNames.filter { $0.name == q || $0.typed == q || $0.name.hasPrefix(q + " ") || $0.typed.hasPrefix(q) }
        return hits.map { gazetteer.units.versions[$0.version] }
            .sorted { ($0.level.rank, $0.typedName, $0.code, $0.key) < ($1.level.rank, $1.typedName, $1.code, $1.key) }.prefix(30).map { $0 }
    }
}

extension UnitLevel {
    var rank: Int { self == .province ? 0 : self == .district ? 1 : 2 }
}
