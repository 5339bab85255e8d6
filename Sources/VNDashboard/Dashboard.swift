import Foundation
import Hummingbird
import VNCoverage
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// The press office's dashboard: read-only pages and a JSON API over the store.
///
/// Routes: `/` (coverage per province, contradictions first, charts; `?from=&to=&sort=`),
/// `/units/{code}` (claims over time against the tracker, districts, articles; `?page=`),
/// `/articles/{id}` (the text with every fact highlighted), `/search?q=` (titles and units,
/// diacritics optional; `?page=`), `/static/style.css`, and the JSON behind them:
/// `/api/coverage`, `/api/units/{code}`, `/api/articles/{id}`, `/api/search?q=`. A code or id is
/// one percent-encoded path segment (`/` as `%2F`), or `?id=` on `/units`, `/articles`. GET and
/// HEAD only; an error is JSON `{"error": …}` under `/api/`, else a page that links home (see
/// HTTP.swift).
///
/// Coverage is computed from the store's roll-ups and cached until the store changes (its
/// generation number), so the overview stays fast on large stores. Any store backend serves it
/// (an SQLite file, read-only or not, or PostgreSQL with a role that may only read).
///
/// A unit is a version (a code over an interval: the 2025 reform reused codes): `/units/15@2004-08-31`
/// is tỉnh Yên Bái, `/units/15@2025-07-01` tỉnh Lào Cai; a bare code is its latest version.
public struct Dashboard: Sendable {
    let store: any FactStore
    let gazetteer: Gazetteer
    let tracker: Tracker?
    let trackerLatest: [String: String]
    let cache = CoverageCache()
    /// Every unit version with its name and typed name folded, for search.
    let unitNames: [(name: String, typed: String, version: Int)]
    /// Rows per page in lists.
    public var pageSize = 50
    /// Timeouts and sizes the server keeps to.
    public var limits = ServerLimits()

