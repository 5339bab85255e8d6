import Foundation
import VNText

/// Scores extracted facts against hand-checked gold files (spec/gold.md, matching rules version 2):
/// per type precision, recall and F1, micro-averaged over the articles, the macro-F1 over
/// documents, dates, units and counts, and attribute accuracies over matched items. The keys and
/// the assignment are in `EvaluationRules`.
///
/// Example:
/// ```swift
/// var ev = Evaluation()
/// ev.add(gold: goldJSON, facts: extractor.extract(utf8: bytes, id: "001"))
/// print(ev.report())
/// ```
public struct Evaluation: Sendable {
    public struct Tally: Sendable {
        public var tp = 0, fp = 0, fn = 0
        /// Extracted items that count neither way: unnamed units and bare place names gold does
        /// not list, dates without a year, repeats of a matched item, and matches of optional items.
        public var neutral = 0
        /// Articles whose gold annotates this type (a gold file without the key does not).
        public var annotated = 0
        public init() {}
        public var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        public var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }
    public struct Attribute: Sendable {
        public var right = 0, total = 0
        public var accuracy: Double { total == 0 ? 1 : Double(right) / Double(total) }
    }
    /// One missed, spurious or wrongly attributed item.
    public struct Difference: Sendable {
        public enum Kind: String, Sendable { case missed, spurious, wrong }
        public var article: String
        public var kind: Kind
        /// The fact type ("counts"), or for a wrong attribute the attribute ("counts.level").
        public var type: String
        /// The item's key as compared ("634/640 (99.06%)", "huyện ủy hiệp đức", "2020-07-31").
        public var key: String
        /// For a wrong attribute: "gold X, got Y".
        public var detail: String
        /// The words of the article it was read from (the gold text for a miss).
        public var text: String
        /// One tab-separated line: "ARTICLE\tmissed counts\tKEY\tTEXT".
        public var line: String {
            "\(article)\t\(kind.rawValue) \(type)\t\(key)\t" + (detail.isEmpty ? text : detail + (text.isEmpty ? "" : "\t" + text))
        }
    }

    public static let types = ["documents", "dates", "terms", "units", "counts"]
    /// The types the macro-F1 averages (terms are left out: few and easy).
    public static let macroTypes = ["documents", "dates", "units", "counts"]
    /// Attributes in the order they are reported.
    public static let attributeNames = [
        "article.published", "documents.date", "dates.role", "units.kind", "units.place",
        "counts.level", "counts.status", "counts.activity", "counts.unitPlace", "counts.asOf", "counts.percent",
    ]

    public var tallies: [String: Tally] = [:]
    public var attributes: [String: Attribute] = [:]
    public var differences: [Difference] = []
    public var articles = 0

    public init() {}

    /// The differences as lines ("ARTICLE\tmissed|spurious|wrong TYPE\tKEY\t…").
    public var diffs: [String] { differences.map(\.line) }

    /// The sum of every type's tally.
    public var micro: Tally {
        var all = Tally()
        for t in Self.types { let x = tallies[t] ?? Tally(); all.tp += x.tp; all.fp += x.fp; all.fn += x.fn; all.neutral += x.neutral }
        all.annotated = articles
        return all
    }

    /// The mean F1 of documents, dates, units and counts (those annotated in at least one article).
    public var macroF1: Double {
        let f = Self.macroTypes.compactMap { t in tallies[t].flatMap { $0.annotated > 0 ? $0.f1 : nil } }
        return f.isEmpty ? 0 : f.reduce(0, +) / Double(f.count)
    }

    // MARK: Scoring one article

    typealias R = EvaluationRules

    /// A gold item as scored: its accepted keys (its own and its `alt`s), whether it is optional.
    struct GoldEntry {
        var item: [String: Any]
        var keys: [String]
        var optional: Bool
        var display: String
        var text: String { R.str(item["text"]) ?? "" }
    }

