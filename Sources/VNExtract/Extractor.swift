import Foundation
import VNText
import VNGazetteer

/// Reads one article into facts (facts.md). Not thread-safe (it owns ICU iterators): use one per
/// thread; the compiled vocabulary is shared.
///
/// Example:
/// ```swift
/// let vocab = try CompiledVocabulary(gazetteer: Gazetteer.load())
/// let x = try Extractor(vocabulary: vocab)
/// let facts = x.extract(utf8: Array(text.utf8), id: "000")
/// print(facts.json().serialized())
/// ```
public final class Extractor {
    /// Bumped whenever extraction output can change: stores re-read older articles.
    public static let version = "0.4.0"

    public let vocabulary: CompiledVocabulary
    let normalizer = Normalizer()
    let tokenizer: Tokenizer
    /// Successor notes by unit version (the same units recur across a batch).
    var successorCache: [String: String?] = [:]
    var linkCache: [String: LinkResult] = [:]
    /// Folded keys of token spellings seen so far (a language has few distinct syllables).
    var tokenCache = TokenKeyCache()

    public init(vocabulary: CompiledVocabulary) throws {
        self.vocabulary = vocabulary
        tokenizer = try Tokenizer(abbreviations: vocabulary.gazetteer.abbreviations)
    }

    /// Extracts the facts of one decoded article (UTF-8 bytes; spans refer to them).
    /// Nanoseconds spent per stage (for `bench`).
    public var stageNanos: [String: UInt64] = [:]
    @inline(__always) func lap(_ name: String, _ t: inout UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        stageNanos[name, default: 0] += now - t
        t = now
    }

    public func extract(utf8 bytes: [UInt8], id: String, encoding: String = "utf-8", hint: ArticleHint = ArticleHint()) -> ArticleFacts {
        var t = DispatchTime.now().uptimeNanoseconds
        let text = normalizer.normalize(bytes)
        let doc = Doc(text: text, tokenized: tokenizer.tokenize(text), cache: &tokenCache)
        lap("normalize+tokenize+keys", &t)
        let (info, lines, publishedRange) = readArticle(doc, id: id, encoding: encoding, hint: hint)
        lap("article", &t)
        for l in lines where l.chrome != nil && l.chrome != "title" { for t in l.tokens { doc.inBody[t] = false } }
        var facts = ArticleFacts(article: info)
        let scanner = DateScanner(doc: doc)

        // The article's date, or the latest full date of the text, anchors year-less dates,
        // short document mentions and unit versions.
        var reference = info.published
        if reference == nil {
            var latest: Day? = nil
            var i = 0
            while i < doc.count {
                if doc.inBody[i], let m = scanner.scan(at: i) {
                    if let y = m.year, let d = Day(y, m.month, m.day ?? 1), d.year <= 2100 { latest = max(latest ?? d, d) }
                    i = m.tokens.upperBound
                } else { i += 1 }
            }
            reference = latest
        }
        // Failing any date, the first term of office anchors the campaign ("nhiệm kỳ 2020-2025").
        var termReference: Day? = nil
        if reference == nil {
            var probe = ArticleFacts(article: info)
            extractTerms(doc, &probe)
            if let t = probe.terms.first { termReference = Day(t.from, 1, 1) }
        }
        if let r = publishedRange, let p = info.published {
            facts.dates.append(DateFact(value: p.iso, end: nil, granularity: .day, role: "published", text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), day: p))
        }
        lap("reference", &t)
        let places = articlePlaces(doc, day: reference ?? termReference, source: info.source, lines: lines)
        lap("places", &t)
        let docDates = extractDocuments(doc, &facts, reference: reference ?? termReference, dateScanner: scanner)
        extractDates(doc, &facts, documentDateTokens: docDates, reference: reference, published: info.published)
        // Crawl dates ("Hôm nay, Thứ bảy ngày 16/01/2021") are recorded as `other`, never as the article's date.
        for l in lines where l.chrome == "crawl-date" {
            if let (d, r) = datelineDate(doc, in: l.tokens) {
                facts.dates.append(DateFact(value: d.iso, end: nil, granularity: .day, role: "other", text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), day: d))
            }
        }
        facts.dates.sort { $0.range.lowerBound < $1.range.lowerBound }
        lap("documents+dates", &t)
        extractTerms(doc, &facts)
        var warnings: [FactWarning] = []
        let units = findUnits(doc, places: places, warnings: &warnings)
        facts.units = units.map(\.fact) + siteUnits(doc, lines: lines, places: places)
        facts.warnings += warnings
        lap("units", &t)
        // Counts: not inside dates, document numbers or terms.
        var excluded = Array(repeating: false, count: doc.count)
        func exclude(_ r: Range<Int>) {
            var t = tokenIndex(doc, atOrAfter: r.lowerBound)
            while t < doc.count, doc.tokens[t].range.lowerBound < r.upperBound { excluded[t] = true; t += 1 }
        }
        for d in facts.dates { exclude(d.range) }
        for d in facts.documents { exclude(d.range) }
        for t in facts.terms { exclude(t.range) }
        // Headlines repeat the body's figures: counts come from the body only.
        for l in lines where l.chrome == "title" { for t in l.tokens { excluded[t] = true } }
        extractCounts(doc, &facts, units: units, places: places, excluded: excluded)
        lap("counts", &t)
        if facts.article.published == nil {
            facts.warnings.append(FactWarning(code: "no-article-date", message: "no dateline found: year-less dates and as-of defaults use \(reference.map { "the latest date in the text (\($0))" } ?? "nothing")", span: nil))
        }
        return facts
    }

    func tokenIndex(_ doc: Doc, atOrAfter offset: Int) -> Int {
        var lo = 0, hi = doc.count
        while lo < hi { let mid = (lo + hi) / 2; if doc.tokens[mid].range.lowerBound < offset { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
