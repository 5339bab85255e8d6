import Foundation
import VNGazetteer
import VNText

/// A count claim from an article (facts.md `counts`), with where it came from.
public struct Claim: @unchecked Sendable {
    public var articleID: String
    public var published: String?
    public var done: Int?
    public var total: Int?
    public var percent: Double?
    public var level: String
    public var status: String
    public var activity: String
    public var unitName: String?
    public var unitPlace: String?
    public var unitCode: String?
    public var asOf: String?
    public var text: String
    public var span: [Int]
    /// The whole count object as the facts contract prints it (with `article`).
    public var json: [String: Any]

    public init(articleID: String, published: String?, done: Int?, total: Int?, percent: Double?, level: String, status: String, activity: String,
                unitName: String?, unitPlace: String?, unitCode: String?, asOf: String?, text: String, span: [Int], json: [String: Any]) {
        self.articleID = articleID; self.published = published; self.done = done; self.total = total; self.percent = percent
        self.level = level; self.status = status; self.activity = activity; self.unitName = unitName; self.unitPlace = unitPlace
        self.unitCode = unitCode; self.asOf = asOf; self.text = text; self.span = span; self.json = json
    }

    /// The claims of one facts object (one JSON Lines line).
    public static func from(factsObject o: [String: Any]) -> [Claim] {
        let article = o["article"] as? [String: Any] ?? [:]
        let id = article["id"] as? String ?? "?"
        let published = article["published"] as? String
        return (o["counts"] as? [[String: Any]] ?? []).map { c in
            let unit = c["unit"] as? [String: Any]
            var json = c
            json["article"] = id
            return Claim(articleID: id, published: published, done: (c["done"] as? NSNumber)?.intValue, total: (c["total"] as? NSNumber)?.intValue,
                         percent: (c["percent"] as? NSNumber)?.doubleValue, level: c["level"] as? String ?? "other",
                         status: c["status"] as? String ?? "completed", activity: c["activity"] as? String ?? "other",
                         unitName: unit?["name"] as? String, unitPlace: unit?["place"] as? String, unitCode: unit?["placeCode"] as? String,
                         asOf: c["asOf"] as? String, text: c["text"] as? String ?? "", span: (c["span"] as? [NSNumber])?.map(\.intValue) ?? [], json: json)
        }
    }

    /// The figure as written: "121/235" or "100%".
    public var figure: String {
        if let d = done, let t = total { return "\(d)/\(t)" }
        return percent.map { "\($0 == $0.rounded() ? String(Int($0)) : String($0))%" } ?? "?"
    }

    /// Whether the reporting unit is the territory itself ("Quận ủy Cẩm Lệ", "Đảng bộ huyện Kim Sơn",
    /// "Cẩm Lệ"), so its code names it, or an organization with no territory ("Đảng bộ Quân sự quận").
    var territorial: Bool {
        guard let place = unitPlace, let name = unitName else { return false }
        return Folding.plain(name).hasSuffix(Folding.plain(place))
    }
}

public enum Outcome: String, Sendable, CaseIterable {
    case contradicted, confirmed, consistent, unverifiable, unlinked, undated
}

public struct ClaimResult: Sendable {
    public var claim: Claim
    public var outcome: Outcome
    public var snapshots: [Snapshot]
    public var reason: String
}

/// A problem found without the tracker (spec: consistency checks).
public struct ConsistencyIssue: Sendable {
    public var kind: String
    public var message: String
    public var articles: [String]
}

public struct Reconciliation: Sendable {
    public var results: [ClaimResult] = []
    public var checks: [ConsistencyIssue] = []
    /// Tracker series no article mentions.
    public var gaps: [Tracker.SeriesKey] = []
    /// Series whose latest claim is older than their latest snapshot.
    public var stale: [(key: Tracker.SeriesKey, latestClaim: String, latestSnapshot: String)] = []
    public var trackerErrors: [TrackerError] = []
}

public enum Reconciler {
    static func agrees(_ c: Claim, _ s: Snapshot) -> Bool {
        if let d = c.done, let t = c.total { return d == s.done && t == s.total }
        if let p = c.percent {
            if p >= 100 { return s.done == s.total }
            return abs(Double(s.done) * 100 / Double(s.total) - p) < 0.5 + 1e-9
        }
        return false
    }

    static func describe(_ s: Snapshot) -> String { "\(s.done)/\(s.total) on \(s.asOf) (line \(s.line))" }

