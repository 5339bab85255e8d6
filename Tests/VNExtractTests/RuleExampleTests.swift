import Foundation
import Testing
@testable import VNExtract
import VNGazetteer
import VNText

/// Every rule's examples are its tests: each example sentence must give the fact it states,
/// made by that rule; each negative sentence must give no fact of the rule's type from it.
@Suite struct RuleExampleTests {
    static let rules: [Rule] = RuleBooks.all

    /// The facts of a rule's type, with their rule, as summaries and fields.
    static func made(_ f: ArticleFacts, type: RuleType, rule: String) -> [(summary: String, fields: [String: String])] {
        switch type {
        case .document:
            return f.documents.filter { $0.rule == rule }.map { ($0.id, ["from": $0.resolvedFrom ?? ""]) }
        case .date:
            return f.dates.filter { $0.rule == rule }.map { (FactSummary.date($0), ["role": $0.role]) }
        case .term:
            return f.terms.filter { $0.rule == rule }.map { ("\($0.from)-\($0.to)", [:]) }
        case .count:
            return f.counts.filter { $0.rule == rule }.map {
                (FactSummary.count($0), ["level": $0.level, "status": $0.status, "activity": $0.activity, "unit": $0.unit?.name ?? "", "asOf": $0.asOf ?? ""])
            }
        case .unit:
            return f.units.filter { $0.rule == rule }.map { ($0.name, ["kind": $0.kind, "place": $0.place ?? ""]) }
        }
    }

    static func run(_ text: String) -> (ArticleFacts, [ExplainEntry]) {
        let x = try! Extractor(vocabulary: vocabulary)
        x.explains = true
        let f = x.extract(utf8: Array(article(text).utf8), id: "example", hint: ArticleHint(published: Day(iso: "2020-10-15")))
        return (f, x.explanation)
    }

    @Test("every rule has an example", arguments: rules.map(\.name))
    func hasExamples(_ name: String) throws {
        let r = try #require(Self.rules.first { $0.name == name })
        #expect(!r.examples.isEmpty, "\(name) has no example")
    }

    @Test("every rule's named parts fit the matcher's inline capture buffer")
    func capturesFit() {
        let all = Self.rules.map { ($0.name, $0.matcher) } + CountAttributeRules.percent.map { ($0.name, $0.matcher) }
        for (name, m) in all {
            #expect(m.program.maxCaptures <= CaptureSet.capacity, "\(name) records \(m.program.maxCaptures) parts")
        }
    }

    /// A rule whose pattern can start with any token is tried at every token of every article
    /// (a pattern that opens with an optional part and then a custom test does): it must start
    /// with a word, a vocabulary, a number or a capital.
    @Test("no rule is tried at every token")
    func everyRuleHasATrigger() {
        for r in Self.rules { #expect(!r.matcher.trigger.anywhere, "\(r.name) can start anywhere: open its pattern with a word, a vocabulary, .atNumber or a capital") }
    }

    @Test("rule names are unique")
    func uniqueNames() {
        let names = Self.rules.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test("examples give their fact", arguments: rules.flatMap { r in r.examples.map { (r.name, $0.text, $0.expect) } })
    func example(_ name: String, _ text: String, _ expect: String) throws {
        let r = try #require(Self.rules.first { $0.name == name })
        let (f, why) = Self.run(text)
        if expect == "refused" {
            #expect(why.contains { $0.rule == name && $0.outcome.hasPrefix("refused") }, "\(name) did not refuse in '\(text)': \(why.map { "\($0.rule) \($0.outcome)" })")
            if r.type == .count { #expect(f.counts.isEmpty, "'\(text)' gave counts \(f.counts.map(FactSummary.count))") }
            return
        }
        let parts = expect.split(separator: " ").map(String.init)
        let checks = parts.filter { $0.contains("=") }
        let summary = parts.filter { !$0.contains("=") }.joined(separator: " ")
        let got = Self.made(f, type: r.type, rule: name)
        let wanted = r.type == .unit ? summary.components(separatedBy: "; ") : [summary]
        for w in wanted {
            let hit = got.first { $0.summary == w }
            #expect(hit != nil, "\(name): '\(text)' gave \(got.map(\.summary)), not \(w); explain: \(why.map { "\($0.rule) \($0.outcome)" })")
            for c in checks {
                let kv = c.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, let hit else { continue }
                #expect(hit.fields[kv[0]] == kv[1].replacingOccurrences(of: "_", with: " "), "\(name): '\(text)': \(kv[0]) is \(hit.fields[kv[0]] ?? "nil"), not \(kv[1])")
            }
        }
    }

    @Test("negatives give nothing of the rule's type", arguments: rules.flatMap { r in r.negatives.map { (r.name, $0) } })
    func negative(_ name: String, _ text: String) throws {
        let r = try #require(Self.rules.first { $0.name == name })
        let (f, _) = Self.run(text)
        let got = Self.made(f, type: r.type, rule: name)
        #expect(got.isEmpty, "\(name) made \(got.map(\.summary)) from the negative '\(text)'")
    }

    @Test("attribute rules give their value", arguments: CountAttributeRules.percent.flatMap { r in r.examples.map { (r.name, $0.text, $0.expect) } })
    func attribute(_ name: String, _ text: String, _ expect: String) {
        let (f, _) = Self.run(text)
        #expect(f.counts.map(FactSummary.count).contains(expect), "\(name): '\(text)' gave \(f.counts.map(FactSummary.count)), not \(expect)")
    }

    @Test("the pipeline's steps read only what earlier steps wrote")
    func pipelineOrder() { #expect(Pipeline.check() == nil, "\(Pipeline.check() ?? "")") }

    @Test("facts survive a JSON round trip with their rules")
    func roundTrip() throws {
        let (f, _) = Self.run("Đến ngày 2/3/2020, có 121/235 chi bộ trực thuộc Đảng bộ huyện Kim Sơn (Ninh Bình) đã tổ chức đại hội theo Chỉ thị số 35-CT/TW.")
        let data = try JSONEncoder().encode(f)
        let back = try JSONDecoder().decode(ArticleFacts.self, from: data)
        #expect(back.counts.map(\.rule) == f.counts.map(\.rule))
        #expect(back.documents.map(\.id) == f.documents.map(\.id))
        #expect(!f.counts.isEmpty && f.counts.allSatisfy { !$0.rule.isEmpty })
        let json = f.json().serialized()
        #expect(json.contains("\"rule\":\"count.slash\""))
    }
}
