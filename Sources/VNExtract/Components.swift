import VNText
import VNGazetteer

/// Every rule the extractor knows, by type.
enum RuleBooks {
    static let all: [Rule] = DocumentRules.rules + DateRules.rules + TermRules.rules + CountRules.rules + UnitRules.rules
    /// The figures layer: documents, dates, terms and counts claim their tokens in one pass.
    static let figures: [Rule] = DocumentRules.rules + DateRules.rules + TermRules.rules + CountRules.rules
    /// The names layer: units, over the tokens no document or date holds.
    static let names: [Rule] = UnitRules.rules
}

/// The extraction steps in their order, each with what it reads and what it writes (as spaCy's
/// pipeline components declare `requires`/`assigns`); `Pipeline.check()` proves every input
/// is written by an earlier step.
struct Component: Sendable {
    let name: String
    let requires: Set<String>
    let assigns: Set<String>
}

enum Pipeline {
    static let components: [Component] = [
        Component(name: "normalize", requires: ["input"], assigns: ["text"]),
        Component(name: "tokenize", requires: ["text"], assigns: ["tokens", "sentences", "keys"]),
        Component(name: "article", requires: ["tokens", "keys"], assigns: ["article", "lines", "body"]),
        Component(name: "claims", requires: ["tokens", "keys", "body"], assigns: ["claims"]),
        Component(name: "reference", requires: ["article", "claims"], assigns: ["reference"]),
        Component(name: "places", requires: ["reference", "lines", "body"], assigns: ["places"]),
        Component(name: "documents", requires: ["claims", "reference"], assigns: ["documents", "document-dates"]),
        Component(name: "dates", requires: ["claims", "reference", "document-dates"], assigns: ["dates"]),
        Component(name: "terms", requires: ["claims"], assigns: ["terms"]),
        Component(name: "units", requires: ["places", "claims"], assigns: ["units"]),
        Component(name: "counts", requires: ["claims", "units", "places", "dates", "article"], assigns: ["counts"]),
    ]

    /// The first input a component reads that no earlier component wrote, if any.
    static func check() -> String? {
        var have: Set<String> = ["input"]
        for c in components {
            if let missing = c.requires.subtracting(have).sorted().first { return "\(c.name) reads \(missing) before any step writes it" }
            have.formUnion(c.assigns)
        }
        return nil
    }
}

