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
    /// What the figure counts, as the article words it ("đảng bộ cấp trên cơ sở", "huyện ủy").
    public var subject: String?
    /// The article's title, outlet and address, for a reader to find it.
    public var title: String?
    public var source: String?
    public var url: String?

    public init(articleID: String, published: String?, done: Int?, total: Int?, percent: Double?, level: String, status: String, activity: String,
                unitName: String?, unitPlace: String?, unitCode: String?, asOf: String?, text: String, span: [Int], json: [String: Any],
                subject: String? = nil, title: String? = nil, source: String? = nil, url: String? = nil) {
        self.articleID = articleID; self.published = published; self.done = done; self.total = total; self.percent = percent
        self.level = level; self.status = status; self.activity = activity; self.unitName = unitName; self.unitPlace = unitPlace
        self.unitCode = unitCode; self.asOf = asOf; self.text = text; self.span = span; self.json = json
        self.subject = subject; self.title = title; self.source = source; self.url = url
    }

    /// The claims of one facts object (one JSON Lines line).
    public static func from(factsObject o: [String: Any]) -> [Claim] {
        let article = o["article"] as? [String: Any] ?? [:]
        let id = article["id"] as? String ?? "?"
        let published = article["published"] as? String
        let title = article["title"] as? String, source = article["source"] as? String, url = article["url"] as? String
        return (o["counts"] as? [[String: Any]] ?? []).map { c in
            let unit = c["unit"] as? [String: Any]
            var json = c
            json["article"] = id
            return Claim(articleID: id, published: published, done: (c["done"] as? NSNumber)?.intValue, total: (c["total"] as? NSNumber)?.intValue,
                         percent: (c["percent"] as? NSNumber)?.doubleValue, level: c["level"] as? String ?? "other",
                         status: c["status"] as? String ?? "completed", activity: c["activity"] as? String ?? "other",
                         unitName: unit?["name"] as? String, unitPlace: unit?["place"] as? String, unitCode: unit?["placeCode"] as? String,
                         asOf: c["asOf"] as? String, text: c["text"] as? String ?? "", span: (c["span"] as? [NSNumber])?.map(\.intValue) ?? [], json: json,
                         subject: c["subject"] as? String, title: title, source: source, url: url)
        }
    }

    static func percentText(_ p: Double) -> String { p == p.rounded() && abs(p) < 1e15 ? String(Int(p)) : String(format: "%.1f", p) }

    /// The figure as the article writes it: "121/235", "100%", "06/15" for "còn lại 06/15".
    public var written: String {
        if let d = done, let t = total { return "\(d)/\(t)" }
        return percent.map { "\(Claim.percentText($0))%" } ?? "?"
    }

    /// The figure as what it says: "121/235"; a remaining count as what is done, "9/15 đã xong
    /// (6 còn lại)"; a plan marked as one, "235/235 (dự kiến)".
    public var figure: String {
        switch status {
        case "remaining":
            if let d = doneCount, let t = total, let r = done { return "\(d)/\(t) đã xong (\(r) còn lại)" }
            if let p = donePercent, let r = percent { return "\(Claim.percentText(p))% đã xong (\(Claim.percentText(r))% còn lại)" }
            return written + " còn lại"
        case "planned": return written + " (dự kiến)"
        default: return written
        }
    }

    /// How many are done: the figure itself, or for "còn lại 6/15" the 15 − 6 = 9 done (nil when
    /// the remainder is not a part of the total).
    public var doneCount: Int? {
        guard let d = done else { return nil }
        guard status == "remaining" else { return d }
        guard let t = total, d >= 0, t >= d else { return nil }
        return t - d
    }

    /// The share done in percent: the figure, or 100 − it for "còn lại 20%".
    public var donePercent: Double? {
        guard let p = percent, p.isFinite else { return nil }
        guard status == "remaining" else { return p }
        return p >= 0 && p <= 100 ? 100 - p : nil
    }

    /// The claim as a figure of progress (remaining turned into done), for comparing.
    var asProgress: Claim {
        guard status == "remaining" else { return self }
        var c = self
        c.done = doneCount; c.percent = donePercent; c.status = "completed"
        return c
    }

    /// Whether the reporting unit is the territory itself ("Quận ủy Cẩm Lệ", "Đảng bộ huyện Kim Sơn",
    /// "Cẩm Lệ"), so its code names it, or an organization with no territory ("Đảng bộ Quân sự quận").
    var territorial: Bool {
        guard let place = unitPlace, let name = unitName else { return false }
        return Folding.plain(name).hasSuffix(Folding.plain(place))
    }

    /// What the total counts: exactly the organizations of the tier a tracker series counts
    /// ("đảng bộ cấp trên cơ sở", "chi bộ trực thuộc …", "tổ chức cơ sở đảng"), one kind among them
    /// ("huyện ủy", "đảng bộ xã", "chi bộ thôn", "đảng bộ khối"), or not said ("4/6 đảng bộ").
    public var denominator: Denominator { Denominator(subject: subject) }
}

