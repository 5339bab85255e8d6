import Foundation
import Hummingbird
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// The press office's dashboard: read-only pages and a JSON API over the store.
///
/// Routes: `/` (coverage per province, contradictions first, charts; `?from=&to=&sort=`),
/// `/units/{code}` (claims over time against the tracker, districts, articles; `?page=`),
/// `/articles/{id}` (the text with every fact highlighted), `/search?q=` (titles and units,
/// diacritics optional; `?page=`), and the JSON behind them: `/api/coverage`, `/api/units/{code}`,
/// `/api/articles/{id}`, `/api/search?q=`. Anything else is a 404 page that links home.
///
/// Coverage is computed from the store's roll-ups and cached until the store changes (its
/// generation number), so the overview stays fast on large stores.
public struct Dashboard: Sendable {
    let store: Store
    let gazetteer: Gazetteer
    let tracker: Tracker?
    let trackerLatest: [String: String]
    let cache = CoverageCache()
    /// The latest version of every unit code with its name and typed name folded, for search.
    let unitNames: [(name: String, typed: String, version: Int)]
    /// Rows per page in lists.
    public var pageSize = 50

    public init(store: Store, gazetteer: Gazetteer, tracker: Tracker?) {
        self.store = store; self.gazetteer = gazetteer; self.tracker = tracker
        trackerLatest = tracker.map { Coverage.trackerLatest($0, units: gazetteer.units) } ?? [:]
        unitNames = gazetteer.units.byCode.values.compactMap { $0.last }.map { i in
            let v = gazetteer.units.versions[i]
            return (Folding.plain(v.canonicalName), Folding.plain(v.typedName), i)
        }
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let d = self
        router.get("/") { req, _ in try d.overview(Query(req)) }
        router.get("/units/:code") { req, ctx in try d.unit(ctx.parameters.get("code") ?? "", Query(req)) }
        router.get("/articles/:id") { _, ctx in try d.article(ctx.parameters.get("id") ?? "") }
        router.get("/search") { req, _ in try d.search(Query(req)) }
        router.get("/api/coverage") { req, _ in try d.coverageJSON(Query(req)) }
        router.get("/api/units/:code") { req, ctx in try d.unitJSON(ctx.parameters.get("code") ?? "", Query(req)) }
        router.get("/api/articles/:id") { _, ctx in try d.articleJSON(ctx.parameters.get("id") ?? "") }
        router.get("/api/search") { req, _ in try d.searchJSON(Query(req)) }
        return router
    }

