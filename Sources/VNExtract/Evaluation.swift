import Foundation
import VNText

/// Scores extracted facts against hand-checked gold files (spec/gold.md): per type precision,
/// recall and F1 (micro-averaged over articles) and attribute accuracies over matches.
public struct Evaluation {
    public struct Tally: Sendable {
        public var tp = 0, fp = 0, fn = 0
        public init() {}
        public var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        public var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }
    public struct Attribute: Sendable { public var right = 0, total = 0; public var accuracy: Double { total == 0 ? 1 : Double(right) / Double(total) } }

    public static let types = ["documents", "dates", "terms", "units", "counts"]
    public var tallies: [String: Tally] = [:]
    public var attributes: [String: Attribute] = [:]
    /// Human-readable differences: "ARTICLE type missed|spurious|wrong …".
    public var diffs: [String] = []
    public var articles = 0

    public init() {}

    static func fold(_ s: String?) -> String { s.map { Folding.exact($0) } ?? "∅" }
    static func str(_ v: Any?) -> String? {
        if let s = v as? String { return s }
        if let n = v as? NSNumber { return n.stringValue }
        return nil
    }
    static func num(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }
    static func numKey(_ v: Any?) -> String { num(v).map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "null" }

    mutating func attr(_ name: String, _ ok: Bool, _ article: String, _ detail: @autoclosure () -> String) {
        attributes[name, default: Attribute()].total += 1
        if ok { attributes[name, default: Attribute()].right += 1 } else { diffs.append("\(article)\twrong \(name)\t\(detail())") }
    }

