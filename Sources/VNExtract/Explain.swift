import VNText

/// One line of `vnfacts extract --explain`: a rule's match, what it made or why it refused, and
/// the tokens it read.
public struct ExplainEntry: Sendable {
    public var type: String
    public var rule: String
    /// What the match made ("121/235", "2020-03-02 as-of"), or why it made nothing.
    public var outcome: String
    public var tokens: [String]
    public var span: Range<Int>
}

extension Extractor {
    /// Records the claims and units of a part for `--explain` (spans shifted by `offset`).
    func record(_ doc: Doc, _ claims: Claims, units: [UnitMention], facts: ArticleFacts, offset: Int = 0) {
        func toks(_ r: Range<Int>) -> [String] { r.clamped(to: 0..<doc.count).map { doc.str($0) } }
        func shift(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + offset)..<(r.upperBound + offset) }
        for c in claims.taken {
            let outcome: String
            switch c.claim {
            case .document(let l): outcome = l.map(\.id).joined(separator: ", ")
            case .shortDocument(let k, let n, let i, _): outcome = "\(k.code) \(n)\(i.map { " of \($0)" } ?? "") (short mention)"
            case .date(let m): outcome = facts.dates.first { $0.range == doc.normRange(m.tokens) || $0.span == doc.span(m.tokens) }.map { "\($0.value ?? "?")\($0.end.map { "..\($0)" } ?? "") \($0.role)" } ?? "date"
            case .term(let a, let b): outcome = "\(a)-\(b)"
            case .figure:
                let span = doc.span(c.range)
                if let f = facts.counts.first(where: { $0.rule == c.rule.name && $0.span.lowerBound <= span.lowerBound && $0.span.upperBound >= span.lowerBound }) {
                    outcome = FactSummary.count(f) + " level=\(f.level) status=\(f.status) activity=\(f.activity) unit=\(f.unit?.name ?? "-") (\(f.unitRule ?? "-")) asOf=\(f.asOf ?? "-")"
                } else { outcome = "no count: its subject is not a party organization, or it is in the headline" }
            case .refused(let why): outcome = "refused: " + why
            case .units: continue
            }
            explanation.append(ExplainEntry(type: c.rule.type.rawValue, rule: c.rule.name, outcome: outcome, tokens: toks(c.range), span: shift(doc.span(c.range))))
        }
        for u in units {
            explanation.append(ExplainEntry(type: "unit", rule: u.fact.rule, outcome: u.fact.name + (u.fact.placeCode.map { " [\($0)]" } ?? ""), tokens: toks(u.tokens), span: shift(u.fact.span)))
        }
        // x/y-looking figures no rule read.
        var i = 0
        while i + 2 < doc.count {
            if doc.isNumber(i), doc.key(i + 1) == "/", doc.adjacent(i + 1), doc.adjacent(i + 2), doc.isNumber(i + 2), !claims.isClaimed(i), !claims.isClaimed(i + 2) {
                explanation.append(ExplainEntry(type: "count", rule: "-", outcome: "no rule read it (no party organizations named beside it)", tokens: toks(i..<min(doc.count, i + 5)), span: shift(doc.span(i..<(i + 3)))))
            }
            i += 1
        }
    }

    /// The explanation as text: one line per entry, in text order.
    public static func renderExplanation(_ entries: [ExplainEntry], id: String) -> String {
        var out = "# \(id)\n"
        for e in entries.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
            out += "\(e.span.lowerBound)-\(e.span.upperBound)\t\(e.type)\t\(e.rule)\t\(e.outcome)\t[\(e.tokens.joined(separator: " "))]\n"
        }
        return out
    }
}

/// Short forms of facts, as the rules' examples write them.
enum FactSummary {
    static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
    static func count(_ c: CountFact) -> String {
        var s = c.done.map(String.init) ?? ""
        if let t = c.total { s += "/\(t)" }
        if let p = c.percent { s += (s.isEmpty ? "" : " ") + number(p) + "%" }
        return s
    }
    static func date(_ d: DateFact) -> String { (d.value ?? "?") + (d.end.map { "..\($0)" } ?? "") }
}
