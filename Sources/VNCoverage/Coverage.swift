import Foundation
import VNGazetteer
import VNReconcile
import VNStore
import VNText

/// What the press office wants to see: per province (and, under it, per district-level unit) how
/// many articles and claims the press gave, how many contradict the tracker, how recent they are,
/// which units nobody covered, and articles per week.
///
/// A unit is a *version* (a code over an interval): the 2025 reform reused statistics-office
/// codes (15 was tỉnh Yên Bái, is tỉnh Lào Cai), so each row is the version valid on the dates of
/// its articles and claims, named by that version, with the units it became when it ended.
public struct CoverageReport: Sendable {
    public struct Row: Sendable {
        public var code: String
        public var name: String
        public var level: String
        /// The version's key ("15@2004-08-31") and its validity (the end is exclusive).
        public var key: String
        public var validFrom: String?
        public var validTo: String?
        /// What the unit became when it ended (the 2025 reform's successors).
        public var successors: [UnitRef] = []
        public var articles = 0
        public var claims = 0
        public var contradictions = 0
        /// The date of its latest article in the period.
        public var latestArticle: String?
        public var latestClaim: String?
        public var latestSnapshot: String?
        public var districts: [Row] = []
        /// Articles per ISO week ("2020-W10": 3).
        public var weekly: [String: Int] = [:]

        /// The first day of a version that followed another of its code (the 2025 units), else nil.
        public var newSince: String?

        /// The name with its era when the code named another unit at another time: "tỉnh Yên Bái
        /// (to 2025-07-01, now tỉnh Lào Cai)", "thành phố Đà Nẵng (to 2025-07-01)", "tỉnh Quảng
        /// Trị (from 2025-07-01)".
        public var label: String { UnitRef.label(name: name, validTo: validTo, newSince: newSince, successors: successors) }
    }
    public var from: String?
    public var to: String?
    public var provinces: [Row] = []
    /// Province versions valid in the period (all time: the span of the store's articles) that
    /// no article of their time names, and for each covered province (by key) its uncovered
    /// district-level units.
    public var uncoveredProvinces: [UnitRef] = []
    public var uncoveredDistricts: [String: [UnitRef]] = [:]
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

/// A unit version as lists show it.
public struct UnitRef: Sendable, Equatable {
    public var code: String
    public var name: String
    public var key: String
    public var validFrom: String?
    public var validTo: String?
    public var successors: [UnitRef] = []
    /// The first day of a version that followed another of its code, else nil.
    public var newSince: String?

    public init(_ v: UnitVersion, units: AdminUnits? = nil) {
        code = v.code; name = v.typedName; key = v.key; validFrom = v.validity.from?.iso; validTo = v.validity.to?.iso
        if let units {
            successors = Coverage.successors(of: v, units: units)
            newSince = Coverage.newSince(v, units: units)
        }
    }

    public var label: String { UnitRef.label(name: name, validTo: validTo, newSince: newSince, successors: successors) }