    mutating func attr(_ name: String, _ gold: String?, _ got: String?, _ article: String, key: String, text: String) {
        attributes[name, default: Attribute()].total += 1
        if gold == got {
            attributes[name, default: Attribute()].right += 1
        } else {
            differences.append(Difference(article: article, kind: .wrong, type: name, key: key,
                                          detail: "gold \(gold ?? "null"), got \(got ?? "null")", text: text))
        }
    }

    /// Matches one type's extracted items to its gold items and tallies the outcome.
    /// - `accepts`: whether a gold item takes an extracted item; `rank`: lower is a better pairing
    ///   (the same text, the same role); `neutral`: an unmatched extraction that counts neither way;
    ///   `repeatOf`: an unmatched extraction that repeats a matched one (another mention of it).
    mutating func score<X>(
        _ type: String, article: String, gold: [GoldEntry], extracted: [X],
        accepts: (GoldEntry, X) -> Bool, rank: (GoldEntry, X) -> Int = { _, _ in 0 },
        neutral: (X) -> Bool = { _ in false }, repeatOf: (X, X) -> Bool = { _, _ in false },
        describe: (X) -> (key: String, text: String),
        attributes attrs: [(String, (GoldEntry, X) -> (gold: String?, got: String?)?)] = []
    ) {
        var t = tallies[type] ?? Tally()
        t.annotated += 1
        // Among the extractions a gold item accepts, the one that agrees on more attributes, then
        // the one the `rank` prefers (same text), is tried first.
        // An attribute is scored only where the gold item gives it.
        let attrs = attrs.map { a in (a.0, { (g: GoldEntry, x: X) in g.item.keys.contains(a.0) ? a.1(g, x) : nil }) }
        func disagreements(_ g: GoldEntry, _ x: X) -> Int {
            attrs.reduce(0) { n, a in a.1(g, x).map { $0.gold == $0.got ? n : n + 1 } ?? n }
        }
        let candidates = gold.map { g in
            extracted.indices.filter { accepts(g, extracted[$0]) }
                .map { (e: $0, r: 2 * disagreements(g, extracted[$0]) + rank(g, extracted[$0])) }
                .sorted { ($0.r, $0.e) < ($1.r, $1.e) }.map(\.e)
        }
        let match = R.assign(candidates: candidates, optional: gold.map(\.optional), extractedCount: extracted.count)
        var taken = Set<Int>()
        for (gi, g) in gold.enumerated() {
            guard let e = match[gi] else {
                if !g.optional {
                    t.fn += 1
                    differences.append(Difference(article: article, kind: .missed, type: type, key: g.display, detail: "", text: g.text))
                }
                continue
            }
            taken.insert(e)
            if g.optional { t.neutral += 1; continue }
            t.tp += 1
            for (name, values) in attrs {
                guard let v = values(g, extracted[e]) else { continue }
                attr("\(type).\(name)", v.gold, v.got, article, key: g.display, text: g.text.isEmpty ? describe(extracted[e]).text : g.text)
            }
        }
        for (i, x) in extracted.enumerated() where !taken.contains(i) {
            if neutral(x) || taken.contains(where: { repeatOf(x, extracted[$0]) }) {
                t.neutral += 1
            } else {
                t.fp += 1
                let d = describe(x)
                differences.append(Difference(article: article, kind: .spurious, type: type, key: d.key, detail: "", text: d.text))
            }
        }
        tallies[type] = t
    }

    /// Gold items of a type, or nil when the gold file does not annotate the type (no such key):
    /// then the type is not scored for the article (real-dev annotates no terms).
    static func goldItems(_ gold: [String: Any], _ key: String) -> [[String: Any]]? {
        guard let v = gold[key] else { return nil }
        return v as? [[String: Any]] ?? []
    }

