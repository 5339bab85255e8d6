import VNText
import VNGazetteer

/// Dates: numeric (d/m/yyyy, d-m-yyyy, d.m.yyyy, spaced), written ("ngày 5 tháng 8 năm 2020"),
/// months, quarters, years after "năm", ISO dates of metadata lines, and ranges sharing a tail.
enum DateRules {
    static let sep: P = .any(["/", "-", "."])
    static let timeOfDay = ["sáng", "chiều", "tối", "trưa", "đêm", "khuya"]
    static let yearlessCue = timeOfDay + ["ngày", "đến", "từ", "trước", "sau", "và", "hôm"]
    static let monthCue = ["hết", "trong", "cuối", "đầu", "giữa", "vào", "từ", "đến", "trước", "sau", "tháng", "ngày"]
    static let romans: [String: Int] = ["i": 1, "ii": 2, "iii": 3, "iv": 4]
    static let yearlessIds = Set(yearlessCue.map(Matcher.key))
    static let monthCueIds = Set(monthCue.map(Matcher.key))
    /// Whether the token before `i` is one of `ids`.
    static func after(_ c: RuleContext, _ i: Int, _ ids: Set<Int32>) -> Bool { i > 0 && i - 1 < c.doc.count && ids.contains(c.doc.ids[i - 1]) }

