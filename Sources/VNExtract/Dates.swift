import VNText
import VNGazetteer

/// A date as read from text, before roles and missing years are settled.
struct DateMatch {
    var tokens: Range<Int>
    var year: Int?
    var month: Int
    var day: Int?
    /// End of a range (same shape).
    var endYear: Int?
    var endMonth: Int?
    var endDay: Int?
    var isRange = false
    /// "hết tháng 7": the last day of the month.
    var endOfMonth = false
    var quarter: Int? = nil
}

/// Reads dates at token positions: d/m/yyyy, d-m-yyyy, d.m.yyyy, spaced "30 - 6 - 2020",
/// "ngày 5 tháng 8 năm 2020", "tháng 8/2020", "tháng 7 năm 2020", year-less "10/7" (only after
/// "ngày" or a time of day), "quý III/2020", ranges ("từ ngày … đến ngày …", "ngày 14 và 15-4").
struct DateScanner {
    let doc: Doc

    static let separators: Set<String> = ["/", "-", "."]
    static let timeOfDay: Set<String> = ["sang", "chieu", "toi", "trua", "dem", "rang sang", "khuya"]
    static let monthCues: Set<String> = ["het", "trong", "cuoi", "dau", "giua", "vao", "tu", "den", "thang", "ngay"]
    static let romans: [String: Int] = ["i": 1, "ii": 2, "iii": 3, "iv": 4]

    func num(_ i: Int) -> Int? {
        guard doc.isNumber(i) else { return nil }
        let s = doc.str(i)
        guard s.count <= 4, s.allSatisfy(\.isASCII), s.allSatisfy(\.isNumber) else { return nil }
        return Int(s)
    }
    func isYear(_ v: Int?) -> Bool { v.map { $0 >= 1945 && $0 <= 2100 } ?? false }
    func sep(_ i: Int) -> Bool { i < doc.count && DateScanner.separators.contains(doc.key(i)) }

    /// "d sep m sep yyyy" or "d sep m" at `i`; returns (day, month, year?, end). Separators must agree.
    func numeric(at i: Int, allowYearless: Bool) -> (d: Int, m: Int, y: Int?, end: Int)? {
        // One token "30.5.2019" / "3.10".
        if doc.isNumber(i), doc.str(i).contains(".") {
            let parts = doc.str(i).split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            if parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2], isYear(y), Day(y, m, d) != nil,
               doc.str(i).split(separator: ".")[0].count <= 2 { return (d, m, y, i + 1) }
            if parts.count == 2, allowYearless, let d = parts[0], let m = parts[1], doc.str(i).split(separator: ".")[1].count <= 2,
               Day(2000, m, d) != nil { return (d, m, nil, i + 1) }
            return nil
        }
        guard let d = num(i), d >= 1, d <= 31, doc.str(i).count <= 2, sep(i + 1), let m = num(i + 2), m >= 1, m <= 12, doc.str(i + 2).count <= 2 else { return nil }
        let s1 = doc.key(i + 1)
        if sep(i + 3), doc.key(i + 3) == s1, let y = num(i + 4), isYear(y), doc.str(i + 4).count == 4 {
            // Not a document number "15/2020/NĐ-CP" (d/m/y would need a valid month anyway).
            guard Day(y, m, d) != nil else { return nil }
            if i + 5 < doc.count, doc.key(i + 5) == "/" || (doc.key(i + 5) == "-" && doc.adjacent(i + 5) && doc.isWord(i + 6)) { return nil }
            return (d, m, y, i + 5)
        }
        guard allowYearless, Day(2000, m, d) != nil else { return nil }
        // "10/7" followed by "/" (a longer number) is not a date.
        if sep(i + 3), doc.adjacent(i + 3), doc.isNumber(i + 4), doc.adjacent(i + 4) { return nil }
        return (d, m, nil, i + 3)
    }

    /// A month "m sep yyyy" / "m năm yyyy" after "tháng" at `i` (i is the month number).
    func monthYear(at i: Int) -> (m: Int, y: Int?, end: Int)? {
        guard let m = num(i), m >= 1, m <= 12 else { return nil }
        if sep(i + 1), let y = num(i + 2), isYear(y) { return (m, y, i + 3) }
        if doc.key(i + 1) == "nam", let y = num(i + 2), isYear(y) { return (m, y, i + 3) }
        return (m, nil, i + 1)
    }

    /// The date that starts at token `i`, if any.
    func scan(at i: Int) -> DateMatch? {
        let k = doc.key(i)
        let prev = doc.key(i - 1)
        // "ngày 5 tháng 8 năm 2020" / "ngày 14 và 15-4" / "ngày 30/5/2019"
        if k == "ngay" {
            if let d = num(i + 1), d >= 1, d <= 31, doc.key(i + 2) == "thang", let my = monthYear(at: i + 3), Day(2000, my.m, d) != nil {
                return DateMatch(tokens: i..<my.end, year: my.y, month: my.m, day: d)
            }
            if let d1 = num(i + 1), d1 >= 1, d1 <= 31, doc.key(i + 2) == "va" || doc.key(i + 2) == ",",
               let r = numeric(at: i + 3, allowYearless: true), d1 < r.d {
                return DateMatch(tokens: i..<r.end, year: r.y, month: r.m, day: d1, endYear: r.y, endMonth: r.m, endDay: r.d, isRange: true)
            }
            if let r = numeric(at: i + 1, allowYearless: true) {
                return DateMatch(tokens: i..<r.end, year: r.y, month: r.m, day: r.d)
            }
            return nil
        }
        // "tháng 8/2020", "tháng 7 năm 2020", "hết tháng 7"
        if k == "thang" {
            guard let my = monthYear(at: i + 1) else { return nil }
            // "3 tháng 2" (a street, a duration) is not a month.
            if doc.isNumber(i - 1) { return nil }
            if my.y == nil && !DateScanner.monthCues.contains(prev) { return nil }
            if my.y == nil, doc.key(my.end) == "nam", doc.isNumber(my.end + 1) { return nil }
            var m = DateMatch(tokens: i..<my.end, year: my.y, month: my.m, day: nil)
            if prev == "het" { m.endOfMonth = true }
            return m
        }
        // "quý III/2020", "quý 3 năm 2020"
        if k == "quy" {
            var q: Int? = nil
            if let n = num(i + 1), n >= 1, n <= 4 { q = n } else if let r = DateScanner.romans[doc.key(i + 1)] { q = r }
            guard let q else { return nil }
            if (sep(i + 2) || doc.key(i + 2) == "nam"), let y = num(i + 3), isYear(y) {
                var m = DateMatch(tokens: i..<(i + 4), year: y, month: (q - 1) * 3 + 1, day: nil)
                m.quarter = q
                return m
            }
            return nil
        }
        // Bare numeric date: full dates anywhere; year-less only after a time of day or "đến/từ".
        if doc.isNumber(i), !(doc.adjacent(i) && DateScanner.separators.contains(prev)) {
            let yearless = DateScanner.timeOfDay.contains(prev) || prev == "den" || prev == "tu" || prev == "truoc" || prev == "sau"
            if let r = numeric(at: i, allowYearless: yearless) {
                return DateMatch(tokens: i..<r.end, year: r.y, month: r.m, day: r.d)
            }
            // "từ 14 - 16/10/2020": a range whose first day shares the month.
            if let d1 = num(i), d1 <= 31, doc.key(i + 1) == "-", let r = numeric(at: i + 2, allowYearless: false), d1 < r.d, prev == "tu" {
                return DateMatch(tokens: i..<r.end, year: r.y, month: r.m, day: d1, endYear: r.y, endMonth: r.m, endDay: r.d, isRange: true)
            }
        }
        return nil
    }
}

