import VNText
import VNGazetteer

/// A line of the normalized text with its tokens.
struct Line {
    var range: Range<Int>
    var tokens: Range<Int>
    var chrome: String? = nil
}

extension Extractor {
    func lines(_ doc: Doc) -> [Line] {
        var out: [Line] = []
        var start = 0
        var t = 0
        let bytes = doc.text.bytes
        func add(_ r: Range<Int>) {
            let t0 = t
            while t < doc.count, doc.tokens[t].range.lowerBound < r.upperBound { t += 1 }
            out.append(Line(range: r, tokens: t0..<t))
        }
        for (k, b) in bytes.enumerated() where b == 0x0A {
            if k > start { add(start..<k) }
            start = k + 1
        }
        if start < bytes.count { add(start..<bytes.count) }
        return out.filter { !$0.tokens.isEmpty }
    }

    static let englishWeekdays = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7]
    static let vietWeekdays = ["hai": 1, "ba": 2, "tu": 3, "nam": 4, "sau": 5, "bay": 6]

    /// A weekday named in tokens `r` (ISO 1…7).
    func weekday(_ doc: Doc, in r: Range<Int>) -> Int? {
        for i in r {
            if let w = Extractor.englishWeekdays[doc.key(i)] { return w }
            if doc.key(i) == "thu", let w = Extractor.vietWeekdays[doc.key(i + 1)] { return w }
            if doc.key(i) == "chu", doc.key(i + 1) == "nhat" { return 7 }
        }
        return nil
    }

    /// The first date in a dateline: d/m/yyyy (the weekday, when given, decides day/month order)
    /// or ISO yyyy-mm-dd.
    func datelineDate(_ doc: Doc, in r: Range<Int>) -> (Day, Range<Int>)? {
        let wd = weekday(doc, in: r)
        for i in r where doc.isNumber(i) {
            // ISO: 2020-03-02(T08:15…)
            // A dateline's date lies inside its line (a date read on into the next line is not it).
            if doc.str(i).count == 4, i + 5 <= r.upperBound, let y = Int(doc.str(i)), doc.key(i + 1) == "-", let m = Int(doc.str(i + 2)), doc.key(i + 3) == "-",
               doc.isNumber(i + 4), let d = Int(doc.str(i + 4).prefix(2)), let day = Day(y, m, d) {
                return (day, i..<(i + 5))
            }
            guard let n = simpleDate(RuleContext(doc: doc, x: self, places: ArticlePlaces()), i, yearless: false), n.tokens.upperBound <= r.upperBound,
                  let y = n.year, let nd = n.day, !n.isRange else { continue }
            var day = Day(y, n.month, nd)
            if let wd, let d0 = day, d0.weekday != wd, let swapped = Day(y, nd, n.month), swapped.weekday == wd { day = swapped }
            if let day {
                // The text starts at the weekday when one is written just before.
                var s0 = i
                if wd != nil {
                    var k = i - 1
                    while k >= r.lowerBound, k >= i - 4 {
                        if Extractor.englishWeekdays[doc.key(k)] != nil || doc.key(k) == "thu" || doc.key(k) == "chu" { s0 = k; break }
                        k -= 1
                    }
                }
                return (day, s0..<n.tokens.upperBound)
            }
        }
        return nil
    }

    /// Title, dateline, published date, byline, source, and which lines are page chrome.
    /// `continuation`: the text is a later part of a long article (see `Extractor.windowBytes`):
    /// no title or dateline is looked for in it.
    func readArticle(_ doc: Doc, id: String, encoding: String, hint: ArticleHint, continuation: Bool = false) -> (ArticleInfo, [Line], publishedRange: Range<Int>?) {
        var ls = lines(doc)
        var info = ArticleInfo(id: id, title: hint.title, titleSpan: nil, published: hint.published, publishedText: nil, source: hint.source, byline: hint.byline, encoding: encoding, body: nil, url: hint.url)
        // Chrome lines and the footer.
        var footerFrom: Int? = nil
        var seen: [String: Int] = [:]
        for (k, l) in ls.enumerated() {
            if let m = vocabulary.tries(doc).chrome.longest(doc.vids, from: l.tokens.lowerBound, limit: l.tokens.upperBound) {
                let kind = m.payloads[0]
                ls[k].chrome = kind
                if kind == "footer", footerFrom == nil, k > 2 { footerFrom = k }
            }
            // Punctuation-only lines.
            if l.tokens.allSatisfy({ doc.kind($0) != .word && doc.kind($0) != .number }) { ls[k].chrome = ls[k].chrome ?? "line" }
            // A line printed twice (a photo caption): the second copy is chrome.
            let key = doc.keys[l.tokens].joined(separator: " ")
            if l.tokens.count >= 4, seen[key] != nil { ls[k].chrome = ls[k].chrome ?? "duplicate" } else { seen[key] = k }
        }
        if let f = footerFrom { for k in f..<ls.count where ls[k].chrome == nil { ls[k].chrome = "footer" } }
        // Dateline: the first dateline-cue line near the top with a date; crawl dates are not it.
        var publishedRange: Range<Int>? = nil
        var datelineIndex: Int? = nil
        for (k, l) in ls.enumerated() where k < 12 && !continuation {
            let isCrawl = l.chrome == "crawl-date"
            if isCrawl { continue }
            let cueLine = l.chrome == "dateline"
            // A metadata prefix ("date 2020-07-14 …") opens an excerpt: its ISO date is the article's.
            let isoFirst = k == 0 && (l.tokens.lowerBound..<min(l.tokens.upperBound, l.tokens.lowerBound + 3)).contains { t in
                doc.str(t).count == 4 && doc.isNumber(t) && doc.key(t + 1) == "-" && doc.adjacent(t + 1) && doc.isNumber(t + 2) && doc.key(t + 3) == "-" }
            let short = l.tokens.count <= 30 || isoFirst
            guard cueLine || short, let (d, r) = datelineDate(doc, in: l.tokens), cueLine || r.lowerBound - l.tokens.lowerBound <= 8 else { continue }
            // A short line that is only a date (and time) or a cue line.
            // Words before the date (a cue, a weekday, a source tag); what follows is time and counters.
            let wordsOutside = (l.tokens.lowerBound..<r.lowerBound).filter { doc.kind($0) == .word && Extractor.englishWeekdays[doc.key($0)] == nil }.count
            let wordsAfter = (r.upperBound..<l.tokens.upperBound).filter { doc.kind($0) == .word }.count
            if isoFirst, r.lowerBound - l.tokens.lowerBound <= 2 {
                // The line goes on with the article: only the date is metadata.
                if info.published == nil { info.published = d }
                publishedRange = r
                break
            }
            if cueLine || (wordsOutside <= 3 && wordsAfter <= 3) {
                if info.published == nil { info.published = d }
                publishedRange = r
                datelineIndex = k
                ls[k].chrome = "dateline"
                break
            }
        }
        // Title: the line before the dateline, else the first substantial line that is no ticker.
        var titleIndex: Int? = nil
        func isTitleLike(_ l: Line) -> Bool {
            guard l.chrome == nil else { return false }
            let words = l.tokens.filter { doc.kind($0) == .word }.count
            let bytes = l.range.count
            let dashes = l.tokens.filter { doc.key($0) == "-" && doc.tokens[$0].spaceBefore }.count
            return words >= 5 && bytes <= 400 && !(dashes >= 2 && bytes > 200)
        }
        if let d = datelineIndex, d > 0 {
            var k = d - 1
            while k >= 0, !isTitleLike(ls[k]) { k -= 1 }
            if k >= 0 { titleIndex = k }
        }
        if continuation {
            titleIndex = nil
        } else if let given = hint.title {
            // The caller knows the title (HTML <title>, a JSON Lines record): a line that repeats it
            // is the title; otherwise the text is all body.
            let key = Folding.plain(given)
            titleIndex = ls.prefix(8).firstIndex { l in
                let k = Folding.plain(doc.normText(l.tokens))
                return !k.isEmpty && (k == key || key.hasPrefix(k) && k.count * 2 > key.count)
            }
        } else if titleIndex == nil {
            // A headline comes before the prose: a line after a long paragraph is body, not a title
            // (an excerpt that starts inside the article has none).
            titleIndex = ls.firstIndex(where: isTitleLike)
            if let t = titleIndex, ls[0..<t].contains(where: { $0.chrome == nil && $0.range.count > 160 && $0.tokens.filter { doc.kind($0) == .word }.count >= 20 }) { titleIndex = nil }
        }
        // Lines above the title are chrome (tickers, menus, crawl dates).
        if let t = titleIndex {
            for k in 0..<t where ls[k].chrome == nil { ls[k].chrome = "header" }
            ls[t].chrome = "title"
            if info.title == nil { info.title = doc.normText(ls[t].tokens) }
            info.titleSpan = doc.span(ls[t].tokens)
        }
        // Byline and source: short lines at the end of the body.
        let bodyLines = ls.indices.filter { ls[$0].chrome == nil }
        if var last = bodyLines.last {
            let l = ls[last]
            let text = doc.normText(l.tokens)
            if text.contains("."), !text.contains(" "), text.split(separator: ".").count >= 2, l.tokens.count <= 8 {
                info.source = info.source ?? text
                ls[last].chrome = "source"
                last = bodyLines.dropLast().last ?? last
            }
            let b = ls[last]
            let words = b.tokens.filter { doc.kind($0) == .word }
            let allCap = words.allSatisfy { doc.isCapitalized($0) }
            if b.tokens.count <= 8, words.count >= 1, words.count <= 6, allCap, !b.tokens.contains(where: { doc.key($0) == "." && $0 == b.tokens.upperBound - 1 }) {
                info.byline = info.byline ?? doc.normText(b.tokens)
                ls[last].chrome = "byline"
            }
        }
        if info.source == nil {
            // "Ghi rõ nguồn "txdh.travinh.gov.vn"" and similar domain mentions in the footer.
            for l in ls where l.chrome != nil {
                for i in l.tokens where doc.isWord(i) {
                    let s = doc.str(i)
                    if s.hasSuffix(".vn") || s.hasSuffix(".com") { info.source = s; break }
                }
                if info.source != nil { break }
            }
        }
        let body = ls.filter { $0.chrome == nil }
        if let a = body.first, let b = body.last {
            info.body = doc.text.originalRange(a.range.lowerBound..<b.range.upperBound)
        }
        return (info, ls, publishedRange)
    }
}

/// What the caller knows about an article already (from HTML metadata, a JSON Lines record).
public struct ArticleHint: Sendable, Codable {
    public var title: String?
    public var published: Day?
    public var source: String?
    public var url: String?
    /// The author a saved page's metadata or byline block names (the HTML reader's `byline`).
    public var byline: String?
    public init(title: String? = nil, published: Day? = nil, source: String? = nil, url: String? = nil, byline: String? = nil) {
        self.title = title; self.published = published; self.source = source; self.url = url; self.byline = byline
    }
}