    /// A 404 page that links home, for every route the router does not know.
    public struct NotFound<Context: RequestContext>: RouterMiddleware {
        public init() {}
        public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let e as HTTPError where e.status == .notFound {
                return Page.html("<h1>Không tìm thấy — not found</h1><p>Nothing at <code>\(esc(request.uri.path))</code>. <a href=\"/\">Back to the overview</a>.</p>", title: "Not found", status: .notFound)
            }
        }
    }

    public func application(host: String, port: Int) -> some ApplicationProtocol {
        let r = router()
        r.middlewares.add(NotFound<BasicRequestContext>())
        return Application(router: r, configuration: .init(address: .hostname(host, port: port), serverName: "vnfacts"))
    }

    /// The coverage of a period: from the cache while the store has not changed; articles stored
    /// since the last roll-up (an ingest running beside the dashboard) are rolled up first.
    public func coverage(from: String?, to: String?) throws -> CoverageReport {
        try store.ensureRollups(gazetteer: gazetteer)
        let generation = try store.generation()
        return try cache.get(generation: generation, key: "\(from ?? "")|\(to ?? "")") {
            try Coverage.compute(store: store, gazetteer: gazetteer, tracker: tracker, from: from, to: to, trackerLatest: trackerLatest)
        }
    }

    /// The latest version of a unit, and whether the code is known.
    func unitVersion(_ code: String) -> UnitVersion? {
        gazetteer.units.byCode[code]?.last.map { gazetteer.units.versions[$0] }
    }

    /// The distinct claims about a unit with their outcomes against the tracker.
    func unitClaims(_ code: String, _ q: Query) throws -> [ClaimOutcome] {
        try store.claimOutcomes(unitCodes: [code], unitKeys: [], from: q.from, to: q.to, tracker: tracker ?? Tracker())
    }

    // MARK: API

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: v.serialized() + "\n")))
    }

    static func badRequest(_ message: String) -> Response { json(.object([("error", .string(message))]), status: .badRequest) }

    static func rowJSON(_ x: CoverageReport.Row) -> JSONValue {
        .object([("code", .string(x.code)), ("name", .string(x.name)), ("level", .string(x.level)), ("articles", .int(x.articles)),
                 ("claims", .int(x.claims)), ("contradictions", .int(x.contradictions)), ("latestClaim", .optional(x.latestClaim)),
                 ("latestSnapshot", .optional(x.latestSnapshot)),
                 ("weekly", .object(x.weekly.keys.sorted().map { ($0, .int(x.weekly[$0]!)) })),
                 ("districts", .array(x.districts.map(rowJSON)))])
    }

    /// A distinct claim as the API gives it (`article`, `text` and `span`: its first occurrence;
    /// `times`: how many claims alike it stands for).
    static func claimJSON(_ o: ClaimOutcome) -> JSONValue {
        let x = o.result
        return .object([("outcome", .string(x.outcome.rawValue)), ("article", .string(x.claim.articleID)), ("figure", .string(x.claim.figure)),
                 ("unit", .optional(x.claim.unitName)), ("unitCode", .optional(x.claim.unitCode)), ("level", .string(x.claim.level)),
                 ("activity", .string(x.claim.activity)), ("asOf", .optional(x.claim.asOf)), ("text", .string(x.claim.text)),
                 ("span", .array(x.claim.span.map { .int($0) })), ("reason", .string(x.reason)), ("times", .int(o.times))])
    }

    static func summaryJSON(_ a: ArticleSummary) -> JSONValue {
        .object([("id", .string(a.id)), ("title", .optional(a.title)), ("published", .optional(a.published)), ("day", .optional(a.day)), ("source", .optional(a.source))])
    }

    func coverageJSON(_ q: Query) throws -> Response {
        if let e = q.error { return Dashboard.badRequest(e) }
        let r = try coverage(from: q.from, to: q.to)
        return Dashboard.json(.object([
            ("from", .optional(r.from)), ("to", .optional(r.to)),
            ("articles", .int(r.articleTotal)), ("articlesWithPlace", .int(r.articlesWithPlace)),
            ("claims", .int(r.claimTotal)), ("contradictions", .int(r.contradictionTotal)),
            ("provinces", .array(r.provinces.map(Dashboard.rowJSON))),
            ("weekly", .object(r.weeklyTotal.keys.sorted().map { ($0, .int(r.weeklyTotal[$0]!)) })),
            ("contradicted", .array(r.contradicted.map(Dashboard.claimJSON))),
            ("uncoveredProvinces", .array(r.uncoveredProvinces.map { .object([("code", .string($0.code)), ("name", .string($0.name))]) })),
            ("uncoveredDistricts", .object(r.uncoveredDistricts.keys.sorted().map { k in
                (k, .array(r.uncoveredDistricts[k]!.map { .object([("code", .string($0.code)), ("name", .string($0.name))]) })) })),
        ]))
    }

    func unitJSON(_ code: String, _ q: Query) throws -> Response {
        if let e = q.error { return Dashboard.badRequest(e) }
        guard let v = unitVersion(code) else { return Dashboard.json(.object([("error", .string("no unit with code \(code)"))]), status: .notFound) }
        let results = try unitClaims(code, q)
        let arts = try store.articles(about: code, level: v.level.rawValue, from: q.from, to: q.to, limit: q.limit(pageSize), offset: q.offset(pageSize))
        var fields: [(String, JSONValue)] = [
            ("code", .string(code)), ("name", .string(v.typedName)), ("level", .string(v.level.rawValue)), ("parent", .optional(v.parentCode)),
            ("claims", .array(results.map(Dashboard.claimJSON))),
            ("articleTotal", .int(arts.total)), ("offset", .int(q.offset(pageSize))), ("articles", .array(arts.page.map(Dashboard.summaryJSON))),
        ]
        if v.level != .commune, let row = Dashboard.row(code, level: v.level, in: try coverage(from: q.from, to: q.to)) { fields.append(("coverage", Dashboard.rowJSON(row))) }
        return Dashboard.json(.object(fields))
    }

    /// A province's or district's row of the coverage report (nil when nothing covers it).
    static func row(_ code: String, level: UnitLevel, in r: CoverageReport) -> CoverageReport.Row? {
        if level == .province { return r.provinces.first { $0.code == code } }
        return r.provinces.lazy.flatMap(\.districts).first { $0.code == code }
    }

    func articleJSON(_ id: String) throws -> Response {
        guard let a = try store.article(id: id) else { return Dashboard.json(.object([("error", .string("no article \(id)"))]), status: .notFound) }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: a.factsJSON)))
    }

    func searchJSON(_ q: Query) throws -> Response {
        try store.ensureRollups(gazetteer: gazetteer)
        let r = try store.search(q.text, limit: q.limit(pageSize), offset: q.offset(pageSize))
        return Dashboard.json(.object([
            ("query", .string(q.text)),
            ("units", .array(r.units.map { .object([("name", .string($0.name)), ("code", .optional($0.code)), ("articles", .int($0.articles))]) })),
            ("articleTotal", .int(r.articleTotal)), ("offset", .int(q.offset(pageSize))),
            ("articles", .array(r.articles.map(Dashboard.summaryJSON))),
        ]))
    }
}

