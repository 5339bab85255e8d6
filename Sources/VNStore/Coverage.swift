import Foundation
import GRDB
import VNGazetteer
import VNReconcile
import VNText

/// What the press office wants to see: per province (and, under it, per district-level unit) how
/// many articles and claims the press gave, how many contradict the tracker, how recent they are,
/// which units nobody covered, and articles per week.
public struct CoverageReport: Sendable {
    public struct Row: Sendable {
        public var code: String
        public var name: String
        public var level: String
        public var articles = 0
        public var claims = 0
        public var contradictions = 0
        public var latestClaim: String?
        public var latestSnapshot: String?
        public var districts: [Row] = []
        /// Articles per ISO week ("2020-W10": 3).
        public var weekly: [String: Int] = [:]
    }
    public var from: String?
    public var to: String?
    public var provinces: [Row] = []
    /// Provinces no article mentions in the period, and for each covered province its uncovered
    /// district-level units.
    public var uncoveredProvinces: [(code: String, name: String)] = []
    public var uncoveredDistricts: [String: [(code: String, name: String)]] = [:]
    /// Articles in the period, and how many of them name a place the gazetteer knows.
    public var articleTotal = 0
    public var articlesWithPlace = 0
    public var claimTotal = 0
    public var contradictionTotal = 0
    /// The claims that contradict the tracker, in reconciliation order.
    public var contradicted: [ClaimResult] = []
    /// Articles per ISO week over all provinces.
    public var weeklyTotal: [String: Int] = [:]
}

public enum Coverage {
    /// The coverage of the period `from`…`to` (ISO dates; either may be nil). Read from the
    /// store's roll-ups and indexes (built first when missing), so it costs a few aggregate
    /// queries whatever the store's size; contradictions reconcile only the claims about units
    /// the tracker follows. `trackerLatest` is `trackerLatest(tracker, units:)` when the caller
    /// keeps it (used when no period end is given).
    public static func compute(store: Store, gazetteer g: Gazetteer, tracker: Tracker?, from: String?, to: String?,
                               trackerLatest: [String: String]? = nil) throws -> CoverageReport {
        if try store.needsRollups(gazetteer: g) { try store.refreshRollups(gazetteer: g) }
        var report = CoverageReport(from: from, to: to)
        let agg = try store.coverageAggregates(from: from, to: to)
        report.articleTotal = agg.articleTotal
        report.articlesWithPlace = agg.articlesWithPlace
        report.weeklyTotal = agg.weeklyTotal
        // The units are named as they were on the last day of the period (or of the store).
        let refDay = Day(iso: to ?? "") ?? agg.latestDay.flatMap { Day(iso: $0) } ?? Day(iso: from ?? "") ?? Day(2020, 6, 1)!
        func row(_ code: String) -> CoverageReport.Row {
            let v = g.units.version(code: code, on: refDay) ?? g.units.byCode[code]?.last.map { g.units.versions[$0] }
            return CoverageReport.Row(code: code, name: v?.typedName ?? code, level: v?.level.rawValue ?? "")
        }
        var provinces: [String: CoverageReport.Row] = [:]
        var districts: [String: CoverageReport.Row] = [:]
        var parentOf: [String: String] = [:]
        for (p, n) in agg.provinceArticles { provinces[p, default: row(p)].articles = n }
        for (p, week, n) in agg.provinceWeeks { provinces[p, default: row(p)].weekly[week] = n }
        for (p, d, n) in agg.districtArticles {
            districts[d, default: row(d)].articles = n
            parentOf[d] = p
        }
        for c in agg.claims {
            func add(_ r: inout CoverageReport.Row) {
                r.claims += c.claims
                if let l = c.latest, l > (r.latestClaim ?? "") { r.latestClaim = l }
            }
            add(&provinces[c.province, default: row(c.province)])
            if let d = c.district { add(&districts[d, default: row(d)]); parentOf[d] = c.province }
        }
        if let tracker {
            // Contradictions: only claims about a unit the tracker follows can contradict it.
            let codes = Set(tracker.snapshots.compactMap(\.unitCode))
            let names = Set(tracker.snapshots.map { Folding.plain($0.unitName) })
            let located = try store.claims(unitCodes: Array(codes), unitKeys: Array(names), from: from, to: to)
            let r = Reconciler.run(claims: located.map(\.claim), tracker: tracker)
            var place: [String: (province: String?, district: String?)] = [:]
            for x in located { place[x.claim.articleID + "#" + String(x.claim.span.first ?? -1)] = (x.province, x.district) }
            for x in r.results where x.outcome == .contradicted {
                guard let at = place[x.claim.articleID + "#" + String(x.claim.span.first ?? -1)], let p = at.province else { continue }
                provinces[p, default: row(p)].contradictions += 1
                if let d = at.district { districts[d, default: row(d)].contradictions += 1; parentOf[d] = p }
            }
            report.contradicted = r.results.filter { $0.outcome == .contradicted }
            report.contradictionTotal = report.contradicted.count
            // The tracker's latest snapshot per province and district.
            for (code, latest) in (to == nil ? trackerLatest : nil) ?? Coverage.trackerLatest(tracker, units: g.units, upTo: to) {
                guard let v = g.units.byCode[code]?.last.map({ g.units.versions[$0] }) else { continue }
                if v.level == .province {
                    provinces[code, default: row(code)].latestSnapshot = latest
                } else if let p = PlaceRollup.compute(g.units, code, Day(iso: latest))?.province {
                    districts[code, default: row(code)].latestSnapshot = latest
                    parentOf[code] = p
                    if provinces[p] == nil { provinces[p] = row(p) }
                }
            }
        }
        for (code, d) in districts { if let p = parentOf[code] { provinces[p, default: row(p)].districts.append(d) } }
        report.provinces = provinces.values.map { p in
            var p = p
            p.districts.sort { ($0.contradictions, $0.articles, $1.name) > ($1.contradictions, $1.articles, $0.name) }
            return p
        }.sorted { ($0.contradictions, $0.articles, $1.name) > ($1.contradictions, $1.articles, $0.name) }
        report.claimTotal = agg.claims.reduce(0) { $0 + $1.claims }
        // Who nobody covered, among the units valid on the reference day.
        var districtsOf: [String: [UnitVersion]] = [:]
        for v in g.units.versions where v.validity.contains(refDay) {
            if v.level == .province, provinces[v.code].map({ $0.articles == 0 && $0.claims == 0 }) ?? true {
                report.uncoveredProvinces.append((v.code, v.typedName))
            }
            if v.level == .district, let p = v.parentCode { districtsOf[p, default: []].append(v) }
        }
        report.uncoveredProvinces.sort { $0.code < $1.code }
        for p in report.provinces {
            let covered = Set(p.districts.filter { $0.articles > 0 || $0.claims > 0 }.map(\.code))
            let missing = (districtsOf[p.code] ?? []).filter { !covered.contains($0.code) }.map { ($0.code, $0.typedName) }
            if !missing.isEmpty { report.uncoveredDistricts[p.code] = missing.sorted { $0.0 < $1.0 } }
        }
        return report
    }