    /// Gold entries with one entry per distinct key (a required item wins over an optional one; the
    /// `alt`s of the items merged are all accepted).
    static func distinctEntries(_ items: [[String: Any]], key: (String) -> String, id: String) -> [GoldEntry] {
        var out: [GoldEntry] = []
        var index: [String: Int] = [:]
        for item in items {
            guard let name = R.str(item[id]) else { continue }
            let k = key(name)
            let keys = [k] + R.alternatives(item).map(key)
            let optional = R.isOptional(item)
            if let i = index[k] {
                out[i].keys += keys.filter { !out[i].keys.contains($0) }
                if out[i].optional && !optional { out[i].item = item; out[i].optional = false }
            } else {
                index[k] = out.count
                out.append(GoldEntry(item: item, keys: keys, optional: optional, display: k))
            }
        }
        return out
    }

    static func overlaps(_ a: String, _ b: String) -> Bool {
        !a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a))
    }

    static func countKey(done: Int?, total: Int?, percent: Double?) -> String {
        let p = percent.map { R.numberText($0) + "%" }
        switch (done, total) {
        case let (d?, t?): return "\(d)/\(t)" + (p.map { " (\($0))" } ?? "")
        case let (d?, nil): return "\(d)" + (p.map { ", \($0)" } ?? "")
        case let (nil, t?): return "?/\(t)" + (p.map { " (\($0))" } ?? "")
        case (nil, nil): return p ?? "?"
        }
    }

    /// Scores one article. `gold` is the parsed gold JSON, `facts` the extraction.
    public mutating func add(gold: [String: Any], facts: ArticleFacts) {
        articles += 1
        let id = facts.article.id
        let out = facts

        if let a = gold["article"] as? [String: Any], a.keys.contains("published"), !R.isOptional(a) {
            let want = R.str(a["published"])
            attr("article.published", want, out.article.published?.iso, id, key: "published", text: out.article.publishedText ?? "")
        }

        // Documents: distinct ids, without white space, case or leading zeros in the number.
        if let items = Self.goldItems(gold, "documents") {
            struct Doc { var key: String; var dates: [String]; var text: String }
            var docs: [Doc] = []
            var at: [String: Int] = [:]
            for d in out.documents {
                let k = R.documentKey(d.id)
                if let i = at[k] { if let day = d.date?.iso { docs[i].dates.append(day) } } else {
                    at[k] = docs.count
                    docs.append(Doc(key: k, dates: d.date.map { [$0.iso] } ?? [], text: d.text))
                }
            }
            score("documents", article: id, gold: Self.distinctEntries(items, key: R.documentKey, id: "id"), extracted: docs,
                  accepts: { g, x in g.keys.contains(x.key) }, describe: { ($0.key, $0.text) },
                  attributes: [("date", { g, x in
                      // The date the article gives for the document, at any of its mentions.
                      let want = R.str(g.item["date"])
                      return (want, want.flatMap { x.dates.contains($0) ? $0 : nil } ?? x.dates.first)
                  })])
        }

        // Terms: distinct (from, to).
        if let items = Self.goldItems(gold, "terms") {
            let entries = items.compactMap { item -> [String: Any]? in
                guard let f = R.int(item["from"]), let t = R.int(item["to"]) else { return nil }
                var i = item; i["key"] = "\(f)-\(t)"; return i
            }
            var seen = Set<String>()
            let terms = out.terms.map { ("\($0.from)-\($0.to)", $0.text) }.filter { seen.insert($0.0).inserted }
            score("terms", article: id, gold: Self.distinctEntries(entries, key: { $0 }, id: "key"), extracted: terms,
                  accepts: { g, x in g.keys.contains(x.0) }, describe: { ($0.0, $0.1) })
        }

        // Units: distinct canonical names; unnamed units and bare place names are neutral unless
        // gold lists them.
        if let items = Self.goldItems(gold, "units") {
            struct Group { var form: EvaluationRules.UnitForm; var members: [Int] }
            var groups: [Group] = []
            var at: [EvaluationRules.UnitForm: Int] = [:]
            for (i, u) in out.units.enumerated() {
                let f = R.unitForm(u.name)
                if let g = at[f] { groups[g].members.append(i) } else { at[f] = groups.count; groups.append(Group(form: f, members: [i])) }
            }
            let units = out.units
            // Gold keys are the forms' texts, read back into forms once.
            var forms: [String: EvaluationRules.UnitForm] = [:]
            let entries = Self.distinctEntries(items, key: { R.unitForm($0).text }, id: "name")
            for e in entries { for k in e.keys where forms[k] == nil { forms[k] = R.unitForm(k) } }
            func representative(_ g: GoldEntry, _ x: Group) -> UnitFact? {
                let m = x.members.first { Self.overlaps(units[$0].text, g.text) } ?? x.members.first
                return m.map { units[$0] }
            }
            score("units", article: id, gold: entries, extracted: groups,
                  accepts: { g, x in g.keys.contains { forms[$0]?.isSame(as: x.form) ?? false } },
                  rank: { g, x in (g.keys.contains(x.form.text) ? 0 : 2) + (x.members.contains { Self.overlaps(units[$0].text, g.text) } ? 0 : 1) },
                  neutral: { x in x.members.allSatisfy { m in
                      let u = units[m]
                      return R.namesNoOne(text: u.text, place: u.place) || R.isBarePlace(text: u.text, kind: R.label(u.kind))
                  } },
                  // "Kim Sơn" beside a matched "huyện Kim Sơn" is the same unit again.
                  repeatOf: { a, b in a.form.isSame(as: b.form) },
                  describe: { x in (x.form.text, x.members.first.map { units[$0].text } ?? "") },
                  attributes: [
                      ("kind", { g, x in (R.str(g.item["kind"]), R.label(representative(g, x)?.kind)) }),
                      ("place", { g, x in (R.placeKey(R.str(g.item["place"])), R.placeKey(representative(g, x)?.place)) }),
                  ])
        }

        // Dates: value and end, each gold item at most once; year-less extractions are neutral,
        // optional gold dates accept another granularity of the same period.
        if let items = Self.goldItems(gold, "dates") {
            let entries = items.filter { R.str($0["value"]) != nil }.map { item in
                let v = R.str(item["value"]) ?? "", e = R.str(item["end"])
                return GoldEntry(item: item, keys: [], optional: R.isOptional(item), display: v + (e.map { "…" + $0 } ?? ""))
            }
            let dates = out.dates.filter { $0.value != nil }
            score("dates", article: id, gold: entries, extracted: dates,
                  accepts: { g, x in
                      let v = R.str(g.item["value"]), e = R.str(g.item["end"])
                      return g.optional ? R.samePeriod(v, x.value) && R.samePeriod(e, x.end) : v == x.value && e == x.end
                  },
                  rank: { g, x in Self.overlaps(g.text, x.text) ? 0 : 1 },
                  repeatOf: { a, b in a.value == b.value && a.end == b.end && R.label(a.role) == R.label(b.role) && !a.span.overlaps(b.span) },
                  describe: { x in ((x.value ?? "null") + (x.end.map { "…" + $0 } ?? ""), x.text) },
                  attributes: [("role", { g, x in (R.str(g.item["role"]), R.label(x.role)) })])
            tallies["dates", default: Tally()].neutral += out.dates.count - dates.count
        }

        // Counts: on done and total when gold has a total (the percent is then an attribute),
        // else on done and percent.
        if let items = Self.goldItems(gold, "counts") {
            let entries = items.map { item in
                GoldEntry(item: item, keys: [], optional: R.isOptional(item),
                          display: Self.countKey(done: R.int(item["done"]), total: R.int(item["total"]), percent: R.num(item["percent"])))
            }
            func identity(_ c: CountFact) -> [String?] {
                [c.done.map(String.init), c.total.map(String.init), c.percent.map(R.numberText), R.label(c.level), R.label(c.status),
                 R.label(c.activity), R.placeKey(c.unit?.place), c.asOf]
            }
            score("counts", article: id, gold: entries, extracted: out.counts,
                  accepts: { g, x in
                      let done = R.int(g.item["done"])
                      if let total = R.int(g.item["total"]) { return x.done == done && x.total == total }
                      return x.done == done && R.samePercent(x.percent, R.num(g.item["percent"]))
                  },
                  rank: { g, x in Self.overlaps(g.text, x.text) ? 0 : 1 },
                  repeatOf: { a, b in identity(a) == identity(b) && !a.span.overlaps(b.span) },
                  describe: { x in (Self.countKey(done: x.done, total: x.total, percent: x.percent), x.text) },
                  attributes: [
                      ("level", { g, x in (R.str(g.item["level"]), R.label(x.level)) }),
                      ("status", { g, x in (R.str(g.item["status"]), R.label(x.status)) }),
                      ("activity", { g, x in (R.str(g.item["activity"]), R.label(x.activity)) }),
                      ("unitPlace", { g, x in (R.placeKey(R.str(g.item["unitPlace"])), R.placeKey(x.unit?.place)) }),
                      ("asOf", { g, x in (R.str(g.item["asOf"]), x.asOf) }),
                      ("percent", { g, x in
                          guard R.int(g.item["total"]) != nil else { return nil }   // matched on done/total only
                          let want = R.num(g.item["percent"])
                          return (want.map(R.numberText), R.samePercent(want, x.percent) ? want.map(R.numberText) : x.percent.map(R.numberText))
                      }),
                  ])
        }
    }

    /// Adds another evaluation's counts (for scoring sets separately and together).
    public mutating func merge(_ o: Evaluation) {
        articles += o.articles
        for (k, v) in o.tallies {
            var t = tallies[k] ?? Tally()
            t.tp += v.tp; t.fp += v.fp; t.fn += v.fn; t.neutral += v.neutral; t.annotated += v.annotated
            tallies[k] = t
        }
        for (k, v) in o.attributes { attributes[k, default: Attribute()].right += v.right; attributes[k, default: Attribute()].total += v.total }
        differences += o.differences
    }
}

