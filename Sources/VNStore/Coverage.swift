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
    /// The distinct claims that contradict the tracker, each with how often it was made.
    public var contradicted: [ClaimOutcome] = []
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
        try store.ensureRollups(gazetteer: g)
        var report = CoverageReport(from: from, to: to)
        let agg = try store.coverageAggregates(from: from, to: to)
        report.articleTotal = agg.articleTotal
        report.articlesWithPlace = agg.articlesWithPlace
        report.weeklyTotal = agg.weeklyTotal
        // The units are named as they were on the last day of the period (or of the store).
        let refDay = Day(iso: to ?? "") ?? agg.latestDay.flatMap { Day(iso: $0) } ?? Day(iso: from ?? "") ?? Day(clamping: 2020, 6, 1)
        func row(_ code: String) -> CoverageReport.Row {
            let v = g.units.version(code: code, on: refDay) ?? g.units.byCode[code]?.last.map { g.units.versions[$0] }
            // A unit dissolved before the reference day says so: "tỉnh Bắc Ninh (to 2025-07-01)" (27) is
            // not today's tỉnh Bắc Ninh (24).
            let ended = v.flatMap { $0.validity.contains(refDay) ? nil : $0.validity.to }.map { " (to \($0.iso))" } ?? ""
            return CoverageReport.Row(code: code, name: (v?.typedName ?? code) + ended, level: v?.level.rawValue ?? "")
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
            let codes = tracker.unitCodes, names = tracker.foldedUnitNames
            for x in try store.claimOutcomes(unitCodes: Array(codes), unitKeys: Array(names), from: from, to: to, tracker: tracker)
            where x.result.outcome == .contradicted {
                report.contradictionTotal += x.times
                report.contradicted.append(x)
                guard let p = x.province else { continue }
                provinces[p, default: row(p)].contradictions += x.times
                if let d = x.district { districts[d, default: row(d)].contradictions += x.times; parentOf[d] = p }
            }
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
        // Who nobody covered: provinces among those valid on the reference day; a province's
        // districts among those valid on the day of its latest article in the period (so a
        // province covered in 2020 lists its 2020 districts, not the none left after 2025).
        var districtsOf: [String: [UnitVersion]] = [:]
        for v in g.units.versions {
            if v.level == .province, v.validity.contains(refDay), provinces[v.code].map({ $0.articles == 0 && $0.claims == 0 }) ?? true {
                report.uncoveredProvinces.append((v.code, v.typedName))
            }
            if v.level == .district, let p = v.parentCode { districtsOf[p, default: []].append(v) }
        }
        report.uncoveredProvinces.sort { $0.code < $1.code }
        for p in report.provinces {
            let on = agg.provinceLatest[p.code].flatMap { Day(iso: $0) }.map { min($0, refDay) } ?? refDay
            let covered = Set(p.districts.filter { $0.articles > 0 || $0.claims > 0 }.map(\.code))
            let missing = (districtsOf[p.code] ?? []).filter { $0.validity.contains(on) && !covered.contains($0.code) }.map { ($0.code, $0.typedName) }
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

/// A distinct claim's outcome: its first occurrence stands for `times` claims alike.
public struct ClaimOutcome: Sendable {
    public var result: ClaimResult
    public var times: Int
    public var province: String?
    public var district: String?
}

/// What `Coverage.compute` reads from the roll-ups.
struct CoverageAggregates {
    var articleTotal = 0
    var articlesWithPlace = 0
    var latestDay: String?
    var provinceArticles: [(String, Int)] = []
    var provinceWeeks: [(String, String, Int)] = []
    /// The date of each province's latest article in the period.
    var provinceLatest: [String: String] = [:]
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

    /// The overview's aggregate queries for a period's SQL (`Store.period("day", …)`): each reads
    /// one covering index (tested), never a table.
    static func aggregateSQL(period: String) -> (articles: String, provinceWeeks: String, districts: String, weeks: String, claims: String) {
        ("SELECT COUNT(*), SUM(places > 0) FROM articles WHERE 1\(period)",
         "SELECT province, week, COUNT(DISTINCT article_id), MAX(day) FROM article_places INDEXED BY article_places_province WHERE 1\(period) GROUP BY province, week",
         "SELECT province, district, COUNT(DISTINCT article_id) FROM article_places INDEXED BY article_places_district WHERE district IS NOT NULL\(period) GROUP BY district, province",
         "SELECT week, COUNT(DISTINCT article_id) FROM article_places INDEXED BY article_places_week WHERE week IS NOT NULL\(period) GROUP BY week",
         "SELECT province, district, COUNT(*), MAX(as_of) FROM counts INDEXED BY counts_province WHERE province IS NOT NULL\(period) GROUP BY province, district")
    }

    func coverageAggregates(from: String?, to: String?) throws -> CoverageAggregates {
        try db.read { db in
            var a = CoverageAggregates()
            let pa = Store.period("day", from: from, to: to)
            let q = Store.aggregateSQL(period: pa.sql)
            if let r = try Row.fetchOne(db, sql: q.articles, arguments: StatementArguments(pa.args)) {
                a.articleTotal = r[0] ?? 0
                a.articlesWithPlace = r[1] ?? 0
            }
            a.latestDay = try String.fetchOne(db, sql: "SELECT MAX(day) FROM articles")
            // An article has one date, so one week: its province's articles are the sum over weeks
            // (undated ones under a NULL week), and one query gives both.
            var totals: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: q.provinceWeeks,
                                      arguments: StatementArguments(pa.args)) {
                let p: String = r[0], n: Int = r[2]
                totals[p, default: 0] += n
                if let d: String = r[3], d > (a.provinceLatest[p] ?? "") { a.provinceLatest[p] = d }
                if let week: String = r[1] { a.provinceWeeks.append((p, week, n)) }
            }
            a.provinceArticles = totals.map { ($0.key, $0.value) }
            a.districtArticles = try Row.fetchAll(db, sql: q.districts,
                                                  arguments: StatementArguments(pa.args)).map { ($0[0], $0[1], $0[2]) }
            for r in try Row.fetchAll(db, sql: q.weeks,
                                      arguments: StatementArguments(pa.args)) {
                a.weeklyTotal[r[0]] = r[1]
            }
            a.claims = try Row.fetchAll(db, sql: q.claims,
                                        arguments: StatementArguments(pa.args)).map { ($0[0], $0[1], $0[2], $0[3]) }
            return a
        }
    }

    /// The outcomes against the tracker of the count claims about the units with these codes or
    /// folded names, in the period (the claim's as-of date, else its article's). Claims that agree
    /// in every field the outcome depends on share it, so each distinct claim is reconciled once:
    /// it stands for the others under its first stored occurrence (sentence, article, span), with
    /// how many times it was made and the province and district it rolls up to.
    public func claimOutcomes(unitCodes: [String], unitKeys: [String], from: String?, to: String?, tracker: Tracker) throws -> [ClaimOutcome] {
        let groups: [(first: Claim, times: Int, province: String?, district: String?)] = try db.read { db in
            let p = Store.period("day", from: from, to: to)
            let codes = JSONValue.array(unitCodes.map { .string($0) }).serialized(), keys = JSONValue.array(unitKeys.map { .string($0) }).serialized()
            let rows = try Row.fetchAll(db, sql: """
                SELECT MIN(rowid) AS first, COUNT(*) AS n, province, district FROM counts
                WHERE (unit_code IN (SELECT value FROM json_each(?)) OR unit_key IN (SELECT value FROM json_each(?)))\(p.sql)
                GROUP BY unit_code, unit_name, unit_place, level, status, activity, done, total, percent, as_of, province, district
                """, arguments: StatementArguments([codes, keys] + p.args))
            let ids = JSONValue.array(rows.map { .int(Int($0["first"] as Int64)) }).serialized()
            var first: [Int64: Claim] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT c.rowid AS rid, c.*, a.published FROM counts c JOIN articles a ON a.id = c.article_id WHERE c.rowid IN (SELECT value FROM json_each(?))",
                                      arguments: [ids]) {
                first[r["rid"]] = Store.claim(r)
            }
            return rows.compactMap { r in first[r["first"]].map { ($0, r["n"], r["province"], r["district"]) } }
        }
        // A count row is one article's span: the key finds a result's group again after sorting.
        func key(_ c: Claim) -> String { c.articleID + "#" + String(c.span.first ?? -1) }
        let byKey = Dictionary(groups.map { (key($0.first), $0) }, uniquingKeysWith: { a, _ in a })
        return Reconciler.run(claims: groups.map(\.first), tracker: tracker, checks: false).results.compactMap { x in
            byKey[key(x.claim)].map { ClaimOutcome(result: x, times: $0.times, province: $0.province, district: $0.district) }
        }
    }

    /// One count row as reconciliation reads it (`json` is left empty: the facts contract's
    /// object is in the article's `facts_json`).
    static func claim(_ r: Row) -> Claim {
        let id: String = r["article_id"]
        let span = [r["span_start"] as Int, r["span_end"] as Int]
        return Claim(articleID: id, published: r["published"], done: r["done"], total: r["total"], percent: r["percent"], level: r["level"],
                     status: r["status"], activity: r["activity"], unitName: r["unit_name"], unitPlace: r["unit_place"], unitCode: r["unit_code"],
                     asOf: r["as_of"], text: r["text"], span: span, json: [:], subject: r["subject"])
    }
}