    static func label(name: String, validTo: String?, newSince: String?, successors: [UnitRef]) -> String {
        guard let validTo else { return newSince.map { name + " (from \($0))" } ?? name }
        // "now …" when it became a unit of another name (Yên Bái → Lào Cai); Đà Nẵng stays Đà Nẵng.
        let now = successors.map(\.name).filter { $0 != name }
        return name + " (to \(validTo)" + (now.isEmpty ? "" : ", now " + now.joined(separator: ", ")) + ")"
    }
}

/// A distinct claim's outcome: its first occurrence stands for `times` claims alike.
public struct ClaimOutcome: Sendable {
    public var result: ClaimResult
    public var times: Int
    /// The keys of the province and district versions it rolls up to.
    public var province: String?
    public var district: String?
}

public enum Coverage {
    /// The coverage of the period `from`…`to` (ISO dates; either may be nil). Read from the
    /// store's roll-ups (built first when missing and the store may be written), so it costs a
    /// few aggregate queries whatever the store's size; contradictions reconcile only the claims
    /// about units the tracker follows. `trackerLatest` is `trackerLatest(tracker, units:)`
    /// when the caller keeps it (used when no period end is given).
    public static func compute(store: any FactStore, gazetteer g: Gazetteer, tracker: Tracker?, from: String?, to: String?,
                               trackerLatest: [String: String]? = nil) throws -> CoverageReport {
        try store.ensureRollups(gazetteer: g)
        let units = g.units
        var report = CoverageReport(from: from, to: to)
        let agg = try store.coverageAggregates(from: from, to: to)
        report.articleTotal = agg.articleTotal
        report.articlesWithPlace = agg.articlesWithPlace
        report.weeklyTotal = agg.weeklyTotal
        // The period the lists of who nobody covered are about: the one asked, else the span of the store.
        let last = Day(iso: to ?? "") ?? agg.latestDay.flatMap { Day(iso: $0) } ?? Day(iso: from ?? "") ?? Day(clamping: 2020, 6, 1)
        let first = Day(iso: from ?? "") ?? agg.earliestDay.flatMap { Day(iso: $0) }.map { min($0, last) } ?? last
        func row(_ key: String) -> CoverageReport.Row {
            guard let v = units.version(key: key) else {
                return CoverageReport.Row(code: UnitVersion.split(key: key).code, name: key, level: "", key: key)
            }
            return CoverageReport.Row(code: v.code, name: v.typedName, level: v.level.rawValue, key: v.key, validFrom: v.validity.from?.iso,
                                      validTo: v.validity.to?.iso, successors: successors(of: v, units: units), newSince: newSince(v, units: units))
        }
        var provinces: [String: CoverageReport.Row] = [:]
        var districts: [String: CoverageReport.Row] = [:]
        var parentOf: [String: String] = [:]
        for (p, n) in agg.provinceArticles {
            provinces[p, default: row(p)].articles = n
            provinces[p]?.latestArticle = agg.provinceLatest[p]
        }
        for (p, weeks) in agg.provinceWeeks { provinces[p, default: row(p)].weekly = weeks }
        for (d, x) in agg.districtArticles {
            districts[d, default: row(d)].articles = x.articles
            parentOf[d] = x.province
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
            for x in try claimOutcomes(store: store, unitCodes: Array(codes).sorted(), unitKeys: Array(names).sorted(), from: from, to: to, tracker: tracker)
            where x.result.outcome == .contradicted {
                report.contradictionTotal += x.times
                report.contradicted.append(x)
                guard let p = x.province else { continue }
                provinces[p, default: row(p)].contradictions += x.times
                if let d = x.district { districts[d, default: row(d)].contradictions += x.times; parentOf[d] = p }
            }
            // The tracker's latest snapshot per province and district version.
            let latest = (to == nil ? trackerLatest : nil) ?? Coverage.trackerLatest(tracker, units: units, upTo: to)
            for (key, date) in latest.sorted(by: { $0.key < $1.key }) {
                guard let v = units.version(key: key) else { continue }
                if v.level == .province {
                    provinces[key, default: row(key)].latestSnapshot = date
                } else if let p = PlaceRollup.compute(units, v.code, Day(iso: date))?.province {
                    districts[key, default: row(key)].latestSnapshot = date
                    parentOf[key] = p
                    if provinces[p] == nil { provinces[p] = row(p) }
                }
            }
        }
        for (key, d) in districts { if let p = parentOf[key] { provinces[p, default: row(p)].districts.append(d) } }
        func order(_ a: CoverageReport.Row, _ b: CoverageReport.Row) -> Bool {
            (a.contradictions, a.articles, b.name, b.key) > (b.contradictions, b.articles, a.name, a.key)
        }
        report.provinces = provinces.values.map { p in
            var p = p
            p.districts.sort(by: order)
            return p
        }.sorted(by: order)
        report.claimTotal = agg.claims.reduce(0) { $0 + $1.claims }
        // Who nobody covered: the province versions valid at some time in the period that no
        // article or claim of their time names; a province's districts among those valid on the
        // day of its latest article in the period (so a province covered in 2020 lists its 2020
        // districts, not the none left after 2025).
        var districtsOf: [String: [UnitVersion]] = [:]
        for v in units.versions {
            if v.level == .province, (v.validity.from ?? Day.min) <= last, v.validity.to.map({ $0 > first }) ?? true,
               provinces[v.key].map({ $0.articles == 0 && $0.claims == 0 }) ?? true {
                report.uncoveredProvinces.append(UnitRef(v, units: units))
            }
            if v.level == .district, let p = v.parentCode { districtsOf[p, default: []].append(v) }
        }
        report.uncoveredProvinces.sort { ($0.code, $0.key) < ($1.code, $1.key) }
        for p in report.provinces {
            guard let pv = units.version(key: p.key) else { continue }
            let latest = p.latestArticle.flatMap { Day(iso: $0) }.map { min($0, last) } ?? last
            let on = units.dayInside(pv, near: latest)
            let covered = Set(p.districts.filter { $0.articles > 0 || $0.claims > 0 }.map(\.key))
            let missing = (districtsOf[p.code] ?? []).filter { $0.validity.contains(on) && !covered.contains($0.key) }
                .map { UnitRef($0) }.sorted { ($0.code, $0.key) < ($1.code, $1.key) }
            if !missing.isEmpty { report.uncoveredDistricts[p.key] = missing }
        }
        return report
    }

