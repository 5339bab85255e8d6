import Foundation
import VNExtract
import VNGazetteer
import VNText

/// What the article reader found on a page.
public struct PageArticle: Sendable {
    public var title: String?
    /// Where the headline came from: og:title, json-ld, heading (an element near the body), title (`<title>`).
    public var titleSource: String?
    public var published: Day?
    /// The dateline or metadata value the date was read from.
    public var publishedText: String?
    /// meta, json-ld, time, dateline.
    public var publishedSource: String?
    public var byline: String?
    public var site: String?
    public var url: String?
    /// The body's paragraphs (text as on the page; spaces collapsed, inline tags add none).
    public var paragraphs: [String] = []
}

/// A run of text between block boundaries: a paragraph, a cell, a heading, a list item, a line.
struct TextBlock {
    var text: String
    var letters = 0
    var linkLetters = 0
    var boldLetters = 0
    /// The element that holds it (the innermost block-level ancestor).
    var owner: Int
    /// 1…6 inside a heading.
    var heading = 0
    /// Inside a navigation, header, footer or sidebar landmark.
    var landmark = false
    /// The `datetime` of a `<time>` element inside it.
    var datetime: String? = nil
    var folded = ""
    var words = 0
    var functionWords = 0
    var linkDensity: Double { letters == 0 ? 0 : Double(linkLetters) / Double(letters) }
}

/// Reads the article of a saved page: drops what a browser does not show, cuts the text into
/// blocks, finds the body as the strongest run of prose blocks (length, punctuation, density of
/// the function words of Vietnamese prose, link density; no site's class names needed), then the
/// headline (metadata, else the most prominent title-like block just before the body, never the
/// site name of `<title>`), the date (metadata, else the dateline next to the headline, never a
/// header clock or a licence date), the byline and the site name.
struct PageReader {
    let rules: PageRules
    let tree: HTMLTree

    struct Meta {
        var ogTitle: String?, title: String?, site: String?, url: String?, author: String?
        var published: [(String, String)] = []   // (source, value)
        var ldHeadline: String?, ldPublished: String?, ldAuthor: String?, ldPublisher: String?
    }

    // MARK: metadata

    func meta() -> Meta {
        var m = Meta()
        for i in 0..<tree.count where tree.isElement(i) {
            switch tree.tags[i] {
            case "title":
                if m.title == nil { m.title = clean(innerText(i)) }
            case "meta":
                let key = (tree.attr(i, "property") ?? tree.attr(i, "name") ?? tree.attr(i, "itemprop") ?? "").lowercased()
                guard let content = tree.attr(i, "content").map(clean), !content.isEmpty else { continue }
                switch key {
                case "og:title", "twitter:title": if m.ogTitle == nil { m.ogTitle = content }
                case "og:site_name", "application-name": if m.site == nil { m.site = content }
                case "og:url": if m.url == nil { m.url = content }
                case "author", "article:author", "dc.creator": if m.author == nil, !content.hasPrefix("http") { m.author = content }
                case "article:published_time", "datepublished", "pubdate", "publishdate", "dc.date.issued", "og:published_time", "date", "dc.date":
                    m.published.append((key, content))
                default: break
                }
            case "link":
                if m.url == nil, (tree.attr(i, "rel") ?? "").lowercased().contains("canonical") { m.url = tree.attr(i, "href") }
            case "script":
                guard (tree.attr(i, "type") ?? "").lowercased().contains("ld+json") else { continue }
                readJSONLD(innerRaw(i), into: &m)
            default:
                if m.ldPublished == nil, tree.attr(i, "itemprop")?.lowercased() == "datepublished",
                   let v = tree.attr(i, "datetime") ?? tree.attr(i, "content") {
                    m.published.append(("itemprop", v))
                }
            }
        }
        return m
    }