/// What a count's total counts (see `Claim.denominator`). Only a total over the whole tier can
/// contradict a tracker series with another total; any other is a different series.
public enum Denominator: Hashable, Sendable {
    /// The whole tier, as a tracker series counts it.
    case tier
    /// One kind of organization within the tier, named in Vietnamese.
    case part(String)
    /// The article does not say which organizations ("đảng bộ" alone, or no subject).
    case unspecified

    /// Folded subject prefixes that name a part of a tier, longest first where one is a prefix of another.
    static let parts: [(prefix: String, name: String)] = [
        ("chi bo khu dan cu", "chi bộ khu dân cư"), ("chi bo thon", "chi bộ thôn"), ("chi bo ap", "chi bộ ấp"), ("chi bo khom", "chi bộ khóm"),
        ("chi bo to dan pho", "chi bộ tổ dân phố"), ("dang bo bo phan", "đảng bộ bộ phận"),
        ("dang bo xa", "đảng bộ xã, phường, thị trấn"), ("dang bo phuong", "đảng bộ xã, phường, thị trấn"), ("dang bo thi tran", "đảng bộ xã, phường, thị trấn"),
        ("dang bo co so", "đảng bộ cơ sở"), ("chi bo co so", "chi bộ cơ sở"),
        ("dang bo quan su", "đảng bộ quân sự"), ("dang bo cong an", "đảng bộ công an"), ("dang bo khoi", "đảng bộ khối"),
        ("dang bo cap huyen", "đảng bộ cấp huyện"), ("cap huyen", "đảng bộ cấp huyện"), ("dang bo huyen", "đảng bộ cấp huyện"),
        ("dang bo quan", "đảng bộ cấp huyện"), ("dang bo thi xa", "đảng bộ cấp huyện"), ("dang bo cac huyen", "đảng bộ cấp huyện"),
        ("dang bo cac quan", "đảng bộ cấp huyện"), ("huyen uy", "đảng bộ cấp huyện"), ("quan uy", "đảng bộ cấp huyện"), ("thi uy", "đảng bộ cấp huyện"),
    ]

    /// Folded subject prefixes that name a whole tier (Gazetteer/party/levels.tsv).
    static let tiers = [
        "chi bo", "duoi co so", "to chuc co so dang", "to chuc dang cap co so", "tccs", "dang bo, chi bo", "chi bo, dang bo", "chi, dang bo",
        "cap co so", "dang bo cap tren co so", "cap tren co so", "dang bo truc thuoc", "dang uy truc thuoc", "truc thuoc",
        "dang bo tinh", "dang bo cap tinh",
    ]

    static func starts(_ s: String, with prefix: String) -> Bool {
        guard s.hasPrefix(prefix) else { return false }
        let rest = s.dropFirst(prefix.count)
        return rest.isEmpty || rest.first == " " || rest.first == ","
    }

