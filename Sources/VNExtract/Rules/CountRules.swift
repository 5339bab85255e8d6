import VNText
import VNGazetteer

/// Counts: the figures of completion ("121/235 chi bộ", "1.130 tổ chức cơ sở đảng, chiếm 98,7%",
/// "toàn bộ 36 chi bộ", "100% chi bộ") and the look-alikes that are not counts (people, votes,
/// villages, other organizations, rates of women, ranges of rates).
enum CountRules {
    /// The counted party organizations ("chi bộ trực thuộc", "tổ chức cơ sở đảng", "chi, đảng bộ").
    static let subject: P = .cap("subject", organizations)
    static let organizations: P = .custom("party-organizations") { c, i in c.x.partyOrganizationsEnd(c.doc, at: i) }
    /// The organizations named again after a total ("… trên tổng số 2.345 chi bộ").
    static let totalSubject: P = .cap("totalSubject", organizations)
    static let int: P = .number(.int)
    static let slash: P = .seq([.notAfter(["/"]), .cap("done", int), .glued(.w("/")), .glued(.cap("total", int)), .not(.glued(.any(["/", "%"])))])
    static let pct: P = .seq([.cap("pct", .number(.decimal)), .w("%")])
    /// A number standing alone (not a part of an x/y).
    static let lone: P = .seq([.notAfter(["/"]), .cap("done", int), .not(.glued(.w("/")))])
    static let about: P = .opt(.any(["hơn", "trên", "gần", "khoảng", "đạt", "chiếm"]))
    static let ofTotal: P = .seq([.any(["trong", "trên"]), .w("tổng số")])
    /// A stop for gaps: a clause never runs past these.
    static let gapStops = ["và", "còn", "trong", "trên"]

    static func value(_ c: RuleContext, _ caps: Captures, _ name: String) -> Int? { caps[name].flatMap { c.doc.intValue($0.lowerBound) } }
    static func decimal(_ c: RuleContext, _ caps: Captures) -> Double? { caps["pct"].flatMap { c.doc.decimalValue($0.lowerBound) } }
    /// The figure's own tokens (what a count holds): the numbers and "/", "%".
    static func numbers(_ r: Range<Int>, _ caps: Captures) -> [Range<Int>] {
        var out: [Range<Int>] = []
        if let d = caps["done"], let t = caps["total"], t.lowerBound == d.upperBound + 1 { out.append(d.lowerBound..<t.upperBound) }
        else { if let d = caps["done"] { out.append(d) }; if let t = caps["total"] { out.append(t) } }
        if let p = caps["pct"] { out.append(p.lowerBound..<(p.upperBound + 1)) }
        return out.isEmpty ? [r] : out
    }
    static let dateCue = Set((DateRules.timeOfDay + ["ngày", "hôm"]).map(Matcher.key))
    static func figure(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures, done: Int?, total: Int?, percent: Double?) -> Claim? {
        // "Sáng 2/10 Đại hội …": a day and a month after a time of day is a date.
        if let d = caps["done"], caps.has("total"), DateRules.after(c, d.lowerBound, dateCue), let dv = done, let tv = total, dv <= 31, tv <= 12 { return nil }
        if let d = done, let t = total, d > t { return .refused("\(d)/\(t): more done than in total") }
        if let t = total, t == 0 { return nil }
        if let p = percent, p > 100 { return nil }
        let at = [caps["done"], caps["pct"], caps["total"]].compactMap { $0?.lowerBound }.min() ?? r.lowerBound
        return .figure(Figure(done: done, total: total, percent: percent, at: at, subjectStart: (caps["subject"] ?? caps["totalSubject"])?.lowerBound))
    }

