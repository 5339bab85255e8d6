import Foundation
import Hummingbird
import VNCoverage
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// The page frame and the small pieces pages share (pager, charts).
enum Page {
    static func html(_ body: String, title: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: document(body, title: title))))
    }

    /// A whole page around `body`. Its style is the stylesheet route's, so the page needs no
    /// inline style or script (the Content-Security-Policy `default-src 'self'` forbids both).
    static func document(_ body: String, title: String) -> String {
        """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(esc(title)) · vnfacts</title><link rel="stylesheet" href="/static/style.css">
        </head><body><header><a href="/">vnfacts</a><form action="/search"><input type="search" name="q" placeholder="Tìm đơn vị, tiêu đề (kim son)"></form></header>
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
        .pager{margin:.6em 0}.pager a,.pager span{margin-right:.8em}.chart{margin:.4em 0 1em}
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
    static func pager(total: Int, page: Int, size: Int, base: String) -> String {
        let pages = max(1, (total + size - 1) / size)
        guard pages > 1 else { return "" }
        let sep = base.contains("?") ? "&" : "?"
        var s = "<div class=pager><span>page \(page) of \(pages) (\(total))</span>"
        if page > 1 { s += "<a href=\"\(esc(base + sep + "page=\(page - 1)"))\">← previous</a>" }
        if page < pages { s += "<a href=\"\(esc(base + sep + "page=\(page + 1)"))\">next →</a>" }
        return s + "</div>"
    }

    /// Horizontal bars: one per row, red when it has contradictions.
    static func bars(_ rows: [(label: String, value: Int, alert: Bool, link: String)]) -> String {
        guard !rows.isEmpty else { return "" }
        let maxValue = max(1, rows.map(\.value).max() ?? 1)
        var b = "<svg class=chart width=\"660\" height=\"\(rows.count * 18 + 6)\" role=\"img\" aria-label=\"articles per province\">"
        for (i, r) in rows.enumerated() {
            let w = Double(r.value) / Double(maxValue) * 420
            b += "<a href=\"\(esc(r.link))\"><text x=\"0\" y=\"\(i * 18 + 13)\" font-size=\"11\">\(esc(r.label))</text>"
            b += "<rect x=\"200\" y=\"\(i * 18 + 3)\" width=\"\(String(format: "%.1f", max(w, 0.5)))\" height=\"12\" fill=\"\(r.alert ? "#d11" : "#2463b5")\"/></a>"
            b += "<text x=\"\(Int(206 + w))\" y=\"\(i * 18 + 13)\" font-size=\"10\" fill=\"#555\">\(r.value)</text>"
        }
        return b + "</svg>"
    }

    /// Articles per ISO week as columns, every week from the first to the last (empty weeks
    /// included, so gaps show).
    static func weekly(_ counts: [String: Int]) -> String {
        guard let first = counts.keys.min().flatMap(monday), let last = counts.keys.max().flatMap(monday) else { return "" }
        var weeks: [String] = []
        var d = first
        while d <= last, weeks.count < 1000 { weeks.append(ArticleRollup.isoWeek(d)); d = d.adding(days: 7) }
        let maxValue = max(1, counts.values.max() ?? 1)
        let w = 660.0, h = 110.0, colW = max(1.0, (w - 40) / Double(weeks.count))
        var s = "<svg class=chart width=\"\(Int(w))\" height=\"\(Int(h) + 16)\" role=\"img\" aria-label=\"articles per week\">"
        for (i, wk) in weeks.enumerated() {
            let n = counts[wk] ?? 0
            let bh = Double(n) / Double(maxValue) * (h - 10)
            s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2463b5\"><title>%@: %d</title></rect>",
                        30 + Double(i) * colW, h - bh, max(colW - 1, 0.8), bh, wk, n)
        }
        s += "<text x=\"0\" y=\"10\" font-size=\"9\" fill=\"#888\">\(maxValue)</text><text x=\"0\" y=\"\(Int(h))\" font-size=\"9\" fill=\"#888\">0</text>"
        s += "<text x=\"30\" y=\"\(Int(h) + 12)\" font-size=\"9\" fill=\"#888\">\(weeks.first ?? "")</text>"
        s += "<text x=\"\(Int(w) - 50)\" y=\"\(Int(h) + 12)\" font-size=\"9\" fill=\"#888\">\(weeks.last ?? "")</text></svg>"
        return s
    }

    /// The Monday of an ISO week ("2020-W10").
    static func monday(_ week: String) -> Day? {
        let parts = week.split(separator: "-W")
        guard parts.count == 2, let y = Int(parts[0]), let n = Int(parts[1]), let jan4 = Day(y, 1, 4) else { return nil }
        return jan4.adding(days: 1 - jan4.weekday + (n - 1) * 7)
    }

    static func periodForm(_ q: Query, action: String) -> String {
        "<form action=\"\(esc(action))\" class=small>Period <input type=date name=from value=\"\(esc(q.from ?? ""))\"> to <input type=date name=to value=\"\(esc(q.to ?? ""))\"> <button>Show</button>"
            + (q.from != nil || q.to != nil ? " <a href=\"\(esc(action))\">all time</a>" : "") + "</form>"
    }

    /// Distinct claims: outcome, figure, unit (linked to its version on the claim's date), date,
    /// how many claims alike, the first one's sentence.
    static func claimsTable(_ list: [ClaimOutcome], unitKey: (Claim) -> String? = { $0.unitCode }) -> String {
        "<table><tr><th>Outcome</th><th>Claim</th><th>Unit</th><th>As of</th><th class=num>Times</th><th>Sentence</th></tr>" + list.map { o in
            let x = o.result
            return "<tr><td class=\"\(x.outcome == .contradicted ? "contra" : "")\" title=\"\(x.outcome.rawValue)\">\(esc(Labels.outcome(x.outcome)))</td><td>\(esc(x.claim.figure))</td>"
                + "<td>\(unitKey(x.claim).map { "<a href=\"\(esc(Link.unit($0)))\">\(esc(x.claim.unitName ?? $0))</a>" } ?? esc(x.claim.unitName ?? "–"))</td>"
                + "<td>\(esc(x.claim.asOf.map { Labels.date($0) } ?? "–"))</td>" + "<td class=num>\(o.times)</td><td><a href=\"\(esc(Link.article(x.claim.articleID)))#c\(x.claim.span.first ?? 0)\">\(esc(x.claim.text))</a>"
                + "<br><span class=small>\(esc(x.reason))</span></td></tr>"
        }.joined() + "</table>"
    }

    static func articleList(_ list: [ArticleSummary]) -> String {
        "<ul>" + list.map { "<li><a href=\"\(esc(Link.article($0.id)))\">\(esc($0.title ?? $0.id))</a> <span class=small>\(esc($0.day ?? "undated"))\($0.source.map { " · " + esc($0) } ?? "")</span></li>" }.joined() + "</ul>"
    }

    static func coverageTable(_ rows: [CoverageReport.Row], q: Query, sortBase: String?, uncoveredDistricts: [String: [UnitRef]] = [:]) -> String {
        func head(_ label: String, _ key: String, num: Bool = true) -> String {
            let cls = num ? " class=num" : ""
            guard let sortBase else { return "<th\(cls)>\(label)</th>" }
            let query = URLText.query([("sort", key == "contradictions" ? nil : key), ("from", q.from), ("to", q.to)])
            return "<th\(cls)><a href=\"\(esc(sortBase + (query.isEmpty ? "" : "?" + query)))\">\(label)</a></th>"
        }
        var b = "<table><tr>" + head("Unit", "name", num: false) + head("Articles", "articles") + head("Claims", "claims") + head("Contradictions", "contradictions")
            + head("Latest claim", "latest") + "<th>Latest snapshot</th>" + (uncoveredDistricts.isEmpty ? "" : "<th class=num>Districts not covered</th>") + "</tr>"
        for p in rows {
            b += "<tr><td><a href=\"\(esc(Link.unit(p.key, query: q.periodQuery)))\">\(esc(p.label))</a></td><td class=num>\(p.articles)</td><td class=num>\(p.claims)</td>"
            b += "<td class=\"num \(p.contradictions > 0 ? "contra" : "")\">\(p.contradictions)</td><td>\(esc(p.latestClaim ?? "–"))</td><td>\(esc(p.latestSnapshot ?? "–"))</td>"
            if !uncoveredDistricts.isEmpty { b += "<td class=num>\(uncoveredDistricts[p.key]?.count ?? 0)</td>" }
            b += "</tr>"
        }
        return b + "</table>"
    }
}

extension Dashboard {
    // MARK: Pages

    func overview(_ q: Query) throws -> Response {
        var r = try coverage(from: q.from, to: q.to)
        switch q.sort {
        case "name": r.provinces.sort { ($0.name, $0.key) < ($1.name, $1.key) }
        case "articles": r.provinces.sort { ($0.articles, $1.name) > ($1.articles, $0.name) }
        case "claims": r.provinces.sort { ($0.claims, $1.name) > ($1.claims, $0.name) }
        case "latest": r.provinces.sort { ($0.latestClaim ?? "", $1.name) > ($1.latestClaim ?? "", $0.name) }
        default: break   // contradictions first, then articles
        }
        let periodText = q.from == nil && q.to == nil ? "all time" : "\(q.from ?? "…") to \(q.to ?? "…")"
        let covered = r.provinces.filter { $0.articles > 0 || $0.claims > 0 }.count
        var b = "<h1>Coverage by province</h1>" + Page.periodForm(q, action: "/")
        b += "<p class=summary>\(periodText): <b>\(r.articleTotal)</b> articles (\(r.articlesWithPlace) name a locality) · <b>\(r.claimTotal)</b> count claims"
        b += tracker == nil ? " · no tracker loaded" : " · <b class=\"\(r.contradictionTotal > 0 ? "contra" : "")\">\(r.contradictionTotal)</b> contradict the tracker"
        b += " · \(covered) provinces covered, \(r.uncoveredProvinces.count) not</p>"
        b += TileMap.section(gazetteer: gazetteer, rows: r.provinces, from: q.from.flatMap { Day(iso: $0) }, to: q.to.flatMap { Day(iso: $0) }, query: q.periodQuery)
        if !r.contradicted.isEmpty {
            b += "<h2>Where the figures disagree with the tracker</h2>" + Page.claimsTable(Array(r.contradicted.prefix(pageSize)), unitKey: claimUnitKey)
            if r.contradicted.count > pageSize { b += "<p class=small>\(r.contradicted.count - pageSize) more in <a href=\"/api/coverage\">/api/coverage</a> and on each unit's page.</p>" }
        }
        if !r.weeklyTotal.isEmpty { b += "<h2>Articles per week</h2>" + Page.weekly(r.weeklyTotal) }
        b += "<h2>Articles per province</h2>"
        b += Page.bars(r.provinces.filter { $0.articles > 0 }.map { ($0.label, $0.articles, $0.contradictions > 0, Link.unit($0.key, query: q.periodQuery)) })
        b += Page.coverageTable(r.provinces, q: q, sortBase: "/", uncoveredDistricts: r.uncoveredDistricts)
        b += "<h2>Provinces no article names (\(r.uncoveredProvinces.count))</h2><p>" + r.uncoveredProvinces.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.label))</a>" }.joined(separator: ", ") + "</p>"
        return Page.html(b, title: "Coverage")
    }

    func unit(_ code: String, _ q: Query) throws -> Response {
        guard let v = try unitVersion(code), let versions = gazetteer.units.byCode[v.code] else {
            return Page.html("<h1>No unit with code \(esc(code))</h1><p><a href=\"/\">Back to the overview</a></p>", title: "Not found", status: .notFound)
        }
        let units = gazetteer.units
        var b = "<h1>\(esc(v.typedName)) <span class=small>code \(esc(v.code)) · \(v.level.rawValue) · \(v.validity.description)</span></h1>"
        let parents = units.ancestors(of: v, on: units.dayInside(v, near: nil))
        if !parents.isEmpty { b += "<p class=small>in " + parents.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.typedName))</a>" }.joined(separator: ", ") + "</p>" }
        let successors = Coverage.successors(of: v, units: units)
        if !successors.isEmpty {
            b += "<p class=small>since \(esc(v.validity.to?.iso ?? "")): " + successors.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>"
        }
        if versions.count > 1 {
            b += "<p class=small>code \(esc(v.code)): " + versions.map { units.versions[$0] }.map { x in
                x.key == v.key ? "<b>\(esc(x.typedName)) \(x.validity.description)</b>" : "<a href=\"\(esc(Link.unit(x.key)))\">\(esc(x.typedName))</a> \(x.validity.description)"
            }.joined(separator: "; ") + "</p>"
        }
        b += Page.periodForm(q, action: Link.unit(v.key))
        let r = try coverage(from: q.from, to: q.to)
        if v.level != .commune, let row = Dashboard.row(v.key, level: v.level, in: r) {
            b += "<p class=summary><b>\(row.articles)</b> articles · <b>\(row.claims)</b> count claims · <b class=\"\(row.contradictions > 0 ? "contra" : "")\">\(row.contradictions)</b> contradictions · latest claim \(esc(row.latestClaim ?? "–")) · latest tracker snapshot \(esc(row.latestSnapshot ?? "–"))</p>"
            if !row.weekly.isEmpty { b += "<h2>Articles per week</h2>" + Page.weekly(row.weekly) }
            if !row.districts.isEmpty || !(r.uncoveredDistricts[v.key] ?? []).isEmpty {
                b += "<h2>Các đơn vị cấp huyện</h2>" + TileMap.districtTiles(row.districts, uncovered: r.uncoveredDistricts[v.key] ?? [], query: q.periodQuery)
            }
            if !row.districts.isEmpty { b += "<h2>District-level units</h2>" + Page.coverageTable(row.districts, q: q, sortBase: nil) }
            if let missing = r.uncoveredDistricts[v.key], !missing.isEmpty {
                b += "<h3>Not covered (\(missing.count))</h3><p>" + missing.map { "<a href=\"\(esc(Link.unit($0.key)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>"
            }
        }
        let results = try unitClaims(v, q)
        if !results.isEmpty { b += "<h2>Claims against the tracker</h2>" }
        var bySeries: [String: [ClaimOutcome]] = [:]
        for x in results { bySeries["\(x.result.claim.level) · \(x.result.claim.activity)", default: []].append(x) }
        for (key, list) in bySeries.sorted(by: { $0.key < $1.key }) {
            guard let first = list.first?.result.claim else { continue }
            let snaps = snapshots(v, level: first.level, activity: first.activity)
            b += "<h3>\(esc(key))</h3>" + HTMLReport.chart(snaps: snaps, claims: list.map(\.result))
            b += Page.claimsTable(Array(list.prefix(200)), unitKey: claimUnitKey)
            if list.count > 200 { b += "<p class=small>\(list.count - 200) more in <a href=\"\(esc(Link.apiUnit(v.key)))\">\(esc(Link.apiUnit(v.key)))</a>.</p>" }
        }
        if !results.isEmpty { b += "<p class=small>A claim made in several articles is one row; Times says how often, the sentence is its first occurrence.</p>" }
        let arts = try store.articles(about: v.key, level: v.level.rawValue, from: q.from, to: q.to, limit: pageSize, offset: (q.page - 1) * pageSize)
        let base = Link.unit(v.key, query: q.periodQuery)
        b += "<h2>Articles (\(arts.total))</h2>" + Page.articleList(arts.page) + Page.pager(total: arts.total, page: q.page, size: pageSize, base: base)
        if arts.total == 0 && results.isEmpty { b += "<p>No article names this unit\(q.periodQuery.isEmpty ? "" : " in the period").</p>" }
        return Page.html(b, title: v.typedName)
    }

    /// The key of the unit version a claim is about (on its as-of date, else its article's).
    func claimUnitKey(_ c: Claim) -> String? { c.unitCode.map { versionKey($0, on: c.asOf ?? c.published) } }

    func article(_ id: String) throws -> Response {
        guard let a = try store.article(id: id) else {
            return Page.html("<h1>No article \(esc(id))</h1><p><a href=\"/\">Back to the overview</a></p>", title: "Not found", status: .notFound)
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
        var b = "<h1>\(esc(a.title ?? a.id))</h1><p class=small>\(esc(a.published ?? "undated")) · \(esc(a.source ?? "")) "
        if let url = a.url, url.hasPrefix("http://") || url.hasPrefix("https://") { b += "· <a href=\"\(esc(url))\" rel=\"noopener noreferrer\">original</a> " }
        b += "· <a href=\"\(esc(Link.apiArticle(a.id)))\">facts (JSON)</a></p>"
        if !named.isEmpty { b += "<p class=small>Units: " + named.map { "<a href=\"\(esc(Link.unit($0.code)))\">\(esc($0.name))</a>" }.joined(separator: ", ") + "</p>" }
        b += "<p class=small><mark class=count>count</mark> <mark class=document>document</mark> <mark class=date>date</mark> <mark class=unit>unit</mark> <mark class=term>term</mark> (hover for the record)</p>"
        let warnings = facts["warnings"] as? [[String: Any]] ?? []
        if !warnings.isEmpty { b += "<h3>Warnings</h3><ul>" + warnings.map { "<li>\(esc($0["code"] as? String ?? "")): \(esc($0["message"] as? String ?? ""))</li>" }.joined() + "</ul>" }
        b += "<pre class=article>\(text)</pre>"
        return Page.html(b, title: a.title ?? a.id)
    }

    func search(_ q: Query) throws -> Response {
        var b = "<h1>Search: \(esc(q.text))</h1>"
        guard !q.text.trimmingCharacters(in: .whitespaces).isEmpty else { return Page.html(b + "<p>Type a unit or a title.</p>", title: "Search") }
        try store.ensureRollups(gazetteer: gazetteer)
        let r = try store.search(q.text, limit: pageSize, offset: (q.page - 1) * pageSize)
        let known = gazetteerMatches(q.text)
        if !known.isEmpty {
            b += "<h2>Administrative units</h2><ul>" + known.map { v in
                "<li><a href=\"\(esc(Link.unit(v.key)))\">\(esc(v.typedName))</a> <span class=small>\(esc(gazetteer.units.ancestors(of: v, on: v.validity.from ?? v.validity.to?.adding(days: -1)).map(\.typedName).joined(separator: ", "))) \(v.validity.description)</span></li>"
            }.joined() + "</ul>"
        }
        b += "<h2>Units named in articles</h2><ul>" + r.units.map { u in
            "<li>" + ((u.version ?? u.code).map { "<a href=\"\(esc(Link.unit($0)))\">\(esc(u.name))</a>" } ?? esc(u.name)) + " <span class=small>\(u.articles) article(s)</span></li>"
        }.joined() + "</ul><h2>Articles (\(r.articleTotal))</h2>" + Page.articleList(r.articles)
        b += Page.pager(total: r.articleTotal, page: q.page, size: pageSize, base: Link.search(q.text))
        return Page.html(b, title: "Search")
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