    /// The first day of a version when an earlier version of its code exists (the code meant
    /// another unit, or the same one within other borders, before).
    public static func newSince(_ v: UnitVersion, units: AdminUnits) -> String? {
        guard let from = v.validity.from, (units.byCode[v.code] ?? []).contains(where: { (units.versions[$0].validity.from ?? Day.max) < from }) else { return nil }
        return from.iso
    }

    /// The units a version became when it ended in a reform (none while it is valid, or when it
    /// ended otherwise).
    public static func successors(of v: UnitVersion, units: AdminUnits) -> [UnitRef] {
        guard let end = v.validity.to else { return [] }
        var seen = Set<String>()
        // Its own successors (a province, a commune); a district's are its province's (the level
        // was abolished), which its province's row shows.
        return (units.successors[v.code] ?? []).compactMap { s in
            guard s.effective == end, let nv = units.version(code: s.newCode, on: s.effective), seen.insert(nv.key).inserted else { return nil }
            return UnitRef(nv)
        }
    }

    /// The date of the tracker's latest snapshot (up to `to`, when given) for each province and
    /// district-level unit version (a snapshot of a commune counts for its district and province).
    public static func trackerLatest(_ tracker: Tracker, units: AdminUnits, upTo to: String? = nil) -> [String: String] {
        var out: [String: String] = [:]
        var places = PlaceRollup(units: units)
        for s in tracker.snapshots where to.map({ s.asOf.iso <= $0 }) ?? true {
            guard let code = s.unitCode, let (p, d) = places.place(code, on: s.asOf) else { continue }
            for c in [p, d].compactMap({ $0 }) where s.asOf.iso > (out[c] ?? "") { out[c] = s.asOf.iso }
        }
        return out
    }

    /// The outcomes against the tracker of the count claims about the units with these codes or
    /// folded names, in the period (the claim's as-of date, else its article's; `undated`: claims
    /// without a date too). Claims that agree in every field the outcome depends on share it, so
    /// each distinct claim is reconciled once: it stands for the others under its first
    /// occurrence (by article id, then span), with how many times it was made and the province
    /// and district versions it rolls up to.
    /// `within`: also the claims about any unit inside these province or district versions (by
    /// the roll-up of the claim's unit on its date).
    public static func claimOutcomes(store: any FactStore, unitCodes: [String], unitKeys: [String], within: [String] = [], from: String?, to: String?,
                                     undated: Bool = false, tracker: Tracker) throws -> [ClaimOutcome] {
        let groups = try store.claimGroups(unitCodes: unitCodes, unitKeys: unitKeys, within: within, from: from, to: to, undated: undated)
        // A count row is one article's span: the key finds a result's group again.
        func key(_ articleID: String, _ start: Int) -> String { articleID + "#" + String(start) }
        let byKey = Dictionary(groups.map { (key($0.first.articleID, $0.first.spanStart), $0) }, uniquingKeysWith: { a, _ in a })
        let claims = groups.map { g -> Claim in
            let r = g.first
            return Claim(articleID: r.articleID, published: r.published, done: r.done, total: r.total, percent: r.percent, level: r.level,
                         status: r.status, activity: r.activity, unitName: r.unitName, unitPlace: r.unitPlace, unitCode: r.unitCode,
                         asOf: r.asOf, text: r.text, span: [r.spanStart, r.spanEnd], json: [:])
        }
        return Reconciler.run(claims: claims, tracker: tracker, checks: false).results.compactMap { x in
            byKey[key(x.claim.articleID, x.claim.span.first ?? -1)].map { ClaimOutcome(result: x, times: $0.times, province: $0.province, district: $0.district) }
        }
    }

    /// The claims about one unit version: claims naming its code dated within its validity (and
    /// the period), undated ones under the code's latest version when no period is given; for a
    /// province or a district, the claims about it and the units inside it, as its coverage row
    /// counts them.
    public static func claimOutcomes(store: any FactStore, version v: UnitVersion, units: AdminUnits, from: String?, to: String?,
                                     tracker: Tracker) throws -> [ClaimOutcome] {
        let vFrom = v.validity.from?.iso, vTo = v.validity.to.map { $0.adding(days: -1).iso }
        let lo = [from, vFrom].compactMap { $0 }.max(), hi = [to, vTo].compactMap { $0 }.min()
        if let lo, let hi, lo > hi { return [] }
        // A province or district: the claims its row counts, those the roll-up gave to this
        // version (undated ones included when no period is asked).
        if v.level != .commune {
            return try claimOutcomes(store: store, unitCodes: [], unitKeys: [], within: [v.key], from: lo, to: hi, undated: from == nil && to == nil, tracker: tracker)
        }
        let latest = units.byCode[v.code]?.last.map { units.versions[$0].key } == v.key
        return try claimOutcomes(store: store, unitCodes: [v.code], unitKeys: [], from: lo, to: hi,
                                 undated: latest && from == nil && to == nil, tracker: tracker)
    }
}