    public init(store: any FactStore, gazetteer: Gazetteer, tracker: Tracker?) {
        self.store = store; self.gazetteer = gazetteer; self.tracker = tracker
        trackerLatest = tracker.map { Coverage.trackerLatest($0, units: gazetteer.units) } ?? [:]
        unitNames = gazetteer.units.versions.indices.map { i in
            let v = gazetteer.units.versions[i]
            return (Folding.plain(v.canonicalName), Folding.plain(v.typedName), i)
        }
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

    /// The unit version a path names: a key ("15@2004-08-31"), or a bare code: its latest version
    /// the store has articles or claims about, else its latest version.
    func unitVersion(_ key: String) throws -> UnitVersion? {
        let units = gazetteer.units
        if key.contains("@") { return units.version(key: key) }
        guard let idxs = units.byCode[key] else { return nil }
        let versions = idxs.map { units.versions[$0] }.sorted { ($0.validity.from ?? Day.min) > ($1.validity.from ?? Day.min) }
        guard versions.count > 1 else { return versions.first }
        let r = try coverage(from: nil, to: nil)
        for v in versions {
            if v.level == .commune {
                if try store.articles(about: v.key, level: v.level.rawValue, from: nil, to: nil, limit: 1, offset: 0).total > 0 { return v }
            } else if let row = Dashboard.row(v.key, level: v.level, in: r), row.articles > 0 || row.claims > 0 {
                return v
            }
        }
        return versions.first
    }

    /// The key of the version of `code` valid on a date ("2020-03-02", "2020-03"), else its latest.
    func versionKey(_ code: String, on date: String?) -> String {
        let day = date.flatMap { Day(iso: $0) ?? Day(iso: $0 + "-01") }
        return gazetteer.units.version(code: code, onOrLatest: day)?.key ?? code
    }

    /// The distinct claims about a unit version with their outcomes against the tracker.
    func unitClaims(_ v: UnitVersion, _ q: Query) throws -> [ClaimOutcome] {
        try Coverage.claimOutcomes(store: store, version: v, units: gazetteer.units, from: q.from, to: q.to, tracker: tracker ?? Tracker())
    }

    /// The tracker's snapshots of a series within a unit version's validity.
    func snapshots(_ v: UnitVersion, level: String, activity: String) -> [Snapshot] {
        (tracker?.series(Tracker.SeriesKey(unit: v.code, level: level, activity: activity)) ?? []).filter { v.validity.contains($0.asOf) }
    }

    // MARK: API

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: v.serialized() + "\n")))
    }

    static func refJSON(_ u: UnitRef) -> JSONValue {
        .object([("code", .string(u.code)), ("name", .string(u.name)), ("key", .string(u.key)), ("validFrom", .optional(u.validFrom)), ("validTo", .optional(u.validTo)),
                 ("successors", .array(u.successors.map(refJSON)))])
    }

    static func rowJSON(_ x: CoverageReport.Row) -> JSONValue {
        .object([("code", .string(x.code)), ("name", .string(x.name)), ("level", .string(x.level)),
                 ("key", .string(x.key)), ("validFrom", .optional(x.validFrom)), ("validTo", .optional(x.validTo)),
                 ("successors", .array(x.successors.map(refJSON))), ("articles", .int(x.articles)),
                 ("claims", .int(x.claims)), ("contradictions", .int(x.contradictions)), ("latestClaim", .optional(x.latestClaim)),
                 ("latestSnapshot", .optional(x.latestSnapshot)),
                 ("weekly", .object(x.weekly.keys.sorted().map { ($0, .int(x.weekly[$0] ?? 0)) })),
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
        let r = try coverage(from: q.from, to: q.to)
        return Dashboard.json(.object([
            ("from", .optional(r.from)), ("to", .optional(r.to)),
            ("articles", .int(r.articleTotal)), ("articlesWithPlace", .int(r.articlesWithPlace)),
            ("claims", .int(r.claimTotal)), ("contradictions", .int(r.contradictionTotal)),
            ("provinces", .array(r.provinces.map(Dashboard.rowJSON))),
            ("weekly", .object(r.weeklyTotal.keys.sorted().map { ($0, .int(r.weeklyTotal[$0] ?? 0)) })),
            ("contradicted", .array(r.contradicted.map(Dashboard.claimJSON))),
            ("uncoveredProvinces", .array(r.uncoveredProvinces.map(Dashboard.refJSON))),
            ("uncoveredDistricts", .object(r.uncoveredDistricts.keys.sorted().map { k in (k, .array((r.uncoveredDistricts[k] ?? []).map(Dashboard.refJSON))) })),
        ]))
    }

    func unitJSON(_ code: String, _ q: Query) throws -> Response {
        guard let v = try unitVersion(code) else { return Dashboard.json(.object([("error", .string("no unit with code \(code)"))]), status: .notFound) }
        let results = try unitClaims(v, q)
        let arts = try store.articles(about: v.key, level: v.level.rawValue, from: q.from, to: q.to, limit: q.limit(pageSize), offset: q.offset(pageSize))
        let parent = gazetteer.units.ancestors(of: v, on: gazetteer.units.dayInside(v, near: nil)).first
        var fields: [(String, JSONValue)] = [
            ("code", .string(v.code)), ("name", .string(v.typedName)), ("level", .string(v.level.rawValue)), ("parent", .optional(v.parentCode)),
            ("key", .string(v.key)), ("validFrom", .optional(v.validity.from?.iso)), ("validTo", .optional(v.validity.to?.iso)),
            ("parentKey", .optional(parent?.key)), ("successors", .array(Coverage.successors(of: v, units: gazetteer.units).map(Dashboard.refJSON))),
            ("versions", .array((gazetteer.units.byCode[v.code] ?? []).map { Dashboard.refJSON(UnitRef(gazetteer.units.versions[$0])) })),
            ("claims", .array(results.map(Dashboard.claimJSON))),
            ("articleTotal", .int(arts.total)), ("offset", .int(q.offset(pageSize))), ("articles", .array(arts.page.map(Dashboard.summaryJSON))),
        ]
        if v.level != .commune, let row = Dashboard.row(v.key, level: v.level, in: try coverage(from: q.from, to: q.to)) { fields.append(("coverage", Dashboard.rowJSON(row))) }
        return Dashboard.json(.object(fields))
    }

    /// A province's or district's row of the coverage report, by version key (nil when nothing covers it).
    static func row(_ key: String, level: UnitLevel, in r: CoverageReport) -> CoverageReport.Row? {
        if level == .province { return r.provinces.first { $0.key == key } }
        return r.provinces.lazy.flatMap(\.districts).first { $0.key == key }
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
            ("units", .array(r.units.map { u in
                .object([("name", .string(u.name)), ("code", .optional(u.code)), ("key", .optional(u.version)),
                         ("unit", .optional(u.version.flatMap { gazetteer.units.version(key: $0)?.typedName })), ("articles", .int(u.articles))]) })),
            ("articleTotal", .int(r.articleTotal)), ("offset", .int(q.offset(pageSize))),
            ("articles", .array(r.articles.map(Dashboard.summaryJSON))),
        ]))
    }
}