/// What a request's query string says: a period, a page, a sort, a search text.
struct Query {
    var from: String?
    var to: String?
    var page = 1
    var limitParameter: Int?
    var offsetParameter: Int?
    var sort: String?
    var text = ""
    /// Why the query cannot be used (a malformed date).
    var error: String?

    init(_ req: Request) {
        let p = req.uri.queryParameters
        func value(_ k: String) -> String? { p.get(k).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        for (k, v) in [("from", value("from")), ("to", value("to"))] {
            guard let v else { continue }
            if Day(iso: v) == nil { error = "\(k)=\(v) is not a date (YYYY-MM-DD)" } else if k == "from" { from = v } else { to = v }
        }
        page = max(1, value("page").flatMap { Int($0) } ?? 1)
        limitParameter = value("limit").flatMap { Int($0) }.map { min(max($0, 1), 500) }
        offsetParameter = value("offset").flatMap { Int($0) }.map { max($0, 0) }
        sort = value("sort")
        text = p.get("q") ?? ""
    }

    func limit(_ pageSize: Int) -> Int { limitParameter ?? pageSize }
    func offset(_ pageSize: Int) -> Int { offsetParameter ?? (page - 1) * limit(pageSize) }

    /// The period as a query string to carry over to links ("from=…&to=…"), or "".
    var periodQuery: String {
        [("from", from), ("to", to)].compactMap { k, v in v.map { "\(k)=\($0)" } }.joined(separator: "&")
    }
}

/// Coverage reports by period, kept while the store's generation stays the same.
final class CoverageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = -1
    private var reports: [String: CoverageReport] = [:]

    func get(generation g: Int, key: String, compute: () throws -> CoverageReport) throws -> CoverageReport {
        lock.lock()
        if generation != g { reports = [:]; generation = g }
        if let r = reports[key] { lock.unlock(); return r }
        lock.unlock()
        let r = try compute()
        lock.lock()
        if generation == g {
            if reports.count > 64 { reports = [:] }
            reports[key] = r
        }
        lock.unlock()
        return r
    }
}

func esc(_ s: String) -> String { HTMLReport.escape(s) }