    public init(subject: String?) {
        guard let subject else { self = .unspecified; return }
        var s = Folding.plain(subject)
        for lead in ["cac ", "tong so ", "so "] where s.hasPrefix(lead) { s.removeFirst(lead.count) }
        // "huyện ủy, thành ủy, đảng ủy trực thuộc" (Tỉnh ủy): every committee reporting to it.
        if s.contains("dang uy truc thuoc") { self = .tier; return }
        if let p = Denominator.parts.first(where: { Denominator.starts(s, with: $0.prefix) }) { self = .part(p.name); return }
        self = Denominator.tiers.contains { Denominator.starts(s, with: $0) } ? .tier : .unspecified
    }
}

public enum Outcome: String, Sendable, CaseIterable {
    case contradicted, confirmed, consistent
    /// The claim counts another set of organizations than the tracker's series (a different
    /// total over a part of the tier: "8 huyện ủy" beside the 14 đảng bộ cấp trên cơ sở).
    case differentSeries = "different-series"
    case unverifiable, unlinked, undated
}

public struct ClaimResult: Sendable {
    public var claim: Claim
    public var outcome: Outcome
    public var snapshots: [Snapshot]
    public var reason: String
    /// The tracker series the claim was compared with (or would be), when its unit was linked.
    public var series: Tracker.SeriesKey? = nil
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
    /// Whether a claim of progress (remaining already turned into done) says what a snapshot says.
    static func agrees(_ c: Claim, _ s: Snapshot) -> Bool {
        if let d = c.done, let t = c.total { return d == s.done && t == s.total }
        if let p = c.percent, s.total > 0 {
            if p >= 100 { return s.done == s.total }
            return abs(Double(s.done) * 100 / Double(s.total) - p) < 0.5 + 1e-9
        }
        return false
    }

    static func describe(_ s: Snapshot) -> String { "\(s.done)/\(s.total) ngày \(Labels.date(s.asOf)) (dòng \(s.line))" }