extension Extractor {
    /// Finds every date in the body (and the dateline), settles years and roles.
    func extractDates(_ doc: Doc, _ facts: inout ArticleFacts, documentDateTokens: [Int: String], reference: Day?, published: Day?) {
        let scanner = DateScanner(doc: doc)
        var matches: [DateMatch] = []
        var i = 0
        while i < doc.count {
            // "từ (ngày) 14 đến (ngày) 16/10/2020": the first day borrows the second's month and year.
            if doc.inBody[i], doc.key(i) == "tu" {
                var a = i + 1
                if doc.key(a) == "ngay" { a += 1 }
                if let d1 = scanner.num(a), d1 >= 1, d1 <= 31, doc.str(a).count <= 2, doc.key(a + 1) == "den" || doc.key(a + 1) == "-" {
                    var b = a + 2
                    if doc.key(b) == "ngay" { b += 1 }
                    if let r = scanner.numeric(at: b, allowYearless: true), d1 < r.d {
                        matches.append(DateMatch(tokens: i..<r.end, year: r.y, month: r.m, day: d1, endYear: r.y, endMonth: r.m, endDay: r.d, isRange: true))
                        i = r.end; continue
                    }
                }
            }
            guard doc.inBody[i], let m = scanner.scan(at: i) else { i += 1; continue }
            var m2 = m
            // "từ (ngày) A đến (ngày) B": one range.
            let before = doc.key(m.tokens.lowerBound - 1)
            if before == "tu", !m.isRange, doc.key(m.tokens.upperBound) == "den" {
                var j = m.tokens.upperBound + 1
                if doc.key(j) == "ngay" { j += 1 }
                if let e = scanner.scan(at: j) ?? scanner.numeric(at: j, allowYearless: true).map({ DateMatch(tokens: j..<$0.end, year: $0.y, month: $0.m, day: $0.d) }),
                   !e.isRange {
                    m2 = DateMatch(tokens: (m.tokens.lowerBound - 1)..<e.tokens.upperBound, year: m.year ?? e.year, month: m.month, day: m.day,
                                   endYear: e.year ?? m.year, endMonth: e.month, endDay: e.day, isRange: true)
                }
            }
            matches.append(m2)
            i = m2.tokens.upperBound
        }
        // Years for year-less dates: the article's date, else the nearest full date in the text.
        let full = matches.filter { $0.year != nil }
        for m in matches {
            var m = m
            if m.year == nil {
                if let reference { m.year = reference.year }
                else if let near = full.min(by: { abs($0.tokens.lowerBound - m.tokens.lowerBound) < abs($1.tokens.lowerBound - m.tokens.lowerBound) }) { m.year = near.year }
            }
            if m.isRange, m.endYear == nil { m.endYear = m.year }
            var fact = makeDateFact(doc, m)
            fact.role = dateRole(doc, m, documentDateTokens: documentDateTokens, published: published)
            if fact.value == nil {
                facts.warnings.append(FactWarning(code: "date-without-year", message: "'\(fact.text)' has no year and the article gives none: not guessed", span: fact.span))
            }
            facts.dates.append(fact)
        }
    }