    /// The date of the tracker's latest snapshot (up to `to`, when given) for each province and
    /// district-level unit (a snapshot of a commune counts for its district and province).
    public static func trackerLatest(_ tracker: Tracker, units: AdminUnits, upTo to: String? = nil) -> [String: String] {
        var out: [String: String] = [:]
        var places = PlaceRollup(units: units)
        for s in tracker.snapshots where to.map({ s.asOf.iso <= $0 }) ?? true {
            guard let code = s.unitCode, let (p, d) = places.place(code, on: s.asOf) else { continue }
            for c in [p, d].compactMap({ $0 }) where s.asOf.iso > (out[c] ?? "") { out[c] = s.asOf.iso }
        }
        return out
    }
}

/// What `Coverage.compute` reads from the roll-ups.
struct CoverageAggregates {
    var articleTotal = 0
    var articlesWithPlace = 0
    var latestDay: String?
    var provinceArticles: [(String, Int)] = []
    var provinceWeeks: [(String, String, Int)] = []
    var districtArticles: [(String, String, Int)] = []
    var claims: [(province: String, district: String?, claims: Int, latest: String?)] = []
    var weeklyTotal: [String: Int] = [:]
}

extension Store {
    /// `AND day >= ? AND day <= ?` for the period given (nothing when none is: undated rows count
    /// only then), with its arguments.
    static func period(_ column: String, from: String?, to: String?) -> (sql: String, args: [DatabaseValueConvertible]) {
        var sql = "", args: [DatabaseValueConvertible] = []
        if let from { sql += " AND \(column) >= ?"; args.append(from) }
        if let to { sql += " AND \(column) <= ?"; args.append(to) }
        return (sql, args)
    }

