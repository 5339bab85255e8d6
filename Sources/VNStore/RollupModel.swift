import Foundation
import VNGazetteer
import VNText

/// What the roll-ups of one article are, computed from its facts whatever store holds them (the
/// same on SQLite and PostgreSQL, at ingest or later): its date and ISO week, the unit *versions*
/// it names (a province and district-level unit version for each place, taken on the article's
/// date), and for each count claim the versions its unit rolls up to on the claim's date.
///
/// Units are keyed by version ("15@2004-08-31" is tỉnh Yên Bái, "15@2025-07-01" tỉnh Lào Cai):
/// the statistics office reused codes in the 2025 reform, so a code alone mixes two units.
public struct ArticleRollup: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var province: String?
        public var district: String?
        /// The unit's folded name.
        public var unitKey: String?
        /// The claim's date: its as-of date, else the article's.
        public var day: String?
    }
    public struct UnitName: Sendable, Equatable {
        public var name: String
        public var placeCode: String?
        /// The version of `placeCode` on the article's date.
        public var version: String?
        public var fold: String
    }
    public var day: String?
    public var week: String?
    public var places = 0
    public var titleFold: String?
    /// One (province, district) per place named, each once.
    public var placeRows: [(province: String, district: String?)] = []
    /// The distinct (name, code) pairs of its units, with the version of the code.
    public var unitNames: [UnitName] = []
    /// Per count row, in the order given.
    public var counts: [Count] = []

    public static func == (a: ArticleRollup, b: ArticleRollup) -> Bool {
        a.day == b.day && a.week == b.week && a.places == b.places && a.titleFold == b.titleFold && a.unitNames == b.unitNames
            && a.counts == b.counts && a.placeRows.map { $0.province + "|" + ($0.district ?? "") } == b.placeRows.map { $0.province + "|" + ($0.district ?? "") }
    }

    /// The roll-ups of an article. `maxDay`: the latest full date it gives (dates it an article
    /// without a dateline); `units`: (name, place code) of each unit mention; `counts`: (unit
    /// code, unit name, as-of) of each count row.
    public static func compute(published: String?, title: String?, maxDay: String?, units: [(name: String, placeCode: String?)],
                               counts: [(unitCode: String?, unitName: String?, asOf: String?)], places: inout PlaceRollup) -> ArticleRollup {
        var r = ArticleRollup()
        let day = (published ?? maxDay).flatMap { Day(iso: $0) }
        r.day = day?.iso
        r.week = day.map(isoWeek)
        r.titleFold = title.map { Folding.plain($0) }
        var seenNames = Set<String>()
        var seenPlaces = Set<String>()
        var seenCodes = Set<String>()
        for u in units {
            let version = u.placeCode.flatMap { places.version($0, on: day) }
            if seenNames.insert(u.name + "\u{1F}" + (u.placeCode ?? "")).inserted {
                r.unitNames.append(UnitName(name: u.name, placeCode: u.placeCode, version: version, fold: Folding.plain(u.name)))
            }
            guard let code = u.placeCode, seenCodes.insert(code).inserted, let (p, d) = places.place(code, on: day) else { continue }
            // One row per (province, district): an article naming a commune counts for its
            // district and province once each.
            guard seenPlaces.insert(p + "|" + (d ?? "")).inserted else { continue }
            r.placeRows.append((p, d))
        }
        r.places = r.placeRows.count
        for c in counts {
            let claimDay = c.asOf.flatMap { Day(iso: $0) ?? Day(iso: $0 + "-01") } ?? day
            let rolled = c.unitCode.flatMap { places.place($0, on: claimDay) }
            r.counts.append(Count(province: rolled?.province, district: rolled?.district, unitKey: c.unitName.map { Folding.plain($0) },
                                  day: c.asOf ?? day?.iso))
        }
        return r
    }

    /// From an article's facts, as ingest has them.
    public static func compute(_ f: ArticleFactsView, places: inout PlaceRollup) -> ArticleRollup {
        compute(published: f.published, title: f.title, maxDay: f.maxDay, units: f.units, counts: f.counts, places: &places)
    }

    /// ISO week ("2020-W10"): the Thursday of the week decides the year.
    public static func isoWeek(_ d: Day) -> String {
        let thursday = d.adding(days: 4 - d.weekday)
        let jan1 = Day(clamping: thursday.year, 1, 1)
        let week = (thursday.ordinal - jan1.ordinal) / 7 + 1
        return String(format: "%04d-W%02d", thursday.year, week)
    }

    /// What the roll-ups depend on: changing the unit files (or how roll-ups are made) rebuilds them.
    public static func key(_ g: Gazetteer) -> String { "4|" + g.unitsFingerprint }
}