    /// Scores one article. `gold` is the parsed gold JSON, `facts` the extraction.
    public mutating func add(gold: [String: Any], facts: ArticleFacts) {
        articles += 1
        let id = facts.article.id
        let out = facts
        let gArticle = gold["article"] as? [String: Any] ?? [:]
        if gArticle.keys.contains("published") {
            let want = Self.str(gArticle["published"])
            attr("article.published", want == out.article.published?.iso, id, "gold \(want ?? "null"), got \(out.article.published?.iso ?? "null")")
        }
        func goldItems(_ key: String) -> [[String: Any]] { gold[key] as? [[String: Any]] ?? [] }
        func optional(_ g: [String: Any]) -> Bool { g["optional"] as? Bool ?? false }

        // Distinct-key types: documents (id), terms (from-to), units (folded name).
        func distinct(_ type: String, goldKey: ([String: Any]) -> String, got: [(String, String)], attrs: [(String, ([String: Any]) -> String, (Int) -> String)]) {
            var g: [String: [String: Any]] = [:]
            for item in goldItems(type) { let k = goldKey(item); if g[k].map(optional) ?? true { g[k] = item } }
            var seen: [String: Int] = [:]
            for (idx, (k, _)) in got.enumerated() where seen[k] == nil { seen[k] = idx }
            var t = tallies[type] ?? Tally()
            for (k, item) in g {
                if let idx = seen[k] {
                    t.tp += optional(item) ? 0 : 1
                    for (name, gv, ov) in attrs where item.keys.contains(name) {
                        let a = gv(item), b = ov(idx)
                        attr("\(type).\(name)", a == b, id, "\(k): gold \(a), got \(b)")
                    }
                } else if !optional(item) {
                    t.fn += 1; diffs.append("\(id)\tmissed \(type)\t\(k)\t\(Self.str(item["text"]) ?? "")")
                }
            }
            for (k, idx) in seen.sorted(by: { $0.value < $1.value }) where g[k] == nil {
                t.fp += 1; diffs.append("\(id)\tspurious \(type)\t\(k)\t\(got[idx].1)")
            }
            tallies[type] = t
        }
        distinct("documents", goldKey: { Self.str($0["id"]) ?? "" }, got: out.documents.map { ($0.id, $0.text) },
                 attrs: [("date", { Self.str($0["date"]) ?? "null" }, { out.documents[$0].date?.iso ?? "null" })])
        distinct("terms", goldKey: { "\(Self.numKey($0["from"]))-\(Self.numKey($0["to"]))" }, got: out.terms.map { ("\($0.from)-\($0.to)", $0.text) }, attrs: [])
        distinct("units", goldKey: { Self.fold(Self.str($0["name"])) }, got: out.units.map { (Self.fold($0.name), $0.text) },
                 attrs: [("kind", { Self.str($0["kind"]) ?? "null" }, { out.units[$0].kind }),
                         ("place", { Self.fold(Self.str($0["place"])) }, { Self.fold(out.units[$0].place) })])

        // Matched-once types: dates (value, end), counts (done, total, percent).
        func once(_ type: String, goldKey: ([String: Any]) -> String, got: [String], text: (Int) -> String, attrs: [(String, ([String: Any]) -> String, (Int) -> String)]) {
            var used = Array(repeating: false, count: got.count)
            var t = tallies[type] ?? Tally()
            let items = goldItems(type).sorted { !optional($0) && optional($1) }
            for item in items {
                let k = goldKey(item)
                // Prefer the extracted item whose text overlaps the gold text.
                let gtext = Self.str(item["text"]) ?? ""
                let candidates = got.indices.filter { !used[$0] && got[$0] == k }
                let pick = candidates.first { text($0).contains(gtext) || gtext.contains(text($0)) } ?? candidates.first
                if let idx = pick {
                    used[idx] = true
                    if optional(item) { continue }
                    t.tp += 1
                    for (name, gv, ov) in attrs where item.keys.contains(name) {
                        let a = gv(item), b = ov(idx)
                        attr("\(type).\(name)", a == b, id, "\(k) '\(gtext)': gold \(a), got \(b)")
                    }
                } else if !optional(item) {
                    t.fn += 1; diffs.append("\(id)\tmissed \(type)\t\(k)\t\(gtext)")
                }
            }
            for (idx, u) in used.enumerated() where !u { t.fp += 1; diffs.append("\(id)\tspurious \(type)\t\(got[idx])\t\(text(idx))") }
            tallies[type] = t
        }
        once("dates", goldKey: { "\(Self.str($0["value"]) ?? "null")…\(Self.str($0["end"]) ?? "null")" },
             got: out.dates.map { "\($0.value ?? "null")…\($0.end ?? "null")" }, text: { out.dates[$0].text },
             attrs: [("role", { Self.str($0["role"]) ?? "null" }, { out.dates[$0].role })])
        once("counts", goldKey: { "\(Self.numKey($0["done"]))/\(Self.numKey($0["total"])) \(Self.numKey($0["percent"]))%" },
             got: out.counts.map { c in "\(c.done.map(String.init) ?? "null")/\(c.total.map(String.init) ?? "null") \(c.percent.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "null")%" },
             text: { out.counts[$0].text },
             attrs: [("level", { Self.str($0["level"]) ?? "null" }, { out.counts[$0].level }),
                     ("status", { Self.str($0["status"]) ?? "null" }, { out.counts[$0].status }),
                     ("activity", { Self.str($0["activity"]) ?? "null" }, { out.counts[$0].activity }),
                     ("unitPlace", { Self.fold(Self.str($0["unitPlace"])) }, { Self.fold(out.counts[$0].unit?.place) }),
                     ("asOf", { Self.str($0["asOf"]) ?? "null" }, { out.counts[$0].asOf ?? "null" })])
    }

    /// The report: one line per type, then attribute accuracies.
    public func report() -> String {
        var s = "type        tp   fp   fn  precision  recall     F1\n"
        var all = Tally()
        for t in Self.types {
            let x = tallies[t] ?? Tally()
            all.tp += x.tp; all.fp += x.fp; all.fn += x.fn
            s += t.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %4d %4d %4d     %6.3f  %6.3f  %6.3f\n", x.tp, x.fp, x.fn, x.precision, x.recall, x.f1)
        }
        s += "all       " + String(format: " %4d %4d %4d     %6.3f  %6.3f  %6.3f\n", all.tp, all.fp, all.fn, all.precision, all.recall, all.f1)
        s += "\nattribute accuracy (over matched items)\n"
        for (k, v) in attributes.sorted(by: { $0.key < $1.key }) {
            s += "  " + k.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: " %4d/%-4d %6.3f\n", v.right, v.total, v.accuracy)
        }
        s += "\(articles) article(s)\n"
        return s
    }
}