    static let rules: [Rule] = [
        Rule("count.slash", .count, priority: 10, .seq([slash, .opt(.any(["số", "các"])), subject]),
             examples: [Example("Đến nay có 121/235 chi bộ đã tiến hành đại hội.", "121/235 level=cell status=completed"),
                        Example("Theo kế hoạch sẽ hoàn thành đại hội 235/235 chi bộ trực thuộc.", "235/235 status=planned"),
                        Example("Huyện đã đại hội xong 60/75 tổ chức cơ sở đảng.", "60/75 level=grassroots")],
             negatives: ["Có 170/200 đảng viên dự họp.", "Xã có 9/12 thôn đạt chuẩn nông thôn mới."], holds: numbers) { c, r, caps in
            figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "23/25 (92%) chi bộ": the percent between the figure and its organizations.
        Rule("count.slash-percent", .count, priority: 11,
             .seq([slash, .w("("), pct, .w(")"), .opt(.any(["số", "các"])), subject]),
             examples: [Example("Đã có 23/25 (92%) chi bộ, đảng bộ cơ sở tổ chức đại hội.", "23/25 92% level=grassroots")],
             negatives: ["Có 23/25 (92%) đảng viên dự họp."], holds: numbers) { c, r, caps in
            figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: decimal(c, caps))
        },
        // "các đảng bộ huyện: Hương Sơn 46/47, Lộc Hà 27/30": a name and its figure in a list
        // whose organizations were named earlier in the sentence.
        Rule("count.list-item", .count, priority: 6, .seq([slash, .not(.any(["số", "các"])), .not(subject), .not(.vocab(.notParty))]),
             examples: [Example("Số tổ chức cơ sở đảng đã đại hội ở các huyện: Kim Sơn 46/47, Yên Mô 27/30.", "46/47 level=grassroots"),
                        Example("Các đơn vị chưa xong có tỷ lệ tổ chức cơ sở đảng đã đại hội như sau: Đảng ủy Khối Các cơ quan tỉnh 58/60.", "58/60 status=completed")],
             negatives: ["Tỷ số trận đấu Kim Sơn 3/4."], holds: numbers) { c, r, caps in
            let d = c.doc
            guard let dr = caps["done"], d.isWord(dr.lowerBound - 1), c.x.subjectEarlier(d, dr.lowerBound) != nil else { return nil }
            // A name before it: capitalized ("Lộc Hà 27/30"), or a committee's name ending with a
            // type word ("Đảng ủy Khối Các cơ quan tỉnh 106/108") in a list.
            if !d.isCapitalized(dr.lowerBound - 1) {
                let tw = c.x.vocabulary.tries(d).typeWords
                let typeEnd = [1, 2].contains { n in tw.longest(d.vids, from: dr.lowerBound - n)?.end == dr.lowerBound }
                let inList = (max(0, dr.lowerBound - 14)..<dr.lowerBound).contains { d.key($0) == "," || d.key($0) == ":" }
                let named = (max(0, dr.lowerBound - 10)..<(dr.lowerBound - 1)).contains { d.isWord($0) && d.isCapitalized($0) }
                guard typeEnd, inList, named else { return nil }
            }
            return figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "đối với đảng bộ cơ sở, 40/44 đã đại hội xong": the organizations were named before the figure.
        Rule("count.slash-subject-before", .count, priority: 5, .seq([slash, .not(.any(["số", "các"])), .not(subject), .not(.vocab(.notParty)), .not(.capWord)]),
             examples: [Example("Đối với đảng bộ cơ sở, 40/44 đã đại hội xong.", "40/44 level=grassroots")],
             negatives: ["Tỷ số là 3/4 trong trận đấu."], holds: numbers) { c, r, caps in
            guard c.x.subjectBefore(c.doc, r.lowerBound) != nil else { return nil }
            return figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "95,2% (40/42 chi bộ)", "100% (15/15)".
        Rule("count.percent-then-slash", .count, priority: 12,
             .seq([pct, .w("("), .cap("done", int), .glued(.w("/")), .glued(.cap("total", int)), .opt(subject), .w(")")]),
             examples: [Example("Có 95,2% (40/42) chi bộ đã đại hội.", "40/42 95.2%")],
             negatives: ["Tăng 5% (3/4 quý) so với cùng kỳ."], holds: numbers) { c, r, caps in
            guard caps.has("subject") || c.x.partyOrganizationsEnd(c.doc, at: r.upperBound) != nil || c.x.subjectBefore(c.doc, r.lowerBound) != nil else { return nil }
            return figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: decimal(c, caps))
        },
        // "14 trong tổng số 15 chi bộ", "14 trên tổng số 15".
        Rule("count.of-total", .count, priority: 10,
             .seq([lone, .opt(subject), .gap(10, stops: ["và"]), ofTotal, .cap("total", int), .opt(totalSubject)]),
             examples: [Example("Đã có 1.234 chi bộ tổ chức xong đại hội trên tổng số 2.345 chi bộ.", "1234/2345 level=cell"),
                        Example("Có 14 trong tổng số 15 tổ chức cơ sở đảng đã đại hội.", "14/15 level=grassroots")],
             negatives: ["Có 14 đảng viên trong tổng số 15 người."], holds: numbers) { c, r, caps in
            guard caps.has("subject") || caps.has("totalSubject") || c.x.subjectBefore(c.doc, r.lowerBound) != nil else { return nil }
            // No other figure inside the gap.
            if let d = caps["done"], let t = caps["total"], (d.upperBound..<(t.lowerBound - 2)).contains(where: { c.doc.isNumber($0) }) { return nil }
            return figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "trong tổng số 18 chi bộ, có 14 chi bộ đã đại hội".
        Rule("count.total-first", .count, priority: 10,
             .seq([ofTotal, .cap("total", int), subject, .gap(8, stops: ["và"]), .opt(.w(",")), .opt(.any(["có", "đã"])), .cap("done", int), .not(.glued(.w("/")))]),
             examples: [Example("Trong tổng số 18 chi bộ của huyện, có 14 chi bộ đã đại hội.", "14/18 level=cell")],
             negatives: ["Trong tổng số 18 chi bộ, 3 năm liền đạt danh hiệu."], holds: numbers) { c, r, caps in
            if let s = caps["subject"], let d = caps["done"], (s.upperBound..<d.lowerBound).contains(where: { c.doc.isNumber($0) }) { return nil }
            // The done figure counts the same organizations, or is followed by what they did ("có 14
            // đã đại hội"), not by another noun ("3 năm liền").
            if let d = caps["done"] {
                let k = d.upperBound, doc = c.doc, v = c.x.vocabulary
                let follows = c.x.partyOrganizationsEnd(doc, at: k) != nil || v.cue(doc, at: k, category: "count-status") != nil
                    || v.cue(doc, at: k, category: "count-activity") != nil || !doc.isWord(k)
                if !follows { return nil }
            }
            return figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "toàn bộ 36 chi bộ", "tất cả 12 đảng bộ", "cả 15 tổ chức cơ sở đảng".
        Rule("count.all-of", .count, priority: 10,
             .seq([.alt([.w("toàn bộ"), .w("tất cả"), .exact("cả")]), lone, subject]),
             examples: [Example("Toàn bộ 36 chi bộ đã tổ chức đại hội xong.", "36/36 level=cell")],
             negatives: ["Cả 3 ngày đại hội đều nắng."], holds: numbers) { c, r, caps in
            let n = value(c, caps, "done")
            return figure(c, r, caps, done: n, total: n, percent: nil)
        },
        // "toàn bộ 37/37 tổ chức đảng": the x/y after a word for all.
        Rule("count.all-slash", .count, priority: 11,
             .seq([.alt([.w("toàn bộ"), .w("tất cả"), .exact("cả")]), slash, .opt(.any(["số", "các"])), subject]),
             examples: [Example("Toàn bộ 37/37 tổ chức cơ sở đảng đã đại hội.", "37/37 level=grassroots")],
             negatives: ["Toàn bộ 37/37 đảng viên dự họp."], holds: numbers) { c, r, caps in
            figure(c, r, caps, done: value(c, caps, "done"), total: value(c, caps, "total"), percent: nil)
        },
        // "318 chi bộ, đảng bộ cơ sở đã đại hội, đạt 97,2%", "1.130 tổ chức cơ sở đảng, chiếm 98,7% tổng số".
        Rule("count.done-percent", .count, priority: 9,
             .seq([lone, subject, .gap(14, stops: gapStops), .opt(.w("(")), .any(["đạt", "chiếm", "bằng"]), .opt(.w("tỷ lệ")), .opt(.any(["hơn", "trên", "gần"])), pct]),
             examples: [Example("Có 318 chi bộ, đảng bộ cơ sở đã đại hội, đạt 97,2%.", "318 97.2% level=grassroots"),
                        Example("Đã có 1.130 tổ chức cơ sở đảng đại hội, chiếm 98,7% tổng số.", "1130 98.7%")],
             negatives: ["Có 318 đảng viên dự họp, đạt 97,2%."], holds: numbers) { c, r, caps in
            if let s = caps["subject"], let p = caps["pct"], (s.upperBound..<p.lowerBound).contains(where: { c.doc.isNumber($0) }) { return nil }
            return figure(c, r, caps, done: value(c, caps, "done"), total: nil, percent: decimal(c, caps))
        },
        // "100% chi bộ trực thuộc đã tổ chức đại hội", "hơn 80% số tổ chức cơ sở đảng".
        Rule("count.percent", .count, priority: 6,
             .seq([about, pct, .opt(.any(["số", "các"])), .opt(.w("các")), subject]),
             examples: [Example("Đến nay 100% chi bộ trực thuộc đã tổ chức đại hội.", "100% level=cell"),
                        Example("Hơn 80% số tổ chức cơ sở đảng đã đại hội.", "80% level=grassroots")],
             negatives: ["Có 100% đảng viên tham dự.", "Tỷ lệ cấp ủy viên nữ đạt 20%."], holds: numbers) { c, r, caps in
            figure(c, r, caps, done: nil, total: nil, percent: decimal(c, caps))
        },
        // "tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt trên 44%".
        Rule("count.rate", .count, priority: 6,
             .seq([.w("tỷ lệ"), .opt(.w("số")), subject, .gap(12, stops: gapStops), .w("đạt"), about, pct]),
             examples: [Example("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt trên 44%.", "44% level=grassroots")],
             negatives: ["Tỷ lệ đảng viên hoàn thành nhiệm vụ đạt 90%."], holds: numbers) { c, r, caps in
            if let s = caps["subject"], let p = caps["pct"], (s.upperBound..<p.lowerBound).contains(where: { c.doc.isNumber($0) }) { return nil }
            return figure(c, r, caps, done: nil, total: nil, percent: decimal(c, caps))
        },

        // Look-alikes: they claim their figure so that no count rule reads it.
        Rule("count.not.non-party", .count, priority: 20,
             .seq([.alt([slash, lone, pct]), .opt(.any(["số", "các"])), .vocab(.notParty)]),
             examples: [Example("Có 170/200 đảng viên dự họp.", "refused"), Example("Xã có 9/12 thôn đạt chuẩn nông thôn mới.", "refused"),
                        Example("Đại hội có 275 đại biểu tham dự.", "refused"),
                        Example("Đồng chí trúng cử với 45/46 phiếu bầu.", "refused")],
             negatives: []) { _, _, _ in .refused("the figure counts people, villages, votes or another organization, not party organizations") },
        // "9/18 đơn vị tổ chức thành công đại hội điểm MTTQ": the congresses counted are another organization's.
        Rule("count.not.other-congress", .count, priority: 20,
             .seq([.notAfter(["ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "từ", "đến", "tháng"]), .alt([slash, pct]), .peek(.word),
                   .gap(10, stops: [",", ";", ".", "và"]), .w("đại hội"), .gap(2, stops: [",", ";", "."]), .vocab(.notParty)]),
             examples: [Example("Có 7/9 đơn vị cấp huyện tổ chức xong đại hội điểm MTTQ Việt Nam.", "refused"),
                        Example("Đến nay 12/15 xã đã tổ chức đại hội Hội Nông dân.", "refused")],
             negatives: ["Sáng 2/10, đại hội Hội Nông dân xã khai mạc."], holds: numbers) { _, _, _ in .refused("the congresses counted are another organization's (Fatherland Front, unions, associations)") },
        Rule("count.not.fraction", .count, priority: 20, .seq([slash, .w("tổng số")]),
             examples: [Example("Thay mới 1/3 tổng số cấp ủy viên.", "refused")], negatives: []) { _, _, _ in
            .refused("a fraction of a total (\"1/3 tổng số\"), not a count")
        },
        Rule("count.not.rate-range", .count, priority: 20,
             .seq([.number(.decimal), .opt(.w("%")), .any(["-", "đến"]), .number(.decimal), .w("%")]),
             examples: [Example("Phấn đấu 80 - 90% chi bộ đạt trong sạch vững mạnh.", "refused")], negatives: []) { _, _, _ in
            .refused("a range of rates (a target band), not a count")
        },
        Rule("count.not.share-of-people", .count, priority: 20,
             .seq([.w("tỷ lệ"), .gap(6, stops: []), .any(["nữ", "trẻ", "tuổi", "người"]), .gap(8, stops: []), .number(.decimal), .w("%")]),
             examples: [Example("Tỷ lệ cấp ủy viên nữ trong chi bộ đạt 20%.", "refused")], negatives: []) { _, _, _ in
            .refused("a share of people (women, young members) in committees, not a count")
        },
    ]
}

extension Extractor {
    /// End of the counted party organizations at `i` ("các chi bộ trực thuộc", "tổ chức cơ sở
    /// đảng", "chi, đảng bộ"), or nil when what follows is not a party organization.
    func partyOrganizationsEnd(_ d: Doc, at i: Int, congresses: Bool = true) -> Int? {
        var j = i
        while j < i + 3, ["cac", "tong", "so"].contains(d.key(j)) { j += 1 }
        let t = vocabulary.tries(d)
        let lm = t.levels.longest(d.vids, from: j)
        // "đại hội" counted as such ("100% đại hội thực hiện đủ …") is no organization named before a figure.
        let lv = congresses || lm?.payloads.first != "other" ? lm?.end : nil
        let org = t.organizations.longest(d.vids, from: j)?.end
        guard let end = [lv, org].compactMap({ $0 }).max() else { return nil }
        if let np = t.notParty.longest(d.vids, from: j)?.end, np >= end { return nil }
        return end
    }

    /// Whether non-party words start at `i`.
    func notPartyAt(_ d: Doc, _ i: Int) -> Bool { vocabulary.tries(d).notParty.longest(d.vids, from: i) != nil && partyOrganizationsEnd(d, at: i) == nil }

    /// The party organizations named earlier in the sentence of token `i`, across a list of
    /// names and figures ("… các huyện: A 46/47, B 27/30"): their first token.
    func subjectEarlier(_ d: Doc, _ i: Int) -> Int? {
        guard i < d.count else { return nil }
        let s0 = d.sentences[d.sentenceOf[i]].tokens.lowerBound
        var k = i - 1
        while k >= s0, k >= i - 60 {
            if partyOrganizationsEnd(d, at: k, congresses: false) != nil { return k }
            k -= 1
        }
        return nil
    }

    /// The party organizations named earlier in the clause of token `i` ("đối với đảng bộ cơ sở,
    /// 40/44 …", "số chi bộ đã đại hội là 40/44"): their first token.
    func subjectBefore(_ d: Doc, _ i: Int) -> Int? {
        let c = d.clauseStart(i)
        var k = i - 1
        while k >= c, k >= i - 14 {
            if d.isNumber(k) && !(d.key(k + 1) == "/" && k + 2 == i) { return nil }
            if partyOrganizationsEnd(d, at: k, congresses: false) != nil, !(k > 0 && ["cac", "so"].contains(d.key(k - 1)) && partyOrganizationsEnd(d, at: k - 1) != nil) { return k }
            k -= 1
        }
        return nil
    }
}
