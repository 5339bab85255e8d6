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
    public static let version = "0.5.0"

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
        // Rules are compiled once, before any article: their words are interned first, so a
        // document's token ids can match them.
        _ = RuleBooks.figures
        _ = RuleBooks.names
    }

    /// Extracts the facts of one decoded article (UTF-8 bytes; spans refer to them).
    /// Nanoseconds spent per stage (for `bench`).
    public var stageNanos: [String: UInt64] = [:]
    /// When set, each extraction records what every rule matched (`explanation`, for `--explain`).
    public var explains = false
    public internal(set) var explanation: [ExplainEntry] = []
    @inline(__always) func lap(_ name: String, _ t: inout UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        stageNanos[name, default: 0] += now - t
        t = now
    }

    /// Longer articles are read in parts of about this many bytes, cut at a paragraph break (a
    /// line break, a space, a character boundary, in that order of preference): memory follows
    /// the part, not the article. Real articles are far shorter; a fact whose words straddle a
    /// cut is not found, and the article says so in a `long-article` warning.
    public static let windowBytes = 256 * 1024
    /// At most this many facts of one type are kept for one article (a flood of look-alikes in a
    /// huge input must not exhaust memory); the rest are dropped with a `facts-truncated` warning.
    public static let maxFactsPerType = 5_000

    public func extract(utf8 bytes: [UInt8], id: String, encoding: String = "utf-8", hint: ArticleHint = ArticleHint()) -> ArticleFacts {
        explanation = []
        guard bytes.count > Extractor.windowBytes else { return extractPart(bytes, id: id, encoding: encoding, hint: hint) }
        let parts = Extractor.windows(bytes, size: Extractor.windowBytes)
        guard let first = parts.first else { return extractPart(bytes, id: id, encoding: encoding, hint: hint) }
        let head = extractPart(Array(bytes[first]), id: id, encoding: encoding, hint: hint)
        var facts = ArticleFacts(article: head.article)
        var truncated = Set<String>()
        facts.append(head, shiftedBy: 0, limit: Extractor.maxFactsPerType, truncated: &truncated)
        // The later parts are read with the first part's date as their reference.
        let reference = facts.article.published ?? facts.dates.compactMap(\.day).max()
        for part in parts.dropFirst() {
            let more = extractPart(Array(bytes[part]), id: id, encoding: encoding,
                                   hint: ArticleHint(title: nil, published: reference, source: hint.source, url: hint.url, byline: hint.byline), continuation: true, offset: part.lowerBound)
            facts.append(more, shiftedBy: part.lowerBound, limit: Extractor.maxFactsPerType, truncated: &truncated)
            if let b = more.article.body { facts.article.body = (facts.article.body?.lowerBound ?? b.lowerBound + part.lowerBound)..<(b.upperBound + part.lowerBound) }
        }
        facts.warnings.append(FactWarning(code: "long-article", message: "the article is \(bytes.count) bytes long: it was read in \(parts.count) parts of about \(Extractor.windowBytes / 1024) KB cut at line breaks; a fact whose words straddle a cut is not found", span: nil))
        for t in truncated.sorted() {
            facts.warnings.append(FactWarning(code: "facts-truncated", message: "more than \(Extractor.maxFactsPerType) \(t) in one article: the rest were not kept", span: nil))
        }
        return facts
    }

    /// Cuts `bytes` into consecutive ranges of at most about `size` bytes, each ending after a
    /// line break when there is one in its second half, else after a space, else at a
    /// character boundary.
    static func windows(_ bytes: [UInt8], size: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + size)
            if end < bytes.count {
                let floor = start + size / 2
                if let nl = bytes[floor..<end].lastIndex(of: 0x0A) { end = nl + 1 }
                else if let sp = bytes[floor..<end].lastIndex(of: 0x20) { end = sp + 1 }
                else { while end > floor, bytes[end] & 0xC0 == 0x80 { end -= 1 } }   // not inside a UTF-8 character
            }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// One article, or one part of a long one (`continuation`: not its first part).
    func extractPart(_ bytes: [UInt8], id: String, encoding: String, hint: ArticleHint, continuation: Bool = false, offset: Int = 0) -> ArticleFacts {
        var t = DispatchTime.now().uptimeNanoseconds
        let text = normalizer.normalize(bytes)
        let doc = Doc(text: text, tokenized: tokenizer.tokenize(text), cache: &tokenCache)
        lap("normalize+tokenize+keys", &t)
        let (info, lines, publishedRange) = readArticle(doc, id: id, encoding: encoding, hint: hint, continuation: continuation)
        lap("article", &t)
        for l in lines where l.chrome != nil && l.chrome != "title" { for t in l.tokens { doc.inBody[t] = false } }
        var facts = ArticleFacts(article: info)
        // Headlines repeat the body's figures: counts come from the body only.
        var title = Array(repeating: false, count: doc.count)
        // A first line of several sentences is a lead paragraph, not a headline ("39/39 … xong đại hội. Trong đó, …").
        for l in lines where l.chrome == "title" && !isLeadParagraph(doc, l.tokens) { for t in l.tokens { title[t] = true } }

        // One claiming pass: documents, dates, terms and count figures (and their look-alikes).
        let claims = Claims.run([vocabulary.figureBook], RuleContext(doc: doc, x: self, places: ArticlePlaces()), where: { doc.inBody[$0] })
        lap("claims", &t)
        // The article's date, or the latest full date of the text, anchors year-less dates,
        // short document mentions and unit versions.
        var reference = info.published
        if reference == nil {
            for c in claims.taken {
                if case .date(let m) = c.claim, let y = m.year, !m.yearOnly, let d = Day(y, m.month, m.day ?? 1), d.year <= 2100 { reference = max(reference ?? d, d) }
            }
        }
        // Failing any date, the first term of office anchors the campaign ("nhiệm kỳ 2020-2025").
        var termReference: Day? = nil
        if reference == nil, let first = claims.taken.lazy.compactMap({ c -> Int? in if case .term(let a, _) = c.claim { return a }; return nil }).first {
            termReference = Day(first, 1, 1)
        }
        if let r = publishedRange, let p = info.published {
            facts.dates.append(DateFact(value: p.iso, end: nil, granularity: .day, role: "published", rule: "date.dateline", text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), day: p))
        }
        lap("reference", &t)
        // Tokens of documents and dates are no unit's (an issuer inside a document number).
        let held: (Int) -> Bool = { i in
            guard let c = claims.claim(at: i) else { return false }
            switch c.claim { case .document, .shortDocument, .date, .term: return true; default: return false }
        }
        let places = articlePlaces(doc, day: reference ?? termReference, source: info.source, lines: lines, held: held)
        lap("places", &t)
        let docDates = documents(doc, claims, &facts, reference: reference ?? termReference)
        dates(doc, claims, &facts, documentDates: docDates, reference: reference, published: info.published, dateline: publishedRange)
        // Crawl dates ("Hôm nay, Thứ bảy ngày 16/01/2021") are recorded as `other`, never as the article's date.
        for l in lines where l.chrome == "crawl-date" {
            if let (d, r) = datelineDate(doc, in: l.tokens) {
                facts.dates.append(DateFact(value: d.iso, end: nil, granularity: .day, role: "other", rule: "date.crawl-date", text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), day: d))
            }
        }
        facts.dates.sort { $0.range.lowerBound < $1.range.lowerBound }
        terms(doc, claims, &facts)
        lap("documents+dates", &t)
        var warnings: [FactWarning] = []
        let units = findUnits(doc, places: places, warnings: &warnings, within: { doc.inBody[$0] && !held($0) }, record: explains)
        facts.units = units.map(\.fact) + siteUnits(doc, lines: lines, places: places)
        facts.warnings += warnings
        lap("units", &t)
        extractCounts(doc, &facts, units: units, places: places, claims: claims, title: title)
        lap("counts", &t)
        if explains {
            record(doc, claims, units: units, facts: facts, offset: offset)
            // Lines kept out of the body, and why.
            for l in lines where l.chrome != nil {
                let r = l.tokens
                explanation.append(ExplainEntry(type: "line", rule: "article.\(l.chrome ?? "")", outcome: String(doc.normText(r).prefix(60)), tokens: [], span: doc.span(r)))
            }
        }
        if facts.article.published == nil, !continuation {
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