    func coverageAggregates(from: String?, to: String?) throws -> CoverageAggregates {
        try db.read { db in
            var a = CoverageAggregates()
            let pa = Store.period("day", from: from, to: to)
            a.articleTotal = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM articles WHERE 1\(pa.sql)", arguments: StatementArguments(pa.args)) ?? 0
            a.latestDay = try String.fetchOne(db, sql: "SELECT MAX(day) FROM articles")
            a.articlesWithPlace = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT article_id) FROM article_places WHERE 1\(pa.sql)", arguments: StatementArguments(pa.args)) ?? 0
            a.provinceArticles = try Row.fetchAll(db, sql: "SELECT province, COUNT(DISTINCT article_id) FROM article_places WHERE 1\(pa.sql) GROUP BY province",
                                                  arguments: StatementArguments(pa.args)).map { ($0[0], $0[1]) }
            a.provinceWeeks = try Row.fetchAll(db, sql: "SELECT province, week, COUNT(DISTINCT article_id) FROM article_places WHERE week IS NOT NULL\(pa.sql) GROUP BY province, week",
                                               arguments: StatementArguments(pa.args)).map { ($0[0], $0[1], $0[2]) }
            a.districtArticles = try Row.fetchAll(db, sql: "SELECT province, district, COUNT(DISTINCT article_id) FROM article_places WHERE district IS NOT NULL\(pa.sql) GROUP BY district, province",
                                                  arguments: StatementArguments(pa.args)).map { ($0[0], $0[1], $0[2]) }
            for r in try Row.fetchAll(db, sql: "SELECT week, COUNT(DISTINCT article_id) FROM article_places WHERE week IS NOT NULL\(pa.sql) GROUP BY week",
                                      arguments: StatementArguments(pa.args)) {
                a.weeklyTotal[r[0]] = r[1]
            }
            a.claims = try Row.fetchAll(db, sql: "SELECT province, district, COUNT(*), MAX(as_of) FROM counts WHERE province IS NOT NULL\(pa.sql) GROUP BY province, district",
                                        arguments: StatementArguments(pa.args)).map { ($0[0], $0[1], $0[2], $0[3]) }
            return a
        }
    }

    /// The count claims about the units with these codes or folded names, in the period (the
    /// claim's as-of date, else its article's), with the province and district they roll up to.
    public func claims(unitCodes: [String], unitKeys: [String], from: String? = nil, to: String? = nil) throws -> [(claim: Claim, province: String?, district: String?)] {
        try db.read { db in
            let p = Store.period("c.day", from: from, to: to)
            let codes = JSONValue.array(unitCodes.map { .string($0) }).serialized(), keys = JSONValue.array(unitKeys.map { .string($0) }).serialized()
            let sql = """
                SELECT c.*, a.published FROM counts c JOIN articles a ON a.id = c.article_id
                WHERE (c.unit_code IN (SELECT value FROM json_each(?)) OR c.unit_key IN (SELECT value FROM json_each(?)))\(p.sql)
                ORDER BY c.article_id, c.span_start
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments([codes, keys] + p.args)).map { (Store.claim($0), $0["province"], $0["district"]) }
        }
    }

    /// One count row as reconciliation reads it.
    static func claim(_ r: Row) -> Claim {
        let id: String = r["article_id"]
        let span = [r["span_start"] as Int, r["span_end"] as Int]
        var json: [String: Any] = ["article": id, "text": r["text"] as String, "span": span, "level": r["level"] as String,
                                   "status": r["status"] as String, "activity": r["activity"] as String]
        if let v = r["done"] as Int? { json["done"] = v }
        if let v = r["total"] as Int? { json["total"] = v }
        if let v = r["percent"] as Double? { json["percent"] = v }
        if let v = r["subject"] as String? { json["subject"] = v }
        if let v = r["as_of"] as String? { json["asOf"] = v }
        if let n = r["unit_name"] as String? {
            var u: [String: Any] = ["name": n]
            if let v = r["unit_place"] as String? { u["place"] = v }
            if let v = r["unit_code"] as String? { u["placeCode"] = v }
            json["unit"] = u
        }
        return Claim(articleID: id, published: r["published"], done: r["done"], total: r["total"], percent: r["percent"], level: r["level"],
                     status: r["status"], activity: r["activity"], unitName: r["unit_name"], unitPlace: r["unit_place"], unitCode: r["unit_code"],
                     asOf: r["as_of"], text: r["text"], span: span, json: json)
    }
}