    static func int(_ c: RuleContext, _ r: Range<Int>?) -> Int? { r.flatMap { c.doc.small($0.lowerBound) } }
    /// "30.5.2019" / "7.10" / "5.2015" written as one token: its numbers.
    static func dotted(_ c: RuleContext, _ i: Int) -> [Int]? {
        guard c.doc.isNumber(i) else { return nil }
        let parts = c.doc.str(i).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isNumber) }) else { return nil }
        let v = parts.compactMap { Int($0) }
        return v.count == parts.count ? v : nil
    }
    /// Whether token `i` is one of the separators of `sep`.
    static func isSep(_ d: Doc, _ i: Int) -> Bool { ["/", "-", "."].contains(d.key(i)) }
    static func isYear(_ y: Int?) -> Bool { y.map { $0 >= 1945 && $0 <= 2100 } ?? false }
    static func valid(_ d: Int, _ m: Int, _ y: Int?) -> Bool { Day(y ?? 2000, m, d) != nil }

    /// The separators of "d sep m sep y" agree and the date is not part of a longer number.
    static func sepsAgree(_ c: RuleContext, _ caps: Captures) -> Bool {
        guard let a = caps["s1"], let b = caps["s2"] else { return true }
        return c.doc.key(a.lowerBound) == c.doc.key(b.lowerBound)
    }
    static func notDocumentAfter(_ c: RuleContext, _ end: Int) -> Bool {
        let d = c.doc
        if d.key(end) == "/" && d.adjacent(end) { return false }
        if d.key(end) == "-" && d.adjacent(end) && d.isWord(end + 1) && d.adjacent(end + 1) { return false }
        return true
    }

    static let dmy: P = .seq([.cap("d", .number(.day)), .cap("s1", sep), .cap("m", .number(.month)), .cap("s2", sep), .cap("y", .number(.year))])
    static let dm: P = .seq([.cap("d", .number(.day)), .cap("s1", sep), .cap("m", .number(.month))])

    static func fullDate(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        guard sepsAgree(c, caps), let d = int(c, caps["d"]), let m = int(c, caps["m"]), let y = int(c, caps["y"]), valid(d, m, y),
              notDocumentAfter(c, r.upperBound) else { return nil }
        // "12/2020" inside "15/12/2020/NĐ…" or a figure "1/3/2020" glued to a slash before.
        if c.doc.key(r.lowerBound - 1) == "/" && c.doc.adjacent(r.lowerBound) { return nil }
        return .date(DateMatch(tokens: r, year: y, month: m, day: d))
    }

    static let rules: [Rule] = [
        Rule("date.numeric", .date, priority: 10, .seq([.opt(.w("ngày")), dmy]),
             examples: [Example("Ngày 30/5/2019, Bộ Chính trị ban hành chỉ thị.", "2019-05-30"),
                        Example("Đại hội diễn ra ngày 30 - 6 - 2020 tại hội trường.", "2020-06-30"),
                        Example("Chiều ngày 14/8/2020, đại hội khai mạc.", "2020-08-14")],
             negatives: ["Theo Nghị định 15/10/2020/NĐ-CP mới."], build: fullDate),
        Rule("date.numeric-token", .date, priority: 10,
             .seq([.opt(.cap("ngay", .w("ngày"))), .atNumber, .cap("t", .custom("d.m.y") { c, i in dotted(c, i).map { _ in i + 1 } })]),
             examples: [Example("Sáng 25.4.2019, đại hội đã khai mạc.", "2019-04-25"),
                        Example("Ngày 7.10 vừa qua, đại hội chi bộ diễn ra (năm 2020).", "2020-10-07")],
             negatives: ["Dân số 1.234.567 người."]) { c, r, caps in
            guard let t = caps["t"], let v = dotted(c, t.lowerBound) else { return nil }
            let s = c.doc.str(t.lowerBound).split(separator: ".")
            if v.count == 3, s[0].count <= 2, s[1].count <= 2, isYear(v[2]), valid(v[0], v[1], v[2]) { return .date(DateMatch(tokens: r, year: v[2], month: v[1], day: v[0])) }
            let cue = caps.has("ngay") || after(c, r.lowerBound, yearlessIds)
            if v.count == 2, s[0].count <= 2, s[1].count <= 2, r.lowerBound > 0, cue, valid(v[0], v[1], nil) { return .date(DateMatch(tokens: r, year: nil, month: v[1], day: v[0])) }
            return nil
        },
        Rule("date.iso", .date, priority: 10,
             .seq([.cap("y", .number(.year)), .glued(.w("-")), .glued(.cap("m", .number(.month))), .glued(.w("-")), .glued(.cap("d", .number(.day)))]),
             examples: [Example("Hệ thống ghi lúc 2020-07-14 08:30 có 12 báo cáo.", "2020-07-14")],
             negatives: ["Nhiệm kỳ 2020-2025 có nhiều đổi mới."]) { c, r, caps in
            guard let d = int(c, caps["d"]), let m = int(c, caps["m"]), let y = int(c, caps["y"]), valid(d, m, y) else { return nil }
            return .date(DateMatch(tokens: r, year: y, month: m, day: d))
        },
        Rule("date.written", .date, priority: 10,
             .seq([.w("ngày"), .cap("d", .number(.day)), .w("tháng"), .cap("m", .number(.month)),
                   .opt(.seq([.alt([.w("năm"), sep]), .cap("y", .number(.year))]))]),
             examples: [Example("Ngày 5 tháng 8 năm 2020, huyện tổ chức đại hội.", "2020-08-05")],
             negatives: ["Họp trong 5 tháng liền."]) { c, r, caps in
            guard let d = int(c, caps["d"]), let m = int(c, caps["m"]), valid(d, m, nil) else { return nil }
            return .date(DateMatch(tokens: r, year: int(c, caps["y"]), month: m, day: d))
        },
        Rule("date.yearless", .date, priority: 5,
             .seq([.opt(.w("ngày")), dm]),
             examples: [Example("Tối 3-9 năm nay, huyện họp (ngày 2/9/2020 là lễ).", "2020-09-03"),
                        Example("Đến ngày 12/3, có 95% chi bộ đã đại hội (tháng 3/2020).", "2020-03-12"),
                        // The sentence's full stop right after the month is no separator.
                        Example("Đại hội sẽ khai mạc vào sáng 13-8. Ngày 2/8/2020 là ngày họp.", "2020-08-13")],
             negatives: ["Có 12/15 chi bộ đã đại hội."]) { c, r, caps in
            let d = c.doc
            guard sepsAgree(c, caps), let day = int(c, caps["d"]), let m = int(c, caps["m"]), valid(day, m, nil) else { return nil }
            // Year-less only after "ngày", a time of day or "đến/từ/trước/sau".
            let first = r.lowerBound
            let cued = d.key(first) == "ngay" || after(c, first, yearlessIds)
            guard cued else { return nil }
            if d.isNumber(r.upperBound) && d.adjacent(r.upperBound) { return nil }
            // Not the start of a longer figure ("13-8-2020" read otherwise, "3/8/..."): a separator
            // glued to the month and then a number glued to it.
            if isSep(d, r.upperBound), d.adjacent(r.upperBound), d.isNumber(r.upperBound + 1), d.adjacent(r.upperBound + 1) { return nil }
            if d.key(r.upperBound) != ".", isSep(d, r.upperBound), d.adjacent(r.upperBound) { return nil }
            return .date(DateMatch(tokens: r, year: nil, month: m, day: day))
        },
        Rule("date.month", .date, priority: 8,
             .seq([.w("tháng"), .alt([.seq([.cap("m", .number(.month)), .opt(.seq([.alt([.w("năm"), sep]), .cap("y", .number(.year))]))]),
                                      .cap("t", .custom("m.y") { c, i in dotted(c, i).flatMap { $0.count == 2 ? i + 1 : nil } })])]),
             examples: [Example("Dự kiến tổ chức đại hội trong tháng 8/2020.", "2020-08"),
                        Example("Hoàn thành trong tháng 5.2015 theo kế hoạch.", "2015-05"),
                        Example("Tính đến hết tháng 7 năm 2020, đã có 12 chi bộ.", "2020-07-31")],
             negatives: ["Có 3 tháng 2 lần họp."]) { c, r, caps in
            let d = c.doc
            if d.isNumber(r.lowerBound - 1) { return nil }
            var m: Int?, y: Int?
            if let t = caps["t"], let v = dotted(c, t.lowerBound) { guard v[0] >= 1, v[0] <= 12, isYear(v[1]) else { return nil }; m = v[0]; y = v[1] }
            else { m = int(c, caps["m"]); y = int(c, caps["y"]) }
            guard let month = m else { return nil }
            if y == nil {
                guard after(c, r.lowerBound, monthCueIds) else { return nil }
                if d.key(r.upperBound) == "nam", d.isNumber(r.upperBound + 1) { return nil }
            }
            var dm = DateMatch(tokens: r, year: y, month: month, day: nil)
            if d.key(r.lowerBound - 1) == "het" { dm.endOfMonth = true }
            return .date(dm)
        },
        Rule("date.quarter", .date, priority: 8,
             .seq([.w("quý"), .cap("q", .anyToken), .alt([.w("năm"), sep]), .cap("y", .number(.year))]),
             examples: [Example("Hoàn thành trong quý III/2020.", "2020-07-01..2020-09-30")],
             negatives: ["Quý khách vui lòng chờ."]) { c, r, caps in
            guard let qr = caps["q"] else { return nil }
            let q = int(c, qr).flatMap { (1...4).contains($0) ? $0 : nil } ?? romans[c.doc.key(qr.lowerBound)]
            guard let q, let y = int(c, caps["y"]) else { return nil }
            var m = DateMatch(tokens: r, year: y, month: (q - 1) * 3 + 1, day: nil)
            m.quarter = q
            return .date(m)
        },
        Rule("date.year", .date, priority: 3,
             .seq([.after(["trong", "đầu", "giữa", "đến"]), .w("năm"), .cap("y", .number(.year)),
                   .not(.glued(.any(["-", "/"])))]),
             examples: [Example("Trong năm 2011, huyện có nhiều chi bộ mới.", "2011"),
                        Example("Đến đầu năm 2027 sẽ hoàn thành.", "2027")],
             negatives: ["Nhiệm kỳ 2020 - 2025 đã kết thúc.", "Năm 2020 có 12 chi bộ.", "Từ những tháng cuối năm 2019 đã chuẩn bị."]) { c, r, caps in
            guard let y = int(c, caps["y"]) else { return nil }
            var m = DateMatch(tokens: r, year: y, month: 1, day: nil)
            m.yearOnly = true
            return .date(m)
        },
        // "ngày 20 đến 22/9/2020", "25-26/6/2020", "từ 14 - 16/10/2020", "ngày 14 và 15-4": the first
        // day shares the month and year of the second.
        Rule("date.range-shared-tail", .date, priority: 12,
             .seq([.opt(.w("từ")), .opt(.w("ngày")), .cap("d1", .number(.day)), .alt([.w("-"), .w("đến"), .w("và"), .w(",")]), .opt(.w("ngày")),
                   .cap("d", .number(.day)), .cap("s1", sep), .cap("m", .number(.month)), .opt(.seq([.cap("s2", sep), .cap("y", .number(.year))]))]),
             examples: [Example("Đại hội diễn ra ngày 20 đến 22/9/2020 tại tỉnh.", "2020-09-20..2020-09-22"),
                        Example("Đại hội diễn ra 25-26/6/2020.", "2020-06-25..2020-06-26"),
                        Example("Ngày 8-10/7/2020, đại hội đã khai mạc.", "2020-07-08..2020-07-10")],
             negatives: ["Có 25-26 chi bộ tham gia."]) { c, r, caps in
            let d = c.doc
            guard sepsAgree(c, caps), let d1 = int(c, caps["d1"]), let d2 = int(c, caps["d"]), let m = int(c, caps["m"]), d1 < d2, valid(d2, m, nil) else { return nil }
            let y = int(c, caps["y"])
            let cued = d.key(r.lowerBound) == "tu" || d.key(r.lowerBound) == "ngay" || after(c, r.lowerBound, yearlessIds)
            guard y != nil || cued, notDocumentAfter(c, r.upperBound) else { return nil }
            return .date(DateMatch(tokens: r, year: y, month: m, day: d1, endYear: y, endMonth: m, endDay: d2, isRange: true))
        },
        // "từ ngày 5.4 - 9.4.2015": dotted days.
        Rule("date.range-dotted", .date, priority: 12,
             .seq([.opt(.w("từ")), .opt(.w("ngày")), .atNumber, .cap("a", .custom("d.m") { c, i in dotted(c, i).map { _ in i + 1 } }),
                   .alt([.w("-"), .w("đến")]), .opt(.w("ngày")), .cap("b", .custom("d.m.y") { c, i in dotted(c, i).map { _ in i + 1 } })]),
             examples: [Example("Đại hội từ ngày 5.4 - 9.4.2015 tại tỉnh.", "2015-04-05..2015-04-09")],
             negatives: ["Tăng 1.234 - 2.345 người."]) { c, r, caps in
            guard let a = caps["a"], let b = caps["b"], let x = dotted(c, a.lowerBound), let y = dotted(c, b.lowerBound), x.count == 2, y.count == 3,
                  isYear(y[2]), valid(x[0], x[1], y[2]), valid(y[0], y[1], y[2]) else { return nil }
            return .date(DateMatch(tokens: r, year: y[2], month: x[1], day: x[0], endYear: y[2], endMonth: y[1], endDay: y[0], isRange: true))
        },
        // "các ngày 4 - 5.7", "từ ngày 26 đến 28.10.2020": a day, then a dotted date it shares.
        Rule("date.range-shared-dotted", .date, priority: 12,
             .seq([.opt(.w("từ")), .opt(.w("ngày")), .cap("d1", .number(.day)), .alt([.w("-"), .w("đến"), .w("và")]), .opt(.w("ngày")),
                   .cap("b", .custom("d.m(.y)") { c, i in dotted(c, i).map { _ in i + 1 } })]),
             examples: [Example("Đại hội diễn ra các ngày 4 - 5.7 (năm 2020).", "2020-07-04..2020-07-05"),
                        Example("Đại hội từ ngày 26 đến 28.10.2020 tại tỉnh.", "2020-10-26..2020-10-28")],
             negatives: ["Có 4 - 5.000 người dự."]) { c, r, caps in
            let d = c.doc
            guard let b = caps["b"], let v = dotted(c, b.lowerBound), v.count >= 2, let d1 = int(c, caps["d1"]) else { return nil }
            let parts = d.str(b.lowerBound).split(separator: ".")
            guard parts[0].count <= 2, parts[1].count <= 2, d1 < v[0], valid(v[0], v[1], nil) else { return nil }
            let y: Int? = v.count == 3 ? v[2] : nil
            if v.count == 3 && !isYear(y) { return nil }
            let cued = d.key(r.lowerBound) == "tu" || d.key(r.lowerBound) == "ngay" || after(c, r.lowerBound, yearlessIds) || y != nil
            guard cued else { return nil }
            return .date(DateMatch(tokens: r, year: y, month: v[1], day: d1, endYear: y, endMonth: v[1], endDay: v[0], isRange: true))
        },
        // "ngày 11/10 – 13/10/2005", "từ ngày 25/1-2/2/2021": two days of their months.
        Rule("date.range-pair", .date, priority: 12,
             .seq([.opt(.w("từ")), .opt(.w("ngày")), .cap("d1", .number(.day)), .cap("s1", sep), .cap("m1", .number(.month)),
                   .alt([.w("-"), .w("đến")]), .opt(.w("ngày")), .cap("d", .number(.day)), .cap("s2", sep), .cap("m", .number(.month)),
                   .opt(.seq([sep, .cap("y", .number(.year))]))]),
             examples: [Example("Đại hội diễn ra ngày 11/10 - 13/10/2005 tại tỉnh.", "2005-10-11..2005-10-13"),
                        Example("Từ ngày 25/1-2/2/2021, các chi bộ tổng kết.", "2021-01-25..2021-02-02")],
             negatives: ["Tỷ lệ 11/10 - 13/10 là sai."]) { c, r, caps in
            let d = c.doc
            guard let d1 = int(c, caps["d1"]), let m1 = int(c, caps["m1"]), let d2 = int(c, caps["d"]), let m2 = int(c, caps["m"]),
                  valid(d1, m1, nil), valid(d2, m2, nil), m1 < m2 || (m1 == m2 && d1 < d2) else { return nil }
            let y = int(c, caps["y"])
            let cued = d.key(r.lowerBound) == "tu" || d.key(r.lowerBound) == "ngay" || after(c, r.lowerBound, yearlessIds)
            guard cued, notDocumentAfter(c, r.upperBound) else { return nil }
            return .date(DateMatch(tokens: r, year: y, month: m1, day: d1, endYear: y, endMonth: m2, endDay: d2, isRange: true))
        },
        // "từ ngày 5/8/2020 đến ngày 20/8/2020", "từ 10/7 đến 15/8/2020", "từ ngày 4/5/2021 – 31/5/2021"
        // (a dash between two whole dates, the later one second).
        Rule("date.range-full", .date, priority: 12,
             .seq([.alt([.seq([.w("từ"), .opt(.w("ngày"))]), .w("ngày")]), .cap("a", .custom("date") { c, i in c.x.simpleDate(c, i)?.tokens.upperBound }),
                   .cap("to", .alt([.w("đến"), .w("-")])), .opt(.w("ngày")), .cap("b", .custom("date") { c, i in c.x.simpleDate(c, i)?.tokens.upperBound })]),
             examples: [Example("Đại hội từ ngày 10/7/2020 đến ngày 15/8/2020 theo kế hoạch.", "2020-07-10..2020-08-15"),
                        Example("Các chi bộ đại hội từ ngày 04/5/2021 - 31/5/2021 theo kế hoạch.", "2021-05-04..2021-05-31")],
             negatives: ["Từ 10 đến 15 chi bộ.", "Ngày 5/5/2021 - 12/2021 là hạn."]) { c, r, caps in
            guard let a = caps["a"], let b = caps["b"], let x = c.x.simpleDate(c, a.lowerBound, yearless: true), let y = c.x.simpleDate(c, b.lowerBound, yearless: true),
                  x.tokens == a, y.tokens == b else { return nil }
            // Only "từ" opens a range with "đến"; a dash joins two whole dates in order.
            let dash = caps["to"].map { c.doc.key($0.lowerBound) == "-" } ?? false
            if !dash && c.doc.key(r.lowerBound) != "tu" { return nil }
            if dash {
                guard let y1 = x.year, let y2 = y.year, let dx = x.day, let dy = y.day, let p = Day(y1, x.month, dx), let q = Day(y2, y.month, dy), p < q else { return nil }
            }
            return .date(DateMatch(tokens: r, year: x.year ?? y.year, month: x.month, day: x.day, endYear: y.year ?? x.year, endMonth: y.month, endDay: y.day, isRange: true))
        },
    ]
}

extension Extractor {
    /// A single date at token `i` through the single-date rules (for the parts of a range).
    func simpleDate(_ c: RuleContext, _ i: Int, yearless: Bool = true) -> DateMatch? {
        for r in DateRules.rules where !r.name.hasPrefix("date.range") && r.name != "date.year" {
            guard let m = r.matcher.longest(c, at: i), case .date(let dm)? = r.build(c, i..<m.end, m.caps) else { continue }
            if dm.year == nil && !yearless { continue }
            return dm
        }
        // Year-less "10/7" right after "từ".
        let d = c.doc
        if let a = DateRules.int(c, i..<(i + 1)), a >= 1, a <= 31, DateRules.isSep(d, i + 1), let m = DateRules.int(c, (i + 2)..<(i + 3)), m >= 1, m <= 12,
           !(DateRules.isSep(d, i + 3) && d.isNumber(i + 4)) {
            return DateMatch(tokens: i..<(i + 3), year: nil, month: m, day: a)
        }
        return nil
    }
}
