import VNText
import VNGazetteer

/// A rule that gives one attribute of a count (its percent, its reporting unit …): a name, how it
/// reads the text, and example sentences with the value it must give there.
struct AttributeRule: Sendable {
    let attribute: String
    let name: String
    let pattern: P
    let matcher: Matcher
    let examples: [Example]
    init(_ attribute: String, _ name: String, _ pattern: P, examples: [Example]) {
        self.attribute = attribute; self.name = name; self.pattern = pattern; matcher = Matcher(pattern); self.examples = examples
    }
}

enum CountAttributeRules {
    static let pct: P = .seq([.cap("pct", .number(.decimal)), .w("%")])
    /// The percent stated beside an x/y, tried in order right after the figure and its subject.
    static let percent: [AttributeRule] = [
        AttributeRule("percent", "count.percent.parenthesized",
                      .seq([.w("("), .opt(.any(["đạt", "chiếm", "bằng", "="])), .opt(.w("tỷ lệ")), pct]),
                      examples: [Example("Có 212/230 chi bộ (đạt 92,2%) đã đại hội.", "212/230 92.2%"), Example("Có 15/15 chi bộ (100%) đã đại hội.", "15/15 100%")]),
        AttributeRule("percent", "count.percent.equals", .seq([.w("="), pct]),
                      examples: [Example("Đã có 57/61 tổ chức cơ sở đảng = 93,4% đại hội.", "57/61 93.4%")]),
        AttributeRule("percent", "count.percent.far", .seq([.w("("), .opt(.any(["đạt", "chiếm", "bằng"])), .opt(.w("tỷ lệ")), pct, .w(")")]),
                      examples: [Example("Có 37 trong tổng số 38 chi bộ đã hoàn thành tổ chức đại hội nhiệm kỳ 2020 - 2025 (chiếm 97%).", "37/38 97%")]),
        AttributeRule("percent", "count.percent.reaching",
                      .seq([.opt(.w(",")), .any(["đạt", "chiếm", "bằng"]), .opt(.w("tỷ lệ")), .opt(.any(["hơn", "trên", "gần"])), pct]),
                      examples: [Example("Có 2.107/2.734 chi bộ đã đại hội, đạt tỷ lệ 77%.", "2107/2734 77%"),
                                 Example("Có 11/37 chi, đảng bộ cơ sở hoàn thành đại hội nhiệm kỳ 2020 - 2025, đạt tỷ lệ 29,72%.", "11/37 29.72%")]),
    ]
}

extension Extractor {
    /// The percent beside an x/y figure: one of `CountAttributeRules.percent` at the first tokens
    /// after the figure (and its subject), or a little further on in the clause before another figure.
    func percentBeside(_ c: RuleContext, after start: Int, figure: Int, skip: (Int) -> Bool) -> Double? {
        let d = c.doc
        let e = d.clauseEnd(figure)
        var k = start
        while k < e, k < start + 30 {
            if d.isNumber(k), !(d.key(k + 1) == "%"), !skip(k) { return nil }
            for r in CountAttributeRules.percent {
                if let m = r.matcher.longest(c, at: k), let p = m.caps["pct"], let v = d.decimalValue(p.lowerBound), v <= 100 {
                    // Not the start of a range of rates ("đạt 80 - 90%").
                    if d.key(p.upperBound + 1) == "-" { return nil }
                    return v
                }
            }
            k += 1
        }
        return nil
    }
}