/// What a request's query string says: a period, a page, a sort, a search text, an id.
struct Query {
    var from: String?
    var to: String?
    var page = 1
    var limitParameter: Int?
    var offsetParameter: Int?
    var sort: String?
    var text = ""
    /// A unit code or article id given as `?id=` (the links use it for "." and "..").
    var id: String?
    /// Why the query cannot be used (malformed percent-encoding, a date or number that is not one).
    var error: String?
    /// The pages' language: `?lang=vi|en`, else the `vnfacts_lang` cookie, else Vietnamese.
    var lang = Lang.vi
    /// Whether `?lang=` chose it (the answer then sets the cookie).
    var langChosen = false
    var words: Words { Words.of(lang) }

    /// Parses a raw query string (as the request line has it, after the `?`): keys and values
    /// percent-decoded, `+` as a space (what an HTML form sends), the first of repeated keys.
    init(_ raw: String?, cookie: String? = nil) {
        var p: [String: String] = [:]
        for part in (raw ?? "").split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = kv.first.flatMap({ URLText.decode($0, plusIsSpace: true) }),
                  let v = URLText.decode(kv.count > 1 ? kv[1] : Substring(), plusIsSpace: true) else {
                error = "the query string is not percent-encoded UTF-8"; return
            }
            if p[k] == nil { p[k] = v }
        }
        func value(_ k: String) -> String? { p[k].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ k: String) -> Int? {
            guard let v = value(k) else { return nil }
            guard let n = Int(v) else { error = error ?? "\(k)=\(v) is not a whole number"; return nil }
            return n
        }
        // A period is given as the date fields send it (dd/mm/yyyy, as Vietnamese write dates) or as ISO.
        for (k, v) in [("from", value("from")), ("to", value("to"))] {
            guard let v else { continue }
            guard let d = Day(iso: v) ?? Query.dayMonthYear(v) else { error = "\(k)=\(v) is not a date (dd/mm/yyyy or YYYY-MM-DD)"; continue }
            if k == "from" { from = d.iso } else { to = d.iso }
        }
        if let l = value("lang") {
            if let x = Lang(rawValue: l) { lang = x; langChosen = true } else { error = error ?? "lang=\(l) is not vi or en" }
        } else if let c = cookie, c.split(separator: ";").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "vnfacts_lang=en" }) {
            lang = .en
        }
        // Bounded so that offsets stay far from overflow.
        page = min(max(1, number("page") ?? 1), 1_000_000)
        limitParameter = number("limit").map { min(max($0, 1), 500) }
        offsetParameter = number("offset").map { min(max($0, 0), 1_000_000_000) }
        sort = value("sort")
        text = p["q"] ?? ""
        id = p["id"]
    }

    /// "02/03/2020" (also with "-" or "."), a real calendar day, else nil.
    static func dayMonthYear(_ s: String) -> Day? {
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return Day(y, m, d)
    }

    func limit(_ pageSize: Int) -> Int { limitParameter ?? pageSize }
    func offset(_ pageSize: Int) -> Int { offsetParameter ?? (page - 1) * limit(pageSize) }

    /// The period as a query string to carry over to links ("from=…&to=…"), or "".
    var periodQuery: String { URLText.query([("from", from), ("to", to)]) }
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