    /// Each claim's outcome against the tracker; with `checks`, also the checks that need no
    /// tracker (coverage counts outcomes only and leaves them out).
    public static func run(claims: [Claim], tracker: Tracker, checks: Bool = true) -> Reconciliation {
        var r = Reconciliation()
        r.trackerErrors = tracker.errors
        // Index the series: by code, and by folded name for units with no territory.
        let trackerNames = tracker.foldedUnitNames
        var mentioned = Set<Tracker.SeriesKey>()
        var latestClaim: [Tracker.SeriesKey: String] = [:]

        for original in claims {
            var c = original
            // "còn lại 06/15": six remain, so nine are done.
            if c.status == "remaining", let d = c.done, let t = c.total { c.done = t - d }
            var key: Tracker.SeriesKey? = nil
            if c.territorial, let code = c.unitCode { key = Tracker.SeriesKey(unit: code, level: c.level, activity: c.activity) }
            else if let n = c.unitName, trackerNames.contains(Folding.plain(n)) { key = Tracker.SeriesKey(unit: Folding.plain(n), level: c.level, activity: c.activity) }
            guard let key else {
                r.results.append(ClaimResult(claim: original, outcome: .unlinked, snapshots: [], reason: c.unitName.map { "'\($0)' has no code and no tracker row of that name" } ?? "the claim names no reporting unit"))
                continue
            }
            let list = tracker.series(key)
            guard !list.isEmpty else {
                r.results.append(ClaimResult(claim: original, outcome: .unverifiable, snapshots: [],
                                             reason: "the tracker has no series for \(c.unitName ?? key.unit), \(c.level), \(c.activity)"))
                continue
            }
            mentioned.insert(key)
            if c.status == "planned" {
                r.results.append(ClaimResult(claim: original, outcome: .unverifiable, snapshots: [], reason: "a plan, not a figure of progress: nothing to check yet"))
                continue
            }
            guard let asOfText = c.asOf, let day = Day(iso: asOfText) ?? (asOfText.count == 7 ? Day.endOf(month: Int(asOfText.suffix(2)) ?? 0, year: Int(asOfText.prefix(4)) ?? 0) : nil) else {
                let agreeing = list.filter { agrees(c, $0) }
                r.results.append(ClaimResult(claim: original, outcome: .undated, snapshots: agreeing,
                                             reason: agreeing.isEmpty ? "no date; no snapshot agrees with it" : "no date; it agrees with " + agreeing.map(describe).joined(separator: ", ")))
                continue
            }
            if (latestClaim[key] ?? "") < day.iso { latestClaim[key] = day.iso }
            if let same = list.first(where: { $0.asOf == day }) {
                if agrees(c, same) {
                    r.results.append(ClaimResult(claim: original, outcome: .confirmed, snapshots: [same], reason: "the tracker has \(describe(same))"))
                } else {
                    r.results.append(ClaimResult(claim: original, outcome: .contradicted, snapshots: [same], reason: "the tracker has \(describe(same)); the article says \(c.figure): \(difference(c, same))"))
                }
                continue
            }
            let before = list.last { $0.asOf < day }, after = list.first { $0.asOf > day }
            let around = [before, after].compactMap { $0 }
            var problems: [String] = []
            if let t = c.total {
                for s in around where s.total != t { problems.append("total \(t) ≠ \(s.total) in \(describe(s))") }
            }
            let done: Int? = c.done ?? c.percent.flatMap { p in p >= 100 ? around.first?.total : nil }
            if let d = done {
                if let b = before, d < b.done { problems.append("\(d) done is fewer than \(describe(b))") }
                if let a = after, d > a.done { problems.append("\(d) done is more than \(describe(a))") }
            }
            if problems.isEmpty {
                r.results.append(ClaimResult(claim: original, outcome: .consistent, snapshots: around,
                                             reason: "between " + (around.map(describe).joined(separator: " and "))))
            } else {
                r.results.append(ClaimResult(claim: original, outcome: .contradicted, snapshots: around, reason: problems.joined(separator: "; ")))
            }
        }
        r.gaps = tracker.seriesKeys.filter { !mentioned.contains($0) }.sorted { ($0.unit, $0.level, $0.activity) < ($1.unit, $1.level, $1.activity) }
        for (k, last) in latestClaim {
            if let s = tracker.latest(k), s.asOf.iso > last { r.stale.append((k, last, s.asOf.iso)) }
        }
        r.stale.sort { ($0.key.unit, $0.key.level, $0.key.activity) < ($1.key.unit, $1.key.level, $1.key.activity) }
        if checks { r.checks = consistency(claims) }
        // Contradictions first, then the others in a stable order.
        let order = Dictionary(uniqueKeysWithValues: Outcome.allCases.enumerated().map { ($1, $0) })
        r.results.sort { (order[$0.outcome] ?? 0, $0.claim.articleID, $0.claim.span.first ?? 0) < (order[$1.outcome] ?? 0, $1.claim.articleID, $1.claim.span.first ?? 0) }
        return r
    }