/// The parts of an article's facts the roll-ups read.
public struct ArticleFactsView: Sendable {
    public var published: String?
    public var title: String?
    public var maxDay: String?
    public var units: [(name: String, placeCode: String?)]
    public var counts: [(unitCode: String?, unitName: String?, asOf: String?)]
}

/// The province and district-level unit versions a unit code belongs to on a day (memoized: an
/// article batch names the same units again and again).
public struct PlaceRollup: Sendable {
    public let units: AdminUnits
    var memo: [String: (province: String, district: String?)?] = [:]
    var versionMemo: [String: String?] = [:]

    public init(units: AdminUnits) { self.units = units }

    /// The key of the version of `code` valid on `day` (its latest version when undated or outside every version).
    public mutating func version(_ code: String, on day: Day?) -> String? {
        let key = code + "@" + (day?.iso ?? "")
        if let hit = versionMemo[key] { return hit }
        let r = units.version(code: code, onOrLatest: day)?.key
        versionMemo[key] = r
        return r
    }

    public mutating func place(_ code: String, on day: Day?) -> (province: String, district: String?)? {
        let key = code + "@" + (day?.iso ?? "")
        if let hit = memo[key] { return hit }
        let r = PlaceRollup.compute(units, code, day)
        memo[key] = r
        return r
    }

    /// The keys of the province version and district-level version a code is in on a day: the
    /// versions valid that day. A unit named on a day it did not exist on (a former district in an
    /// article of August 2025) counts for the province valid that day that took it over (its old
    /// province's successor), and for no district; an undated mention takes the unit's latest version.
    public static func compute(_ units: AdminUnits, _ code: String, _ day: Day?) -> (province: String, district: String?)? {
        guard let v = day.flatMap({ units.version(code: code, on: $0) ?? nearest(units, code, $0) }) ?? units.version(code: code, onOrLatest: nil) else { return nil }
        let on = units.dayInside(v, near: day)
        let chain = [v] + units.ancestors(of: v, on: on)
        guard let p = chain.first(where: { $0.level == .province }) else { return nil }
        let district = chain.first { $0.level == .district }
        guard let day else { return (p.key, district?.key) }
        // No district that did not exist on the day (huyện Trà Lĩnh, merged in March 2020, in a July 2020 article).
        let d = district.flatMap { $0.validity.contains(day) ? $0.key : nil }
        guard !p.validity.contains(day) else { return (p.key, d) }
        // The province that held it on that day: the old province's successor, else the code's version then.
        let successor = units.currentSuccessors(of: p).lazy.filter { $0.effective <= day }.compactMap { units.version(code: $0.newCode, on: day) }.first
        guard let now = successor ?? units.version(code: p.code, on: day) else { return (p.key, d) }
        return (now.key, d)
    }

    /// The version of a code nearest to a day outside all of them (the last before it, else the first after).
    static func nearest(_ units: AdminUnits, _ code: String, _ day: Day) -> UnitVersion? {
        let vs = (units.byCode[code] ?? []).map { units.versions[$0] }
        return vs.filter { ($0.validity.to ?? Day.max) <= day }.max { ($0.validity.to ?? Day.max) < ($1.validity.to ?? Day.max) }
            ?? vs.min { ($0.validity.from ?? Day.min) < ($1.validity.from ?? Day.min) }
    }
}