    func readJSONLD(_ s: String, into m: inout Meta) {
        guard s.utf8.count < 1_000_000, let obj = try? JSONSerialization.jsonObject(with: Data(s.utf8)) else { return }
        var queue: [Any] = [obj]
        var seen = 0
        while let x = queue.popLast(), seen < 200 {
            seen += 1
            if let a = x as? [Any] { queue += a; continue }
            guard let d = x as? [String: Any] else { continue }
            if let g = d["@graph"] { queue.append(g) }
            let type = "\(d["@type"] ?? "")".lowercased()
            guard type.contains("article") || type.contains("posting") || type.contains("report") || d["datePublished"] != nil else { continue }
            if m.ldHeadline == nil, let h = d["headline"] as? String { m.ldHeadline = clean(h) }
            if m.ldPublished == nil, let p = d["datePublished"] as? String { m.ldPublished = p }
            if m.ldAuthor == nil {
                if let a = d["author"] as? [String: Any], let n = a["name"] as? String { m.ldAuthor = clean(n) }
                else if let a = d["author"] as? [[String: Any]], let n = a.first?["name"] as? String { m.ldAuthor = clean(n) }
                else if let a = d["author"] as? String { m.ldAuthor = clean(a) }
            }
            if m.ldPublisher == nil, let p = d["publisher"] as? [String: Any], let n = p["name"] as? String { m.ldPublisher = clean(n) }
        }
    }

    /// Text of an element's subtree, spaces collapsed (for `<title>`).
    func innerText(_ i: Int) -> String {
        var s = ""
        var k = i + 1
        while k < tree.ends[i] { if !tree.isElement(k) { s += tree.texts[k] }; k += 1 }
        return s
    }
    func innerRaw(_ i: Int) -> String { innerText(i) }

    func clean(_ s: String) -> String {
        var out = ""
        var space = false
        for ch in s.unicodeScalars {
            if ch.properties.isWhitespace { space = !out.isEmpty; continue }
            if space { out.unicodeScalars.append(" "); space = false }
            out.unicodeScalars.append(ch)
        }
        return out
    }

    // MARK: visible blocks

    func hiddenElement(_ i: Int) -> Bool {
        if rules.role(tree.tags[i]) == .hidden { return true }
        let s = tree.attrStart[i]
        for k in s..<(s + tree.attrCount[i]) {
            switch tree.attrNames[k] {
            case "hidden": return true
            case "aria-hidden": if tree.attrValues[k].lowercased().trimmingCharacters(in: .whitespaces) == "true" { return true }
            case "style":
                let v = tree.attrValues[k].lowercased().filter { !$0.isWhitespace }
                if v.contains("display:none") || v.contains("visibility:hidden") { return true }
            default: break
            }
        }
        return false
    }