// MARK: Reports

extension Evaluation {
    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let c = s.count
        guard c < n else { return s }
        let fill = String(repeating: " ", count: n - c)
        return right ? fill + s : s + fill
    }

    static func fixed(_ d: Double) -> String { String(format: "%.3f", d) }

    /// The table: one line per type, the micro total and the macro-F1, then attribute accuracies.
    public func report() -> String {
        var s = Self.pad("type", 12) + ["tp", "fp", "fn", "neutral"].map { Self.pad($0, 8, right: true) }.joined()
            + ["precision", "recall", "F1"].map { Self.pad($0, 11, right: true) }.joined() + "\n"
        func line(_ name: String, _ x: Tally) -> String {
            Self.pad(name, 12) + [x.tp, x.fp, x.fn, x.neutral].map { Self.pad(String($0), 8, right: true) }.joined()
                + [x.precision, x.recall, x.f1].map { Self.pad(Self.fixed($0), 11, right: true) }.joined() + "\n"
        }
        for t in Self.types {
            let x = tallies[t] ?? Tally()
            if x.annotated == 0 { s += Self.pad(t, 12) + Self.pad("not annotated in this gold", 44, right: true) + "\n" } else { s += line(t, x) }
        }
        s += line("all (micro)", micro)
        s += "macro-F1 (" + Self.macroTypes.joined(separator: ", ") + "): " + Self.fixed(macroF1) + "\n"
        s += "\n" + Self.pad("attribute (over matched items)", 32) + Self.pad("right", 7, right: true) + Self.pad("total", 7, right: true) + Self.pad("accuracy", 11, right: true) + "\n"
        let names = Self.attributeNames + attributes.keys.filter { !Self.attributeNames.contains($0) }.sorted()
        for k in names {
            let v = attributes[k] ?? Attribute()
            s += Self.pad("  " + k, 32) + Self.pad(String(v.right), 7, right: true) + Self.pad(String(v.total), 7, right: true)
                + Self.pad(v.total == 0 ? "–" : Self.fixed(v.accuracy), 11, right: true) + "\n"
        }
        s += "\(articles) article(s)\n"
        return s
    }

    /// Every miss, spurious item and wrong attribute, grouped by article.
    public func diffReport() -> String {
        var order: [String] = []
        var by: [String: [Difference]] = [:]
        for d in differences { if by[d.article] == nil { order.append(d.article) }; by[d.article, default: []].append(d) }
        if order.isEmpty { return "no differences\n" }
        let kindOrder: [Difference.Kind: Int] = [.missed: 0, .spurious: 1, .wrong: 2]
        var s = ""
        for a in order {
            let ds = (by[a] ?? []).enumerated().sorted { (kindOrder[$0.element.kind] ?? 0, $0.offset) < (kindOrder[$1.element.kind] ?? 0, $1.offset) }.map(\.element)
            let n = { (k: Difference.Kind) in ds.filter { $0.kind == k }.count }
            s += "== \(a)  (\(n(.missed)) missed, \(n(.spurious)) spurious, \(n(.wrong)) wrong)\n"
            let keyWidth = min(28, ds.map(\.key.count).max() ?? 0)
            for d in ds {
                var l = "  " + Self.pad(d.kind.rawValue, 9) + Self.pad(d.type, 18) + Self.pad(d.key, keyWidth)
                if !d.detail.isEmpty { l += "  " + d.detail }
                if !d.text.isEmpty { l += "  «" + d.text.replacingOccurrences(of: "\n", with: " ") + "»" }
                s += l + "\n"
            }
        }
        return s
    }

    static func rounded(_ d: Double) -> JSONValue { .double((d * 10_000).rounded() / 10_000) }

    static func tallyJSON(_ x: Tally) -> [(String, JSONValue)] {
        [("tp", .int(x.tp)), ("fp", .int(x.fp)), ("fn", .int(x.fn)), ("neutral", .int(x.neutral)), ("annotated", .int(x.annotated)),
         ("precision", rounded(x.precision)), ("recall", rounded(x.recall)), ("f1", rounded(x.f1))]
    }

    /// The scores for machines: `{articles, types: {TYPE: {tp, fp, fn, neutral, annotated,
    /// precision, recall, f1}}, micro, macroF1, attributes: {NAME: {right, total, accuracy}},
    /// differences?: [{article, kind, type, key, detail, text}]}`. A type no gold file annotates
    /// has `null` for its scores.
    public func json(differences withDifferences: Bool = false) -> JSONValue {
        var o: [(String, JSONValue)] = [("articles", .int(articles))]
        o.append(("types", .object(Self.types.map { t in
            let x = tallies[t] ?? Tally()
            return (t, x.annotated == 0 ? .null : .object(Self.tallyJSON(x)))
        })))
        o.append(("micro", .object(Self.tallyJSON(micro))))
        o.append(("macroF1", Self.rounded(macroF1)))
        o.append(("attributes", .object(Self.attributeNames.map { k in
            let v = attributes[k] ?? Attribute()
            return (k, .object([("right", .int(v.right)), ("total", .int(v.total)), ("accuracy", v.total == 0 ? .null : Self.rounded(v.accuracy))]))
        })))
        if withDifferences {
            o.append(("differences", .array(differences.map { d in .object([
                ("article", .string(d.article)), ("kind", .string(d.kind.rawValue)), ("type", .string(d.type)),
                ("key", .string(d.key)), ("detail", .string(d.detail)), ("text", .string(d.text)),
            ]) })))
        }
        return .object(o)
    }
}