    func makeDateFact(_ doc: Doc, _ m: DateMatch) -> DateFact {
        var start = m.tokens.lowerBound
        // Text starts at the cue that makes it a date phrase ("tính đến hết tháng 7 năm 2020" keeps
        // only the date; the cue words are the role's evidence).
        if doc.key(start - 1) == "het", doc.key(start) == "thang" { start -= 1 }
        let r = start..<m.tokens.upperBound
        var value: String? = nil, end: String? = nil, gran = Granularity.day
        var day: Day? = nil
        if let y = m.year {
            if m.quarter != nil, let first = Day(y, m.month, 1), let last = Day.endOf(month: m.month + 2, year: y) {
                // A quarter is the range of its days ("quý III/2020" = 2020-07-01 … 2020-09-30).
                value = first.iso; end = last.iso; day = first
            } else if let d = m.day, let dd = Day(y, m.month, d) {
                value = dd.iso; day = dd
            } else if m.day == nil {
                if m.endOfMonth, let dd = Day.endOf(month: m.month, year: y) { value = dd.iso; day = dd }
                else { gran = .month; value = String(format: "%04d-%02d", y, m.month); day = Day(y, m.month, 1) }
            }
            if m.isRange, let ey = m.endYear, let em = m.endMonth {
                if let ed = m.endDay, let e = Day(ey, em, ed) { end = e.iso }
            }
        } else if m.day == nil {
            gran = .month
        }
        return DateFact(value: value, end: end, granularity: gran, role: "other", text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), day: day)
    }

    /// The role of a date from the words around it.
    func dateRole(_ doc: Doc, _ m: DateMatch, documentDateTokens: [Int: String], published: Day? = nil) -> String {
        let s = m.tokens.lowerBound
        // After the article's own date, an event or unqualified date can only be planned.
        func future(_ role: String) -> String {
            guard role == "event" || role == "other", let published, let y = m.year,
                  let first = Day(y, m.month, m.day ?? 1), first > published else { return role }
            return "planned"
        }
        if documentDateTokens[s] != nil { return "document" }
        // Cues before the date inside its clause; the nearest decides, but a plan anywhere in
        // the window outranks an event verb ("dự kiến tổ chức tháng 8/2020" is planned).
        let clause = doc.clauseStart(s)
        let limit = doc.key(s) == "ngay" ? s + 1 : s
        var j = s - 1
        var nearest: (Int, String)? = nil
        var hasPlanned = false, hasAsOf = false, hasEvent = false
        while j >= clause && j >= s - 25 {
            if let c = vocabulary.cue(doc, at: j, category: "date-role", maxEnd: limit), c.value != "published", c.value != "document" {
                if nearest == nil, s - c.end <= 2 { nearest = (j, c.value) }
                if c.value == "planned" { hasPlanned = true }
                if c.value == "as-of" { hasAsOf = true }
                if c.value == "event" { hasEvent = true }
            }
            j -= 1
        }
        // "Đến ngày 31-3, hoàn thiện …" plans; "Đến ngày 12/3/2020, 100% … đã tổ chức xong" reports.
        if let (at, value) = nearest {
            if value == "as-of", doc.key(at) == "den", doc.key(at - 1) != "tinh" {
                let e = doc.clauseEnd(s)
                let reports = (m.tokens.upperBound..<e).contains { doc.key($0) == "da" || doc.key($0) == "%" || (doc.key($0) == "/" && doc.isNumber($0 - 1) && doc.isNumber($0 + 1)) }
                return reports ? "as-of" : "planned"
            }
            if value == "event", hasPlanned { return "planned" }
            return future(value)
        }
        if hasPlanned { return "planned" }
        if hasAsOf { return "as-of" }
        // "Ngày 20 tháng 12 năm 2019, Ban Thường vụ … tổ chức hội nghị": a news lead dates an event.
        var lead = s
        while lead > clause, ["sang", "chieu", "toi", "trua", "dem", "-", "vao"].contains(doc.key(lead - 1)) || doc.isCapitalized(lead - 1) && doc.adjacent(lead) == false && lead - 1 == doc.sentences[doc.sentenceOf[s]].tokens.lowerBound && doc.key(lead) == "-" { lead -= 1 }
        let sentenceStart = doc.sentences[doc.sentenceOf[s]].tokens.lowerBound
        if lead == sentenceStart || (lead - sentenceStart <= 3 && doc.key(lead - 1) == "-"), doc.key(m.tokens.upperBound) == "," { return future("event") }
        if hasEvent { return future("event") }
        return future("other")
    }
}