    static func difference(_ c: Claim, _ s: Snapshot) -> String {
        if let d = c.done, let t = c.total {
            var parts: [String] = []
            if d != s.done { parts.append("done differs by \(d - s.done)") }
            if t != s.total { parts.append("total differs by \(t - s.total)") }
            return parts.joined(separator: ", ")
        }
        if let p = c.percent { return String(format: "%.1f%% against %.1f%%", p, Double(s.done) * 100 / Double(s.total)) }
        return ""
    }

    /// Checks that need no tracker.
    static func consistency(_ claims: [Claim]) -> [ConsistencyIssue] {
        var out: [ConsistencyIssue] = []
        for c in claims { if let d = c.done, let t = c.total, d > t { out.append(ConsistencyIssue(kind: "done-above-total", message: "\(d)/\(t): more done than in total «\(c.text)»", articles: [c.articleID])) } }
        let byArticle = Dictionary(grouping: claims, by: \.articleID)
        // In a fixed order (a dictionary's changes from run to run): the same claims, the same report.
        for (id, list) in byArticle.sorted(by: { $0.key < $1.key }) {
            // "09/15 … còn lại 06/15": done + remaining = total.
            for r in list where r.status == "remaining" {
                if let d = list.first(where: { $0.status == "completed" && $0.level == r.level && $0.activity == r.activity && $0.total == r.total && $0.unitCode == r.unitCode }),
                   let a = d.done, let b = r.done, let t = r.total, a + b != t {
                    out.append(ConsistencyIssue(kind: "remaining-mismatch", message: "\(a) done + \(b) remaining ≠ \(t) in one article", articles: [id]))
                }
            }
            // A percentage beside an x/y of the same subject.
            for p in list where p.done == nil {
                guard let stated = p.percent else { continue }
                for x in list where x.level == p.level && x.activity == p.activity && x.unitCode == p.unitCode && x.asOf == p.asOf {
                    guard let done = x.done, let total = x.total, total > 0 else { continue }
                    let pct = Double(done) * 100 / Double(total)
                    if abs(pct - stated) > 1 { out.append(ConsistencyIssue(kind: "percent-mismatch", message: "\(p.figure) beside \(x.figure) (\(String(format: "%.1f", pct))%)", articles: [id])) }
                }
            }
        }
        // The same unit and tier with different totals in different articles; done decreasing over time.
        var bySeries: [String: [Claim]] = [:]
        for c in claims where c.territorial { if let code = c.unitCode { bySeries["\(code)|\(c.level)|\(c.activity)", default: []].append(c) } }
        for (_, list) in bySeries.sorted(by: { $0.key < $1.key }) {
            var totals: [Int: [Claim]] = [:]
            for c in list { if let t = c.total { totals[t, default: []].append(c) } }
            if totals.count > 1 {
                out.append(ConsistencyIssue(kind: "totals-differ", message: "\(list[0].unitName ?? "?"), \(list[0].level), \(list[0].activity): totals " + totals.keys.sorted().map(String.init).joined(separator: " vs "),
                                            articles: Array(Set(list.map(\.articleID))).sorted()))
            }
            let dated = list.compactMap { c in c.done.flatMap { d in c.asOf.map { (claim: c, done: d, asOf: $0) } } }.sorted { $0.asOf < $1.asOf }
            for (a, b) in zip(dated, dated.dropFirst()) where b.done < a.done && b.asOf > a.asOf {
                out.append(ConsistencyIssue(kind: "claims-decrease", message: "\(a.claim.unitName ?? "?"): \(a.claim.figure) on \(a.asOf) then \(b.claim.figure) on \(b.asOf)", articles: [a.claim.articleID, b.claim.articleID]))
            }
        }
        return out
    }
}