    /// The day a claim is as of: a day, or the last day of a month ("2020-03").
    static func day(_ asOf: String?) -> Day? {
        guard let a = asOf else { return nil }
        if let d = Day(iso: a) { return d }
        let p = a.split(separator: "-")
        if p.count == 2, p[0].count == 4, p[1].count <= 2, let y = Int(p[0]), let m = Int(p[1]) { return Day.endOf(month: m, year: y) }
        return nil
    }

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
            // "còn lại 06/15": six remain, so nine are done; it is compared as 9/15.
            let c = original.asProgress
            func result(_ o: Outcome, _ snaps: [Snapshot], _ why: String, _ key: Tracker.SeriesKey? = nil) {
                r.results.append(ClaimResult(claim: original, outcome: o, snapshots: snaps, reason: why, series: key))
            }
            var key: Tracker.SeriesKey? = nil
            if c.territorial, let code = c.unitCode { key = Tracker.SeriesKey(unit: code, level: c.level, activity: c.activity) }
            else if let n = c.unitName, trackerNames.contains(Folding.plain(n)) { key = Tracker.SeriesKey(unit: Folding.plain(n), level: c.level, activity: c.activity) }
            guard let key else {
                result(.unlinked, [], c.unitName.map { "“\($0)” không có mã đơn vị và bảng theo dõi không có dòng nào mang tên này" } ?? "số liệu không nêu đơn vị báo cáo")
                continue
            }
            let list = tracker.series(key)
            guard !list.isEmpty else {
                result(.unverifiable, [], "bảng theo dõi không có chuỗi số liệu cho \(c.unitName ?? key.unit), \(Labels.tier(c.level)), \(Labels.activity(c.activity))", key)
                continue
            }
            mentioned.insert(key)
            if original.status == "planned" {
                result(.unverifiable, [], "số liệu kế hoạch, chưa phải tiến độ: chưa có gì để đối chiếu", key)
                continue
            }
            if original.status == "remaining", c.done == nil, c.percent == nil {
                result(.unverifiable, [], "số còn lại \(original.written) không phải một phần của tổng số: không tính được số đã xong", key)
                continue
            }
            // A total over other organizations than the tier's ("8 huyện ủy" beside 14 đảng bộ cấp
            // trên cơ sở, "4/6 đảng bộ") is another series than the tracker's, unless it is the
            // tracker's total; only a total over exactly the tier contradicts one.
            // (A percentage over organizations not named is compared: it has no total to differ.)
            let sameTotal = list.contains { c.total != nil && $0.total == c.total }
            if c.denominator != .tier, !sameTotal, c.total != nil || c.denominator != .unspecified {
                let totals = Set(list.map(\.total)).sorted().map(String.init).joined(separator: ", ")
                let counted: String
                switch c.denominator {
                case .part(let kind): counted = "bài báo đếm \(kind)"
                default: counted = "bài báo không nói rõ đếm những tổ chức nào" + (c.subject.map { " («\($0)»)" } ?? "")
                }
                result(.differentSeries, [], counted + (c.total.map { " (tổng số \($0))" } ?? "")
                       + "; bảng theo dõi đếm mọi tổ chức \(Labels.tier(c.level)) (tổng số \(totals)): khác chuỗi số liệu, không đối chiếu", key)
                continue
            }
            guard let day = day(c.asOf) else {
                let agreeing = list.filter { agrees(c, $0) }
                result(.undated, agreeing, agreeing.isEmpty ? "không có ngày; không dòng nào của bảng theo dõi khớp" : "không có ngày; khớp với " + agreeing.map(describe).joined(separator: ", "), key)
                continue
            }
            if (latestClaim[key] ?? "") < day.iso { latestClaim[key] = day.iso }
            if let same = list.first(where: { $0.asOf == day }) {
                if agrees(c, same) {
                    result(.confirmed, [same], "bảng theo dõi ghi \(describe(same))", key)
                } else {
                    result(.contradicted, [same], "bảng theo dõi ghi \(describe(same)); bài báo ghi \(c.written): \(difference(c, same))", key)
                }
                continue
            }
            let before = list.last { $0.asOf < day }, after = list.first { $0.asOf > day }
            let around = [before, after].compactMap { $0 }
            var problems: [String] = []
            if let t = c.total {
                for s in around where s.total != t { problems.append("tổng số \(t) ≠ \(s.total) ở \(describe(s))") }
            }
            let done: Int? = c.done ?? c.percent.flatMap { p in p >= 100 ? around.first?.total : nil }
            if let d = done {
                if let b = before, d < b.done { problems.append("\(d) đã xong, ít hơn \(describe(b))") }
                if let a = after, d > a.done { problems.append("\(d) đã xong, nhiều hơn \(describe(a))") }
            }
            if problems.isEmpty {
                let why: String
                switch (before, after) {
                case let (b?, a?): why = "\(c.written) nằm giữa \(describe(b)) và \(describe(a))"
                case let (b?, nil): why = "\(c.written) không ít hơn \(describe(b)), dòng cuối cùng trước ngày này"
                case let (nil, a?): why = "\(c.written) không nhiều hơn \(describe(a)), dòng đầu tiên sau ngày này"
                default: why = ""
                }
                result(.consistent, around, why, key)
            } else {
                result(.contradicted, around, problems.joined(separator: "; "), key)
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
            let dd = d.subtractingReportingOverflow(s.done), dt = t.subtractingReportingOverflow(s.total)
            if d != s.done { parts.append(dd.overflow ? "số đã xong khác" : "số đã xong lệch \(signed(dd.partialValue))") }
            if t != s.total { parts.append(dt.overflow ? "tổng số khác" : "tổng số lệch \(signed(dt.partialValue))") }
            return parts.joined(separator: ", ")
        }
        if let p = c.percent, s.total > 0 { return String(format: "%.1f%% so với %.1f%%", p, Double(s.done) * 100 / Double(s.total)) }
        return ""
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }

    /// Checks that need no tracker. Remaining counts are read as what is done; planned figures
    /// are not progress and stay out of the comparisons between figures.
    static func consistency(_ claims: [Claim]) -> [ConsistencyIssue] {
        var out: [ConsistencyIssue] = []
        for c in claims { if let d = c.done, let t = c.total, d > t { out.append(ConsistencyIssue(kind: "done-above-total", message: "\(d)/\(t): nhiều hơn tổng số «\(c.text)»", articles: [c.articleID])) } }
        let byArticle = Dictionary(grouping: claims, by: \.articleID)
        // In a fixed order (a dictionary's changes from run to run): the same claims, the same report.
        for (id, list) in byArticle.sorted(by: { $0.key < $1.key }) {
            // "09/15 … còn lại 06/15": done + remaining = total.
            for r in list where r.status == "remaining" {
                if let d = list.first(where: { $0.status == "completed" && $0.level == r.level && $0.activity == r.activity && $0.total == r.total && $0.unitCode == r.unitCode }),
                   let a = d.done, let b = r.done, let t = r.total, a.addingReportingOverflow(b).overflow || a + b != t {
                    out.append(ConsistencyIssue(kind: "remaining-mismatch", message: "\(a) đã xong + \(b) còn lại ≠ \(t) trong cùng một bài", articles: [id]))
                }
            }
            // A percentage beside an x/y of the same subject.
            let progress = list.filter { $0.status != "planned" }.map(\.asProgress)
            for p in progress where p.done == nil {
                guard let stated = p.percent else { continue }
                for x in progress where x.level == p.level && x.activity == p.activity && x.unitCode == p.unitCode && x.asOf == p.asOf {
                    guard let done = x.done, let total = x.total, total > 0 else { continue }
                    let pct = Double(done) * 100 / Double(total)
                    if abs(pct - stated) > 1 { out.append(ConsistencyIssue(kind: "percent-mismatch", message: "\(Claim.percentText(stated))% bên cạnh \(done)/\(total) (\(String(format: "%.1f", pct))%)", articles: [id])) }
                }
            }
        }
        // The same unit, tier and kind of organization with different totals in different
        // articles; done decreasing over time.
        var bySeries: [String: [Claim]] = [:]
        for c in claims where c.territorial && c.status != "planned" {
            if let code = c.unitCode { bySeries["\(code)|\(c.level)|\(c.activity)|\(c.denominator)", default: []].append(c.asProgress) }
        }
        for (_, list) in bySeries.sorted(by: { $0.key < $1.key }) {
            var totals: [Int: [Claim]] = [:]
            for c in list { if let t = c.total { totals[t, default: []].append(c) } }
            if totals.count > 1 {
                out.append(ConsistencyIssue(kind: "totals-differ", message: "\(list[0].unitName ?? "?"), \(Labels.tier(list[0].level)), \(Labels.activity(list[0].activity)): tổng số " + totals.keys.sorted().map(String.init).joined(separator: " và "),
                                            articles: Array(Set(list.map(\.articleID))).sorted()))
            }
            let dated = list.compactMap { c in c.done.flatMap { d in c.asOf.map { (claim: c, done: d, asOf: $0) } } }.sorted { $0.asOf < $1.asOf }
            for (a, b) in zip(dated, dated.dropFirst()) where b.done < a.done && b.asOf > a.asOf {
                out.append(ConsistencyIssue(kind: "claims-decrease", message: "\(a.claim.unitName ?? "?"): \(a.claim.written) ngày \(Labels.date(a.asOf)) rồi \(b.claim.written) ngày \(Labels.date(b.asOf))", articles: [a.claim.articleID, b.claim.articleID]))
            }
        }
        return out
    }
}
