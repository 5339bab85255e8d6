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
}

public enum Coverage {
    static func isoWeek(_ d: Day) -> String {
        // ISO week: the Thursday of the week decides the year.
        let thursday = d.adding(days: 4 - d.weekday)
        let jan1 = Day(thursday.year, 1, 1)!
        let week = (thursday.ordinal - jan1.ordinal) / 7 + 1
        return String(format: "%04d-W%02d", thursday.year, week)
    }

    public static func compute(store: Store, gazetteer g: Gazetteer, tracker: Tracker?, from: String?, to: String?) throws -> CoverageReport {
        var report = CoverageReport(from: from, to: to)
        var provinces: [String: CoverageReport.Row] = [:]
        var districts: [String: CoverageReport.Row] = [:]   // code → row (its province in `parentOf`)
        var parentOf: [String: String] = [:]
        let refDay = Day(iso: to ?? "") ?? Day(iso: from ?? "") ?? Day(2020, 6, 1)!

        func province(of code: String, on day: Day) -> (p: UnitVersion, d: UnitVersion?)? {
            guard let v = g.units.version(code: code, on: day) ?? g.units.byCode[code]?.last.map({ g.units.versions[$0] }) else { return nil }
            let anc = g.units.ancestors(of: v, on: day)
            let p = v.level == .province ? v : anc.first { $0.level == .province }
            let d = v.level == .district ? v : anc.first { $0.level == .district }
            return p.map { ($0, d) }
        }
        func row(_ v: UnitVersion) -> CoverageReport.Row { CoverageReport.Row(code: v.code, name: v.typedName, level: v.level.rawValue) }

        // Articles: the places each names (once per article and unit).
        let articles = try store.articlePlaces(from: from, to: to)
        for a in articles {
            let day = Day(iso: a.published ?? "") ?? refDay
            var seenP = Set<String>(), seenD = Set<String>()
            for code in a.codes {
                guard let (p, d) = province(of: code, on: day) else { continue }
                if seenP.insert(p.code).inserted {
                    provinces[p.code, default: row(p)].articles += 1
                    if let pub = a.published.flatMap({ Day(iso: $0) }) { provinces[p.code]!.weekly[isoWeek(pub), default: 0] += 1 }
                }
                if let d, seenD.insert(d.code).inserted {
                    districts[d.code, default: row(d)].articles += 1
                    parentOf[d.code] = p.code
                }
            }
        }
        // Claims, and their outcomes when a tracker is given.
        let claims = try store.claims(from: from, to: to)
        let outcomes: [String: Outcome]
        if let tracker {
            let r = Reconciler.run(claims: claims, tracker: tracker)
            outcomes = Dictionary(r.results.map { ("\($0.claim.articleID)#\($0.claim.span.first ?? -1)", $0.outcome) }, uniquingKeysWith: { a, _ in a })
        } else { outcomes = [:] }
        for c in claims {
            guard let code = c.unitCode else { continue }
            let day = Day(iso: c.asOf ?? c.published ?? "") ?? refDay
            guard let (p, d) = province(of: code, on: day) else { continue }
            let contradicted = outcomes["\(c.articleID)#\(c.span.first ?? -1)"] == .contradicted
            func add(_ r: inout CoverageReport.Row) {
                r.claims += 1
                if contradicted { r.contradictions += 1 }
                if let a = c.asOf, a > (r.latestClaim ?? "") { r.latestClaim = a }
            }
            add(&provinces[p.code, default: row(p)])
            if let d { add(&districts[d.code, default: row(d)]); parentOf[d.code] = p.code }
        }
        // The tracker's latest snapshot per unit.
        if let tracker {
            for s in tracker.snapshots {
                guard let code = s.unitCode, let (p, d) = province(of: code, on: s.asOf) else { continue }
                if provinces[p.code] == nil { provinces[p.code] = row(p) }
                if s.asOf.iso > (provinces[p.code]!.latestSnapshot ?? "") { provinces[p.code]!.latestSnapshot = s.asOf.iso }
                if let d {
                    parentOf[d.code] = p.code
                    if districts[d.code] == nil { districts[d.code] = row(d) }
                    if s.asOf.iso > (districts[d.code]!.latestSnapshot ?? "") { districts[d.code]!.latestSnapshot = s.asOf.iso }
                }
            }
        }
        for (code, d) in districts { if let p = parentOf[code] { provinces[p]?.districts.append(d) } }
        report.provinces = provinces.values.map { p in
            var p = p
            p.districts.sort { ($0.contradictions, $0.articles, $0.name) > ($1.contradictions, $1.articles, $1.name) }
            return p
        }.sorted { ($0.contradictions, $0.articles, $1.name) > ($1.contradictions, $1.articles, $0.name) }
        // Who nobody covered, among the units valid in the period.
        for v in g.units.versions where v.level == .province && v.validity.contains(refDay) && provinces[v.code] == nil {
            report.uncoveredProvinces.append((v.code, v.typedName))
        }
        report.uncoveredProvinces.sort { $0.code < $1.code }
        for p in provinces.keys {
            let covered = Set(provinces[p]!.districts.filter { $0.articles > 0 || $0.claims > 0 }.map(\.code))
            let all = g.units.versions.filter { $0.level == .district && $0.parentCode == p && $0.validity.contains(refDay) }
            let missing = all.filter { !covered.contains($0.code) }.map { ($0.code, $0.typedName) }
            if !missing.isEmpty { report.uncoveredDistricts[p] = missing.sorted { $0.0 < $1.0 } }
        }
        return report
    }
}

extension Store {
    /// (article id, published, place codes it names) for articles in the period.
    func articlePlaces(from: String?, to: String?) throws -> [(id: String, published: String?, codes: [String])] {
        try db.read { db in
            // An article without a dateline is dated by the latest full date it gives.
            let date = "COALESCE(a.published, (SELECT MAX(d.value) FROM dates d WHERE d.article_id = a.id AND d.granularity = 'day'))"
            var sql = "SELECT a.id, \(date) AS day, GROUP_CONCAT(DISTINCT u.place_code) FROM articles a LEFT JOIN units u ON u.article_id = a.id AND u.place_code IS NOT NULL"
            var conds: [String] = [], args: [DatabaseValueConvertible?] = []
            if let from { conds.append("\(date) >= ?"); args.append(from) }
            if let to { conds.append("\(date) <= ?"); args.append(to) }
            if !conds.isEmpty { sql += " WHERE " + conds.joined(separator: " AND ") }
            sql += " GROUP BY a.id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
                let codes = (r[2] as String?)?.split(separator: ",").map(String.init) ?? []
                return (r[0], r[1], codes)
            }
        }
    }

    /// The count claims of the period, as reconciliation reads them.
    /// Claims whose as-of date (else their article's date) falls in the period; undated ones only
    /// when no period is given.
    public func claims(from: String? = nil, to: String? = nil) throws -> [Claim] {
        var out: [Claim] = []
        try exportJSONL { line in
            if let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                for c in Claim.from(factsObject: o) {
                    guard let d = c.asOf ?? c.published else { if from == nil && to == nil { out.append(c) }; continue }
                    if let from, d < from { continue }
                    if let to, d > to { continue }
                    out.append(c)
                }
            }
        }
        return out
    }
}