    func blocks() -> [TextBlock] {
        var out: [TextBlock] = []
        var buf = ""
        var pendingSpace = false
        var letters = 0, linkLetters = 0, boldLetters = 0
        var open: [(Int, PageRules.Role)] = []
        var owners: [Int] = []
        var linkDepth = 0, boldDepth = 0, landmarkDepth = 0
        var headings: [Int] = []
        var datetime: String? = nil
        func flush() {
            if letters > 0 || buf.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                var b = TextBlock(text: buf, letters: letters, linkLetters: linkLetters, boldLetters: boldLetters, owner: owners.last ?? 0)
                b.heading = headings.last ?? 0
                b.landmark = landmarkDepth > 0
                b.datetime = datetime
                out.append(b)
            }
            buf = ""; pendingSpace = false; letters = 0; linkLetters = 0; boldLetters = 0; datetime = nil
        }
        func boundary(_ r: PageRules.Role) -> Bool {
            switch r { case .block, .break, .heading, .cell, .item, .landmark: return true; default: return false }
        }
        var i = 0
        let n = tree.count
        while i < n {
            while let (top, role) = open.last, tree.ends[top] <= i {
                open.removeLast()
                switch role {
                case .link: linkDepth -= 1
                case .bold: boldDepth -= 1
                case .landmark: landmarkDepth -= 1; flush(); owners.removeLast()
                case .heading: flush(); headings.removeLast(); owners.removeLast()
                default: if boundary(role) { flush(); owners.removeLast() }
                }
            }
            if tree.isElement(i) {
                if hiddenElement(i) { i = max(i + 1, tree.ends[i]); continue }
                let role = rules.role(tree.tags[i])
                if boundary(role) { flush() }
                if tree.tags[i] == "time", let v = tree.attr(i, "datetime"), !v.isEmpty { datetime = v }
                switch role {
                case .link: linkDepth += 1
                case .bold: boldDepth += 1
                case .landmark: landmarkDepth += 1; owners.append(i)
                case .heading:
                    let level = Int(String(tree.tags[i].dropFirst())) ?? 6
                    headings.append(level); owners.append(i)
                case .break: break
                default: if boundary(role) { owners.append(i) }
                }
                if role == .break { i += 1; continue }
                if tree.ends[i] > i + 1 { open.append((i, role)) } else if boundary(role) { flush(); if role != .break { owners.removeLast() } }
                if case .heading = role, tree.ends[i] <= i + 1 { headings.removeLast() }
                if case .landmark = role, tree.ends[i] <= i + 1 { landmarkDepth -= 1 }
                if case .link = role, tree.ends[i] <= i + 1 { linkDepth -= 1 }
                if case .bold = role, tree.ends[i] <= i + 1 { boldDepth -= 1 }
            } else {
                for ch in tree.texts[i].unicodeScalars {
                    switch ch.value {
                    case 0x20, 0x09, 0x0A, 0x0D, 0x0C: pendingSpace = true; continue
                    default: break
                    }
                    if pendingSpace, !buf.isEmpty { buf.unicodeScalars.append(" ") }
                    pendingSpace = false
                    buf.unicodeScalars.append(ch)
                    if ch.properties.isAlphabetic {
                        letters += 1
                        if linkDepth > 0 { linkLetters += 1 }
                        if boldDepth > 0 { boldLetters += 1 }
                    }
                }
            }
            i += 1
        }
        flush()
        for k in out.indices {
            let f = PageRules.fold(out[k].text)
            out[k].folded = f
            let ws = f.split(separator: " ")
            out[k].words = ws.count
            out[k].functionWords = ws.reduce(0) { $0 + (rules.functionWords.contains(String($1.trimmingCharacters(in: .punctuationCharacters))) ? 1 : 0) }
        }
        return out
    }

    // MARK: class hints

    /// Whether element `i` or one of its `levels` nearest ancestors has a class or id with a hint word of `kind`.
    func hasHint(_ i: Int, _ kind: String, levels: Int) -> Bool {
        let words = rules.words(kind)
        var e = i, k = 0
        while e >= 0, k <= levels {
            let s = ((tree.attr(e, "class") ?? "") + " " + (tree.attr(e, "id") ?? "")).lowercased()
            if s.count > 1, words.contains(where: { s.contains($0) }) { return true }
            e = tree.parents[e]; k += 1
        }
        return false
    }

    // MARK: kinds of blocks

    func stripped(_ f: String) -> String { f.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces).union(.symbols)) }

    func isStop(_ b: TextBlock) -> Bool {
        guard b.letters <= 40 else { return false }
        let s = stripped(b.folded)
        return rules.words("stop").contains { s == $0 || (s.hasPrefix($0) && s.count <= $0.count + 12) }
    }

    func isChromeLine(_ b: TextBlock) -> Bool {
        guard b.letters <= 60 else { return false }
        let s = stripped(b.folded)
        return rules.words("line").contains { s.hasPrefix($0) }
    }

    func endsSentence(_ b: TextBlock) -> Bool {
        guard let last = b.text.unicodeScalars.last(where: { !$0.properties.isWhitespace && $0.value != 0xA0 }) else { return false }
        return ".!?…:;\"”)".unicodeScalars.contains(last)
    }

    func fwDensity(_ b: TextBlock) -> Double { b.words == 0 ? 0 : Double(b.functionWords) / Double(b.words) }

    /// Running prose: long, few links, Vietnamese function words, punctuation.
    func isGood(_ b: TextBlock) -> Bool {
        !b.landmark && b.letters >= 80 && b.words >= 15 && b.linkDensity < 0.3 && fwDensity(b) >= 0.08
            && (b.text.contains(",") || b.text.contains(".") || endsSentence(b))
    }

    /// Shorter prose (a short paragraph, a caption, a byline with a sentence).
    func isNear(_ b: TextBlock) -> Bool {
        !b.landmark && b.letters >= 30 && b.words >= 6 && b.linkDensity < 0.5 && fwDensity(b) >= 0.05 && !isChromeLine(b) && !isStop(b)
    }

    // MARK: the article

    func read() -> PageArticle? {
        let m = meta()
        let bs = blocks()
        var a = PageArticle()
        a.url = m.url
        guard let (_, body, titleBlock) = findBody(bs, meta: m) else { return nil }
        a.paragraphs = body.map { bs[$0].text }
        a.site = m.site ?? m.ldPublisher
        let siteKey = a.site.map(PageRules.fold)
        let ogTitle = [m.ogTitle, m.ldHeadline].compactMap { $0 }.first { t in
            let f = PageRules.fold(stripSite(t, site: a.site))
            return f != siteKey && f.count >= 8 && (titleBlock == nil || f != PageRules.fold(m.title ?? "") || stripSite(t, site: a.site) != t)
        }
        if let og = ogTitle {
            a.title = stripSite(og, site: a.site); a.titleSource = og == m.ogTitle ? "og:title" : "json-ld"
        } else if let t = titleBlock {
            a.title = clean(bs[t].text); a.titleSource = "heading"
            if a.site == nil, let tt = m.title, !tt.isEmpty, !PageRules.fold(tt).contains(bs[t].folded) { a.site = tt }
        } else if let tt = m.title, !tt.isEmpty {
            // <title> without a headline block: its headline part, unless it is all site name.
            let s = stripSite(tt, site: a.site)
            let f = PageRules.fold(s)
            let siteLike = f == siteKey || rules.words("site").contains { f.hasPrefix($0) }
            if s != tt || !siteLike { a.title = s; a.titleSource = "title" } else if a.site == nil { a.site = tt }
        }
        // The headline is not a body paragraph.
        if let t = a.title, let first = a.paragraphs.first, PageRules.fold(first) == PageRules.fold(t) { a.paragraphs.removeFirst() }
        // The date.
        if let (d, text, src) = metaDate(m) {
            a.published = d; a.publishedText = text; a.publishedSource = src
        } else if let (d, text) = datelineDate(bs, title: titleBlock, body: body) {
            a.published = d; a.publishedText = text; a.publishedSource = "dateline"
        }
        a.byline = m.author ?? m.ldAuthor ?? authorBlock(bs, body: body, title: titleBlock) ?? byline(bs, body: body)
        return a.paragraphs.isEmpty ? nil : a
    }

    /// The strongest run of prose blocks (`core`: its first to last good block) and the body's
    /// block indices (the run without template lines, with a closing byline line).
    func findBody(_ bs: [TextBlock], meta m: Meta) -> (Range<Int>, [Int], headline: Int?)? {
        // Runs seeded by long paragraphs; on a page without any, by shorter ones.
        var best = bestRun(bs, seed: isGood)
        if best == nil { best = bestRun(bs, seed: { self.isNear($0) && self.endsSentence($0) }) }
        if best == nil { best = bestRun(bs, seed: isNear) }
        guard var best else { return nil }
        let headline = findHeadline(bs, before: best.first, meta: m)
        // Short paragraphs of prose right before the first long one (a lead, maybe past a photo
        // caption) and right after the last one (a closing sentence), never past the headline.
        func shortProse(_ b: TextBlock) -> Bool {
            isNear(b) && b.heading == 0 && fwDensity(b) >= 0.05 && (endsSentence(b) || (b.boldLetters * 2 > b.letters && fwDensity(b) >= 0.08))
        }
        func caption(_ k: Int) -> Bool {
            let b = bs[k]
            return b.letters == 0 || (!b.landmark && b.letters < 160 && b.linkDensity < 0.3 && !isStop(b) && !isChromeLine(b) && k != headline
                                      && !hasHint(b.owner, "class-title", levels: 1) && dateIn(b.folded) == nil)
        }
        var back = best.first - 1, skipped = 0
        while back >= 0, back > (headline ?? -1) {
            if shortProse(bs[back]) && !hasHint(bs[back].owner, "class-title", levels: 1) { best.first = back; skipped = 0 }
            else if caption(back), skipped < 2 { if bs[back].letters > 0 { skipped += 1 } }
            else { break }
            back -= 1
        }
        var j = best.last + 1
        while j < bs.count, bs[j].letters == 0 || shortProse(bs[j]) {
            if bs[j].letters > 0 { best.last = j }
            j += 1
        }
        var body: [Int] = []
        for j in best.first...best.last {
            let b = bs[j]
            if b.landmark || isChromeLine(b) || isStop(b) || (b.linkDensity > 0.5 && !isGood(b)) { continue }
            body.append(j)
        }
        // A closing line: a byline or a source credit, short, no link.
        j = best.last + 1
        var taken = 0
        while j < bs.count, taken < 2 {
            let b = bs[j]
            if b.letters == 0 { j += 1; continue }
            if b.landmark || isStop(b) || isChromeLine(b) || b.linkDensity > 0.2 || b.letters > 80 || b.words > 14 { break }
            let f = stripped(b.folded)
            let cue = rules.words("byline-cue").contains { f.hasPrefix($0) }
            let nameLike = b.words <= 8 && b.text.split(separator: " ").allSatisfy { w in w.first.map { !$0.isLetter || $0.isUppercase } ?? true }
            guard cue || nameLike else { break }
            body.append(j); taken += 1; j += 1
        }
        return (best.first..<(best.last + 1), body, headline)
    }

    /// The strongest run of blocks that starts at a `seed` block: seeds and shorter prose between
    /// them, gaps of a few other blocks bridged, ended by a landmark or the heading of a related
    /// list; scored by the letters of its seeds (the shorter prose at less), times a weak factor
    /// from the class names of its container (content words for, chrome words against).
    func bestRun(_ bs: [TextBlock], seed: (TextBlock) -> Bool) -> (score: Double, first: Int, last: Int)? {
        var best: (score: Double, first: Int, last: Int)? = nil
        var k = 0
        while k < bs.count {
            guard seed(bs[k]), !bs[k].landmark else { k += 1; continue }
            var score = 0.0, last = k, gap = 0, j = k
            while j < bs.count {
                let b = bs[j]
                if isStop(b) || (b.landmark && b.letters > 0) { break }
                if seed(b) {
                    score += Double(b.letters) * (1 - b.linkDensity); last = j; gap = 0
                } else if isNear(b) {
                    score += 0.3 * Double(b.letters); gap = max(0, gap - 1)
                } else {
                    gap += b.linkDensity > 0.5 && b.letters > 15 ? 2 : 1
                    if gap > 4 { break }
                }
                j += 1
            }
            let owner = bs[k].owner
            if hasHint(owner, "class-chrome", levels: 3) && !hasHint(owner, "class-content", levels: 3) { score *= 0.5 }
            else if hasHint(owner, "class-content", levels: 3) { score *= 1.2 }
            if score > (best?.score ?? 0) { best = (score, k, last) }
            k = max(last + 1, k + 1)
        }
        return best
    }

    /// "Headline - Site name": the headline, when the part after the separator looks like a site name.
    func stripSite(_ t: String, site: String?) -> String {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " » ", " « "] {
            guard let r = t.range(of: sep, options: .backwards) else { continue }
            let head = String(t[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
            let tail = PageRules.fold(String(t[r.upperBound...]))
            let siteLike = (site.map { PageRules.fold($0) == tail } ?? false) || rules.words("site").contains { tail.contains($0) }
            if siteLike, head.count >= 10 { return head }
        }
        return t
    }

    /// The headline block: among the blocks before the body (back to the previous run of links or
    /// landmark), the most prominent title-like one, nearest to the body.
    func findHeadline(_ bs: [TextBlock], before start: Int, meta m: Meta) -> Int? {
        let titleKey = m.title.map(PageRules.fold) ?? ""
        var best: (Double, Int)? = nil
        var k = start - 1, seen = 0
        while k >= 0, seen < 14 {
            let b = bs[k]
            defer { k -= 1 }
            if b.letters == 0 { continue }
            seen += 1
            if b.landmark && b.heading == 0 { continue }
            if b.letters < 10 || b.letters > 300 || b.words < 3 || isStop(b) || isChromeLine(b) { continue }
            if dateIn(b.folded) != nil && b.letters < 40 { continue }
            if b.linkDensity > 0.5 && b.heading == 0 { continue }
            var s = 0.0
            if b.heading > 0 { s += Double(7 - b.heading) / 2 }
            if hasHint(b.owner, "class-title", levels: 1) { s += 3 }
            if b.boldLetters * 2 > b.letters { s += 1 }
            if !titleKey.isEmpty, titleKey.contains(b.folded) { s += 4 }
            if b.words >= 6 { s += 1 }
            if b.words <= 4 { s -= 2 }
            if endsSentence(b), b.letters > 160 { s -= 2 }
            if b.linkDensity > 0.5 { s -= 1.5 }
            s -= Double(seen - 1) * 0.4
            if s > (best?.0 ?? 0) { best = (s, k) }
        }
        return best?.1
    }

    // MARK: dates

    func metaDate(_ m: Meta) -> (Day, String, String)? {
        let ordered = m.published.sorted { rank($0.0) < rank($1.0) }
        for (src, v) in ordered + (m.ldPublished.map { [("json-ld", $0)] } ?? []) {
            if let d = isoDay(v) { return (d, v, src == "json-ld" ? "json-ld" : "meta") }
        }
        // A <time datetime> is looked at with the datelines.
        return nil
    }
    func rank(_ k: String) -> Int {
        switch k { case "article:published_time": 0; case "datepublished", "itemprop": 1; case "og:published_time": 2; case "pubdate", "publishdate": 3; default: 4 }
    }

    func isoDay(_ v: String) -> Day? {
        let s = v.trimmingCharacters(in: .whitespaces)
        if s.count >= 10, let d = Day(iso: String(s.prefix(10))) { return d }
        return dateIn(PageRules.fold(s))?.0
    }

    /// The first date a dateline pattern finds in folded text, and the text it was read from.
    func dateIn(_ folded: String) -> (Day, String)? {
        let ns = folded as NSString
        var first: (Int, Day, String)? = nil
        for (re, ymd) in rules.datelines {
            guard let mt = re.firstMatch(in: folded, range: NSRange(location: 0, length: ns.length)) else { continue }
            func g(_ name: String) -> Int? {
                let r = mt.range(withName: name)
                return r.location == NSNotFound ? nil : Int(ns.substring(with: r))
            }
            guard let d = g("d"), let mo = g("m"), let y = g("y"), let day = Day(y, mo, d) else { continue }
            _ = ymd
            if mt.range.location < (first?.0 ?? Int.max) { first = (mt.range.location, day, ns.substring(with: mt.range)) }
        }
        return first.map { ($0.1, $0.2) }
    }

    /// The dateline: a short block with a date next to the headline (from a few blocks before
    /// it to the body's start), nearest to the headline; or a `<time datetime>` there. Never a
    /// block with licence/copyright/counter words.
    func datelineDate(_ bs: [TextBlock], title: Int?, body: [Int]) -> (Day, String)? {
        let bodyStart = body.first ?? 0
        let anchor = title ?? bodyStart
        let from = max(0, anchor - 4), to = min(bs.count - 1, max(bodyStart, anchor + 1))
        guard from <= to else { return nil }
        let notDate = rules.words("not-date"), cues = rules.words("date-cue")
        var cands: [(Int, Day, String)] = []
        func consider(_ k: Int, rank: Int, needCue: Bool) {
            let b = bs[k]
            if b.landmark || b.linkDensity > 0.5 { return }
            if notDate.contains(where: { b.folded.contains($0) }) { return }
            let cue = cues.contains { b.folded.contains($0) }
            if needCue && !cue { return }
            // A <time datetime> says it exactly.
            if let v = b.datetime, let d = isoDay(v) { cands.append((rank - 1, d, v)); return }
            guard let (d, text) = dateIn(b.folded) else { return }
            // Short: the date, a time, a weekday, a cue, a category label.
            if b.letters > (cue ? 60 : 40) { return }
            // In a header, top bar or menu container: more likely the page's clock.
            let chrome = hasHint(b.owner, "class-chrome", levels: 2) && !hasHint(b.owner, "class-date", levels: 1)
            cands.append((rank + (chrome ? 6 : 0), d, text))
        }
        for k in from...to { consider(k, rank: abs(k - anchor) * 2 + (k < anchor ? 1 : 0), needCue: false) }
        if cands.isEmpty, let last = body.last {
            // "Ngày đăng: …" / "Cập nhật …" inside the body's first lines or just after it.
            for k in body.prefix(3) { consider(k, rank: 100, needCue: true) }
            for k in (last + 1)..<min(bs.count, last + 4) { consider(k, rank: 200, needCue: true) }
        }
        if let c = cands.min(by: { $0.0 < $1.0 }) { return (c.1, c.2) }
        return nil
    }

    // MARK: byline

    /// A short block with an author class (author, byline, tác giả) between the headline and the
    /// body or just after the body.
    func authorBlock(_ bs: [TextBlock], body: [Int], title: Int?) -> String? {
        guard let first = body.first, let last = body.last else { return nil }
        let around = Array(max(0, (title ?? first) - 1)..<first) + Array((last + 1)..<min(bs.count, last + 4))
        for k in around where bs[k].letters > 0 && bs[k].letters <= 60 && bs[k].linkDensity <= 0.5 && !bs[k].landmark {
            if hasHint(bs[k].owner, "class-author", levels: 1), dateIn(bs[k].folded) == nil { return clean(bs[k].text) }
        }
        return nil
    }

    func byline(_ bs: [TextBlock], body: [Int]) -> String? {
        guard let last = body.last else { return nil }
        let b = bs[last]
        guard b.letters <= 80, b.words <= 14, !endsSentence(b) || b.words <= 6 else { return nil }
        let f = stripped(b.folded)
        if rules.words("byline-cue").contains(where: { f.hasPrefix($0) }) { return clean(b.text) }
        if b.words <= 8, b.text.split(separator: " ").allSatisfy({ w in w.first.map { !$0.isLetter || $0.isUppercase } ?? true }) { return clean(b.text) }
        return nil
    }
}
