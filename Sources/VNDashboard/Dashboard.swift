import Foundation
import Hummingbird
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// The press office's dashboard: read-only pages and a JSON API over the store.
///
/// Routes: `/` (coverage per province, contradictions first, a bar chart), `/units/{code}` (claims
/// over time against the tracker, articles), `/articles/{id}` (the text with every fact
/// highlighted), `/search?q=` (titles and units, diacritics optional), `/api/coverage`,
/// `/api/units/{code}`, `/api/articles/{id}`, `/api/search?q=`; anything else is a 404 page.
public struct Dashboard: Sendable {
    let store: Store
    let gazetteer: Gazetteer
    let tracker: Tracker?

    public init(store: Store, gazetteer: Gazetteer, tracker: Tracker?) {
        self.store = store; self.gazetteer = gazetteer; self.tracker = tracker
    }

    static func html(_ body: String, title: String, status: HTTPResponse.Status = .ok) -> Response {
        let page = """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>\(esc(title)) · vnfacts</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222}header{background:#173a6b;color:#fff;padding:.6em 1.2em}
        header a{color:#fff;text-decoration:none;font-weight:600;margin-right:1.2em}main{max-width:68em;margin:1.2em auto;padding:0 1em}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.35em;text-align:left}th a{color:#222}
        .contra{color:#a40000;font-weight:600}mark{border-radius:.2em;padding:0 .1em}mark.count{background:#ffe08a}mark.date{background:#cde8ff}
        mark.unit{background:#d6f5d6}mark.document{background:#f2d9ff}mark.term{background:#eee}pre.article{white-space:pre-wrap;font:inherit}
        .small{color:#666;font-size:.85em}form{display:inline}input[type=search]{padding:.3em;width:16em}
        </style></head><body><header><a href="/">vnfacts</a><form action="/search"><input type="search" name="q" placeholder="Tìm đơn vị, tiêu đề (kim son)"></form></header>
        <main>\(body)</main></body></html>
        """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: v.serialized())))
    }

    static func esc(_ s: String) -> String { HTMLReport.escape(s) }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let d = self
        router.get("/") { req, _ in try d.overview(sort: req.uri.queryParameters.get("sort")) }
        router.get("/units/:code") { _, ctx in try d.unit(ctx.parameters.get("code") ?? "") }
        router.get("/articles/:id") { _, ctx in try d.article(ctx.parameters.get("id") ?? "") }
        router.get("/search") { req, _ in try d.search(req.uri.queryParameters.get("q") ?? "") }
        router.get("/api/coverage") { _, _ in try Dashboard.json(d.coverageJSON()) }
        router.get("/api/units/:code") { _, ctx in try d.unitJSON(ctx.parameters.get("code") ?? "") }
        router.get("/api/articles/:id") { _, ctx in try d.articleJSON(ctx.parameters.get("id") ?? "") }
        router.get("/api/search") { req, _ in try d.searchJSON(req.uri.queryParameters.get("q") ?? "") }
        return router
    }

    /// A 404 page that links home, for every route the router does not know.
    public struct NotFound<Context: RequestContext>: RouterMiddleware {
        public init() {}
        public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let e as HTTPError where e.status == .notFound {
                return Dashboard.html("<h1>Không tìm thấy — not found</h1><p>Nothing at <code>\(Dashboard.esc(request.uri.path))</code>. <a href=\"/\">Back to the overview</a>.</p>", title: "Not found", status: .notFound)
            }
        }
    }

    public func application(host: String, port: Int) -> some ApplicationProtocol {
        let r = router()
        r.middlewares.add(NotFound<BasicRequestContext>())
        return Application(router: r, configuration: .init(address: .hostname(host, port: port), serverName: "vnfacts"))
    }

    // MARK: Pages

    func coverage() throws -> CoverageReport { try Coverage.compute(store: store, gazetteer: gazetteer, tracker: tracker, from: nil, to: nil) }

    func overview(sort: String?) throws -> Response {
        var r = try coverage()
        switch sort {
        case "name": r.provinces.sort { $0.name < $1.name }
        case "articles": r.provinces.sort { $0.articles > $1.articles }
        case "claims": r.provinces.sort { $0.claims > $1.claims }
        case "latest": r.provinces.sort { ($0.latestClaim ?? "") > ($1.latestClaim ?? "") }
        default: break   // contradictions first
        }
        var b = "<h1>Coverage by province</h1>"
        let maxArticles = max(1, r.provinces.map(\.articles).max() ?? 1)
        b += "<svg width=\"640\" height=\"\(r.provinces.count * 18 + 10)\" role=\"img\" aria-label=\"articles per province\">"
        for (i, p) in r.provinces.enumerated() {
            let w = Double(p.articles) / Double(maxArticles) * 420
            b += "<text x=\"0\" y=\"\(i * 18 + 13)\" font-size=\"11\">\(Dashboard.esc(p.name))</text><rect x=\"190\" y=\"\(i * 18 + 3)\" width=\"\(String(format: "%.1f", w))\" height=\"12\" fill=\"\(p.contradictions > 0 ? "#d11" : "#2463b5")\"/>"
            b += "<text x=\"\(Int(196 + w))\" y=\"\(i * 18 + 13)\" font-size=\"10\" fill=\"#555\">\(p.articles)</text>"
        }
        b += "</svg><table><tr><th><a href=\"/?sort=name\">Province</a></th><th><a href=\"/?sort=articles\">Articles</a></th><th><a href=\"/?sort=claims\">Claims</a></th><th><a href=\"/\">Contradictions</a></th><th><a href=\"/?sort=latest\">Latest claim</a></th><th>Latest snapshot</th></tr>"
        for p in r.provinces {
            b += "<tr><td><a href=\"/units/\(Dashboard.esc(p.code))\">\(Dashboard.esc(p.name))</a></td><td>\(p.articles)</td><td>\(p.claims)</td><td class=\"\(p.contradictions > 0 ? "contra" : "")\">\(p.contradictions)</td><td>\(p.latestClaim ?? "–")</td><td>\(p.latestSnapshot ?? "–")</td></tr>"
        }
        b += "</table><p class=small>\(r.uncoveredProvinces.count) provinces no article names: " + r.uncoveredProvinces.map { "<a href=\"/units/\($0.code)\">\(Dashboard.esc($0.name))</a>" }.joined(separator: ", ") + "</p>"
        return Dashboard.html(b, title: "Coverage")
    }

    func unitClaims(_ code: String) throws -> [ClaimResult] {
        let claims = try store.claims().filter { $0.unitCode == code }
        return Reconciler.run(claims: claims, tracker: tracker ?? Tracker()).results
    }

    func unit(_ code: String) throws -> Response {
        guard let versions = gazetteer.units.byCode[code], let v = versions.last.map({ gazetteer.units.versions[$0] }) else {
            return Dashboard.html("<h1>No unit with code \(Dashboard.esc(code))</h1><p><a href=\"/\">Back to the overview</a></p>", title: "Not found", status: .notFound)
        }
        var b = "<h1>\(Dashboard.esc(v.typedName)) <span class=small>code \(Dashboard.esc(code))</span></h1>"
        if versions.count > 1 {
            b += "<p class=small>" + versions.map { gazetteer.units.versions[$0] }.map { "\(Dashboard.esc($0.typedName)) \($0.validity.description)" }.joined(separator: "; ") + "</p>"
        }
        let results = try unitClaims(code)
        var bySeries: [String: [ClaimResult]] = [:]
        for x in results { bySeries["\(x.claim.level) · \(x.claim.activity)", default: []].append(x) }
        for key in bySeries.keys.sorted() {
            let list = bySeries[key]!
            let snaps = tracker?.series(Tracker.SeriesKey(unit: code, level: list[0].claim.level, activity: list[0].claim.activity)) ?? []
            b += "<h3>\(Dashboard.esc(key))</h3>" + HTMLReport.chart(snaps: snaps, claims: list)
            b += "<table><tr><th>Outcome</th><th>Claim</th><th>As of</th><th>Sentence</th></tr>" + list.map { x in
                "<tr><td class=\"\(x.outcome == .contradicted ? "contra" : "")\">\(x.outcome.rawValue)</td><td>\(Dashboard.esc(x.claim.figure))</td><td>\(Dashboard.esc(x.claim.asOf ?? "–"))</td><td><a href=\"/articles/\(Dashboard.esc(x.claim.articleID))\">\(Dashboard.esc(x.claim.text))</a><br><span class=small>\(Dashboard.esc(x.reason))</span></td></tr>"
            }.joined() + "</table>"
        }
        let arts = try store.articles(naming: code)
        b += "<h2>Articles</h2><ul>" + arts.map { "<li><a href=\"/articles/\(Dashboard.esc($0.id))\">\(Dashboard.esc($0.title ?? $0.id))</a> <span class=small>\(Dashboard.esc($0.published ?? "undated"))</span></li>" }.joined() + "</ul>"
        if arts.isEmpty && results.isEmpty { b += "<p>No article names this unit.</p>" }
        return Dashboard.html(b, title: v.typedName)
    }

    func article(_ id: String) throws -> Response {
        guard let a = try store.article(id: id) else {
            return Dashboard.html("<h1>No article \(Dashboard.esc(id))</h1><p><a href=\"/\">Back to the overview</a></p>", title: "Not found", status: .notFound)
        }
        let facts = (try? JSONSerialization.jsonObject(with: Data(a.factsJSON.utf8)) as? [String: Any]) ?? [:]
        var marks: [(start: Int, end: Int, type: String, record: String)] = []
        for (key, type) in [("counts", "count"), ("documents", "document"), ("dates", "date"), ("units", "unit"), ("terms", "term")] {
            for item in facts[key] as? [[String: Any]] ?? [] {
                guard let span = item["span"] as? [NSNumber], span.count == 2 else { continue }
                let record = (try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
                marks.append((span[0].intValue, span[1].intValue, type, record))
            }
        }
        // Outermost first; a span inside one already marked is left to the outer one's record.
        marks.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var text = ""
        var pos = 0
        let bytes = a.text
        for m in marks where m.start >= pos && m.end <= bytes.count && m.start < m.end {
            text += Dashboard.esc(String(decoding: bytes[pos..<m.start], as: UTF8.self))
            text += "<mark class=\"\(m.type)\" title=\"\(Dashboard.esc(m.record))\">" + Dashboard.esc(String(decoding: bytes[m.start..<m.end], as: UTF8.self)) + "</mark>"
            pos = m.end
        }
        text += Dashboard.esc(String(decoding: bytes[min(pos, bytes.count)...], as: UTF8.self))
        var b = "<h1>\(Dashboard.esc(a.title ?? a.id))</h1><p class=small>\(Dashboard.esc(a.published ?? "undated")) · \(Dashboard.esc(a.source ?? "")) "
        if let url = a.url, url.hasPrefix("http://") || url.hasPrefix("https://") { b += "· <a href=\"\(Dashboard.esc(url))\" rel=\"noopener noreferrer\">original</a>" }
        b += "</p><p class=small><mark class=count>count</mark> <mark class=document>document</mark> <mark class=date>date</mark> <mark class=unit>unit</mark> <mark class=term>term</mark> (hover for the record)</p>"
        let warnings = facts["warnings"] as? [[String: Any]] ?? []
        if !warnings.isEmpty { b += "<h3>Warnings</h3><ul>" + warnings.map { "<li>\(Dashboard.esc($0["code"] as? String ?? "")): \(Dashboard.esc($0["message"] as? String ?? ""))</li>" }.joined() + "</ul>" }
        b += "<pre class=article>\(text)</pre>"
        return Dashboard.html(b, title: a.title ?? a.id)
    }

    func search(_ q: String) throws -> Response {
        var b = "<h1>Search: \(Dashboard.esc(q))</h1>"
        guard !q.trimmingCharacters(in: .whitespaces).isEmpty else { return Dashboard.html(b + "<p>Type a unit or a title.</p>", title: "Search") }
        let r = try store.search(q)
        b += "<h2>Units</h2><ul>" + r.units.map { u in
            "<li>" + (u.code.map { "<a href=\"/units/\(Dashboard.esc($0))\">\(Dashboard.esc(u.name))</a>" } ?? Dashboard.esc(u.name)) + " <span class=small>\(u.articles) article(s)</span></li>"
        }.joined() + "</ul><h2>Articles</h2><ul>" + r.articles.map { "<li><a href=\"/articles/\(Dashboard.esc($0.id))\">\(Dashboard.esc($0.title ?? $0.id))</a> <span class=small>\(Dashboard.esc($0.published ?? ""))</span></li>" }.joined() + "</ul>"
        return Dashboard.html(b, title: "Search")
    }

    // MARK: API

    func coverageJSON() throws -> JSONValue {
        let r = try coverage()
        return .object([("provinces", .array(r.provinces.map { p in .object([
            ("code", .string(p.code)), ("name", .string(p.name)), ("articles", .int(p.articles)), ("claims", .int(p.claims)),
            ("contradictions", .int(p.contradictions)), ("latestClaim", .optional(p.latestClaim)), ("latestSnapshot", .optional(p.latestSnapshot)),
        ]) })), ("uncoveredProvinces", .array(r.uncoveredProvinces.map { .string($0.code) }))])
    }

    func unitJSON(_ code: String) throws -> Response {
        guard gazetteer.units.byCode[code] != nil else { return Dashboard.json(.object([("error", .string("no unit with code \(code)"))]), status: .notFound) }
        let results = try unitClaims(code)
        return Dashboard.json(.object([
            ("code", .string(code)),
            ("claims", .array(results.map { .object([("outcome", .string($0.outcome.rawValue)), ("article", .string($0.claim.articleID)),
                                                    ("figure", .string($0.claim.figure)), ("asOf", .optional($0.claim.asOf)), ("text", .string($0.claim.text))]) })),
            ("articles", .array(try store.articles(naming: code).map { .object([("id", .string($0.id)), ("title", .optional($0.title)), ("published", .optional($0.published))]) })),
        ]))
    }

    func articleJSON(_ id: String) throws -> Response {
        guard let a = try store.article(id: id) else { return Dashboard.json(.object([("error", .string("no article \(id)"))]), status: .notFound) }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: a.factsJSON)))
    }

    func searchJSON(_ q: String) throws -> Response {
        let r = try store.search(q)
        return Dashboard.json(.object([
            ("units", .array(r.units.map { .object([("name", .string($0.name)), ("code", .optional($0.code)), ("articles", .int($0.articles))]) })),
            ("articles", .array(r.articles.map { .object([("id", .string($0.id)), ("title", .optional($0.title)), ("published", .optional($0.published))]) })),
        ]))
    }
}
