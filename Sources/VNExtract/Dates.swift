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
    /// "trong năm 2011": a year alone.
    var yearOnly = false
}

extension Extractor {
    func makeDateFact(_ doc: Doc, _ m: DateMatch) -> DateFact {
        var start = m.tokens.lowerBound
        // Text starts at the cue that makes it a date phrase ("tính đến hết tháng 7 năm 2020" keeps
        // only the date; the cue words are the role's evidence).
        if doc.key(start - 1) == "het", doc.key(start) == "thang" { start -= 1 }
        let r = start..<m.tokens.upperBound
        var value: String? = nil, end: String? = nil, gran = Granularity.day
        var day: Day? = nil
        if let y = m.year {
            if m.yearOnly {
                gran = .year; value = String(format: "%04d", y); day = Day(y, 1, 1)
            } else if m.quarter != nil, let first = Day(y, m.month, 1), let last = Day.endOf(month: m.month + 2, year: y) {
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
        // The lead may open with a time of day, "Trong", "Từ", "Vào" or a source tag "(TTXVN)".
        var lead = s
        while lead > clause, ["sang", "chieu", "toi", "trua", "dem", "-", "vao", "trong", "tu"].contains(doc.key(lead - 1)) || doc.isCapitalized(lead - 1) && doc.adjacent(lead) == false && lead - 1 == doc.sentences[doc.sentenceOf[s]].tokens.lowerBound && doc.key(lead) == "-" { lead -= 1 }
        let sentenceStart = doc.sentences[doc.sentenceOf[s]].tokens.lowerBound
        if doc.key(sentenceStart) == "(", lead > sentenceStart + 1, doc.key(lead - 1) == ")", lead - sentenceStart <= 6 { lead = sentenceStart }
        let opens = lead == sentenceStart || (lead - sentenceStart <= 3 && doc.key(lead - 1) == "-")
        // … followed by a comma ("Ngày 20/12/2019, Ban Thường vụ …", "Ngày 3/2 năm nay, …"), or by
        // the meeting's verb in its clause ("Ngày 3/8/2022 Chi bộ 4 tổ chức đại hội").
        // The same verb also makes an event of a date set off by a comma or a preposition of time
        // inside the sentence ("…, từ ngày 2/3 đến ngày 9/3/2020, Ban Thường vụ đã tổ chức …",
        // "Huyện ủy trong tháng 6/2010 đã chỉ đạo tiến hành …"), unless a plan comes first ("sẽ").
        let e = doc.clauseEnd(s)
        let after = m.tokens.upperBound
        let comma = (after..<max(after, min(e, after + 3))).contains { doc.key($0) == "," }
        var verb = false, plan = false
        for k in after..<max(after, min(e, after + 15)) where doc.isWord(k) && !doc.isCapitalized(k) {
            if vocabulary.cue(doc, at: k, category: "date-plan-after") != nil { plan = true; break }
            if vocabulary.cue(doc, at: k, category: "date-role")?.value == "event" { verb = true; break }
        }
        let setOff = lead > clause && (doc.key(lead - 1) == "," || ["trong", "vao", "tu"].contains(doc.key(lead)))
        if (opens || setOff) && plan { return "planned" }
        if opens && (comma || verb) || setOff && verb { return future("event") }
        if hasEvent { return future("event") }
        return future("other")
    }
}