extension Extractor {
    /// Documents from the claims: full numbers with their date and issuer's name; short mentions
    /// resolved through the article's full mention or the registry. Returns the token where each
    /// document's date starts (those dates take the role `document`).
    func documents(_ doc: Doc, _ claims: Claims, _ facts: inout ArticleFacts, reference: Day?) -> [Int: String] {
        var docDates: [Int: String] = [:]
        var full: [DocumentFact] = []
        var shorts: [(kind: DocumentKind, number: String, issuer: String?, range: Range<Int>, rule: String)] = []
        let dateAt: [Int: Candidate] = Dictionary(claims.taken.compactMap { c in if case .date = c.claim { return (c.range.lowerBound, c) }; return nil }, uniquingKeysWith: { a, _ in a })
        for cand in claims.taken {
            switch cand.claim {
            case .document(let nums):
                // The date and issuer written with the number are every document's of a list
                // ("Nghị quyết số 18, 19-NQ/TW ngày … của …"); only the registry is asked per id.
                guard let first = nums.first else { continue }
                let r = cand.range
                var end = r.upperBound
                var date: Day? = nil
                // ", ngày 30/5/2019" / "ban hành ngày …" right after.
                var k = end
                if doc.key(k) == "," { k += 1 }
                if doc.key(k) == "ban" && doc.key(k + 1) == "hanh" { k += 2 }
                if let dc = dateAt[k], doc.key(k) == "ngay", case .date(let m) = dc.claim, let y = m.year, let d = m.day, let dd = Day(y, m.month, d), !m.isRange {
                    date = dd; docDates[k] = first.id; end = dc.range.upperBound
                }
                var issuerName = vocabulary.issuerCodes[first.issuer]?.name
                if doc.key(end) == "cua" {
                    var e = end + 1
                    while e < doc.count, e < end + 9, doc.kind(e) == .word, !["ve", "va", "nham", "quy", "theo", "tien"].contains(doc.key(e)) || (e == end + 1) { e += 1 }
                    if e > end + 1 { issuerName = doc.normText((end + 1)..<e) }
                }
                // "Ngày 30 - 10 - 2024, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 215-KH/TU": the
                // date that opens the clause where it is issued.
                if date == nil {
                    let c = max(doc.clauseStart(r.lowerBound), r.lowerBound - 30)
                    if (c..<r.lowerBound).contains(where: { doc.key($0) == "ban" && doc.key($0 + 1) == "hanh" }),
                       let dc = claims.taken.first(where: { $0.range.lowerBound >= c && $0.range.upperBound <= r.lowerBound && { if case .date(let m) = $0.claim { return m.day != nil && m.year != nil && !m.isRange }; return false }($0) }),
                       case .date(let m) = dc.claim, let y = m.year, let d = m.day, let dd = Day(y, m.month, d) {
                        date = dd; docDates[dc.range.lowerBound] = first.id
                    }
                }
                for num in nums {
                    let id = num.id
                    full.append(DocumentFact(id: id, kind: num.kind.code, kindName: num.kindWord?.name ?? num.kind.name, number: num.number, year: num.year,
                                             issuer: num.issuer, issuerName: issuerName, date: date ?? registryDocument(id: id, on: reference)?.date,
                                             resolvedFrom: nil, rule: cand.rule.name, text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r)))
                }
            case .shortDocument(let kind, let number, let issuer, let mention):
                shorts.append((kind, number, issuer, mention, cand.rule.name))
                // "Chỉ thị số 40 ngày 13/7/2023": the date right after is the document's.
                var k = mention.upperBound
                if doc.key(k) == "," { k += 1 }
                if doc.key(k) == "ngay", let dc = dateAt[k], case .date(let m) = dc.claim, m.day != nil, !m.isRange { docDates[k] = "\(kind.code) \(number)" }
            default: continue
            }
        }
        facts.documents = full
        // "Nghị quyết số 18 và Nghị quyết số 19 của Trung ương Đảng": the issuer named after the
        // last mention of a list is every mention's.
        for k in shorts.indices.reversed() where k + 1 < shorts.count && shorts[k].issuer == nil {
            let next = shorts[k + 1]
            let between = shorts[k].range.upperBound..<next.range.lowerBound
            guard let issuer = next.issuer, next.kind == shorts[k].kind, between.count == 1, ["va", ","].contains(doc.key(between.lowerBound)) else { continue }
            shorts[k].issuer = issuer
            shorts[k].rule = next.rule
        }
        for s in shorts {
            if let f = full.first(where: { $0.kind == s.kind.code && $0.number == s.number && (s.issuer == nil || $0.issuer == s.issuer) }) {
                var d = f
                d.resolvedFrom = doc.normText(s.range)
                d.rule = s.rule
                d.text = doc.originalText(s.range); d.span = doc.span(s.range); d.range = doc.normRange(s.range)
                facts.documents.append(d)
            } else if let issuer = s.issuer {
                // The issuer is named: the id is known; the registry gives its date when it has it.
                let id = DocumentNumber(number: s.number, year: nil, kind: s.kind, kindWritten: s.kind.code, issuer: issuer, state: false, kindWord: nil).id
                let known = registryDocument(id: id, on: reference)
                facts.documents.append(DocumentFact(id: id, kind: s.kind.code, kindName: s.kind.name, number: s.number, year: nil,
                                                    issuer: issuer, issuerName: vocabulary.issuerCodes[issuer]?.name, date: known?.date, resolvedFrom: doc.normText(s.range), rule: s.rule,
                                                    text: doc.originalText(s.range), span: doc.span(s.range), range: doc.normRange(s.range)))
            } else if let known = registryDocument(kind: s.kind.code, number: s.number, on: reference) {
                let issuer = vocabulary.issuerCodes[known.issuer]
                facts.documents.append(DocumentFact(id: known.id, kind: known.kind, kindName: s.kind.name, number: known.number, year: nil,
                                                    issuer: known.issuer, issuerName: issuer?.name, date: known.date, resolvedFrom: doc.normText(s.range), rule: s.rule,
                                                    text: doc.originalText(s.range), span: doc.span(s.range), range: doc.normRange(s.range)))
            } else {
                facts.warnings.append(FactWarning(code: "document-unresolved",
                                                  message: "'\(doc.normText(s.range))' names no full number in the article and no known document\(reference.map { " of \($0.year)" } ?? "")",
                                                  span: doc.span(s.range)))
            }
        }
        facts.documents.sort { $0.range.lowerBound < $1.range.lowerBound }
        return docDates
    }

    /// Dates from the claims: years settled (the article's, else a full date later in the same
    /// sentence, else the nearest full date), roles from the words around them.
    func dates(_ doc: Doc, _ claims: Claims, _ facts: inout ArticleFacts, documentDates: [Int: String], reference: Day?, published: Day?, dateline: Range<Int>?) {
        // The dateline's date is already the `published` fact.
        let found: [(DateMatch, String)] = claims.taken.compactMap { c in
            if case .date(let m) = c.claim, dateline.map({ !$0.overlaps(m.tokens) }) ?? true { return (m, c.rule.name) }
            return nil
        }
        let full = found.filter { $0.0.year != nil && !$0.0.yearOnly }.map(\.0)
        for (m0, rule) in found {
            var m = m0
            if m.year == nil {
                let s = doc.sentenceOf[min(m.tokens.lowerBound, max(0, doc.count - 1))]
                if let later = full.first(where: { $0.tokens.lowerBound > m.tokens.lowerBound && doc.sentenceOf[$0.tokens.lowerBound] == s }) { m.year = later.year }
                else if let reference { m.year = reference.year }
                else if let near = full.min(by: { abs($0.tokens.lowerBound - m.tokens.lowerBound) < abs($1.tokens.lowerBound - m.tokens.lowerBound) }) { m.year = near.year }
            }
            if m.isRange, m.endYear == nil { m.endYear = m.year }
            var fact = makeDateFact(doc, m)
            fact.rule = rule
            fact.role = dateRole(doc, m, documentDateTokens: documentDates, published: published)
            if fact.value == nil {
                facts.warnings.append(FactWarning(code: "date-without-year", message: "'\(fact.text)' has no year and the article gives none: not guessed", span: fact.span))
            }
            facts.dates.append(fact)
        }
    }

    /// Terms of office from the claims.
    func terms(_ doc: Doc, _ claims: Claims, _ facts: inout ArticleFacts) {
        for c in claims.taken {
            guard case .term(let a, let b) = c.claim else { continue }
            facts.terms.append(TermFact(from: a, to: b, rule: c.rule.name, text: doc.originalText(c.range), span: doc.span(c.range), range: doc.normRange(c.range)))
        }
    }
}
