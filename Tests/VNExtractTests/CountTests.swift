import Testing
import VNExtract

struct CountCase: Sendable, CustomTestStringConvertible {
    let text: String
    let figure: String   // "done/total" or "P%"
    let level: String
    let status: String
    let activity: String
    let place: String?
    var testDescription: String { text }
}

func figure(_ c: CountFact) -> String {
    if let d = c.done, let t = c.total { return "\(d)/\(t)" + (c.percent.map { " \($0)%" } ?? "") }
    return c.percent.map { "\(Int($0))%" } ?? "?"
}

@Test(arguments: [
    CountCase(text: "Tính đến hết tháng 7 năm 2020, Tỉnh ủy Lạng Sơn có 09/15 đảng bộ cấp trên cơ sở tổ chức thành công đại hội.", figure: "9/15",
              level: "upper-grassroots", status: "completed", activity: "congress", place: "Lạng Sơn"),
    CountCase(text: "Tỉnh ủy Lạng Sơn cho biết còn lại 06/15 đảng bộ dự kiến tổ chức đại hội trong tháng 8/2020.", figure: "6/15",
              level: "upper-grassroots", status: "remaining", activity: "congress", place: "Lạng Sơn"),
    CountCase(text: "Ban Thường vụ Tỉnh ủy Lạng Sơn đã hoàn thành duyệt văn kiện của 15/15 đảng bộ trực thuộc Tỉnh ủy.", figure: "15/15",
              level: "upper-grassroots", status: "completed", activity: "document-approval", place: "Lạng Sơn"),
    CountCase(text: "Ban Thường vụ Tỉnh ủy Lạng Sơn đã hoàn thành duyệt đề án nhân sự của 15/15 đảng bộ trực thuộc Tỉnh ủy.", figure: "15/15",
              level: "upper-grassroots", status: "completed", activity: "personnel-approval", place: "Lạng Sơn"),
    CountCase(text: "Tính đến ngày 2-3-2020, toàn quận Cẩm Lệ có 121/235 chi bộ trực thuộc các Đảng bộ cơ sở tiến hành đại hội chi bộ.", figure: "121/235",
              level: "cell", status: "completed", activity: "congress", place: "Cẩm Lệ"),
    CountCase(text: "Đối với tỉnh Bắc Ninh, đến nay có 6/11 Đảng bộ trực thuộc Tỉnh ủy tổ chức xong Đại hội.", figure: "6/11",
              level: "upper-grassroots", status: "completed", activity: "congress", place: "Bắc Ninh"),
    CountCase(text: "Huyện Kim Sơn có 100% tổ chức cơ sở đảng đã tổ chức xong đại hội.", figure: "100%",
              level: "grassroots", status: "completed", activity: "congress", place: "Kim Sơn"),
    CountCase(text: "Toàn tỉnh Bắc Giang có 1.286 chi bộ trực thuộc đảng ủy cơ sở đã tổ chức xong đại hội trên tổng số 2.445 chi bộ, đạt 52,6%.", figure: "1286/2445 52.6%",
              level: "cell", status: "completed", activity: "congress", place: "Bắc Giang"),
    CountCase(text: "Huyện Kim Sơn có 12 trong tổng số 15 đảng bộ xã tổ chức xong đại hội.", figure: "12/15",
              level: "grassroots", status: "completed", activity: "congress", place: "Kim Sơn"),
    CountCase(text: "Đảng bộ huyện Kim Sơn: trong tổng số 18 chi bộ trực thuộc, có 14 chi bộ đã tổ chức xong đại hội.", figure: "14/18",
              level: "cell", status: "completed", activity: "congress", place: "Kim Sơn"),
    CountCase(text: "Quận Cẩm Lệ dự kiến toàn bộ 234 chi bộ sẽ tổ chức đại hội trong tháng 3.", figure: "234/234",
              level: "cell", status: "planned", activity: "congress", place: "Cẩm Lệ"),
    CountCase(text: "Huyện Kim Sơn hiện có 6/29 tổ chức cơ sở đảng trực thuộc Huyện ủy đang tiến hành đại hội.", figure: "6/29",
              level: "grassroots", status: "in-progress", activity: "congress", place: "Kim Sơn"),
    CountCase(text: "Đảng bộ phường Khuê Trung (36/36 chi bộ) đã tiến hành xong đại hội.", figure: "36/36",
              level: "cell", status: "completed", activity: "congress", place: "Khuê Trung"),
])
func countsFromRealSentences(_ c: CountCase) throws {
    let f = extract(article(c.text), published: "2020-08-05")
    let got = try #require(f.counts.first, "no count in: \(c.text)")
    #expect(figure(got) == c.figure)
    #expect(got.level == c.level)
    #expect(got.status == c.status)
    #expect(got.activity == c.activity)
    #expect(got.unit?.place == c.place, "\(String(describing: got.unit))")
}

/// A press officer trusts the tool only if none of these is reported as a congress count.
@Test(arguments: [
    "Cơ cấu cấp ủy bảo đảm 1/3 tổng số cấp ủy là cán bộ trẻ.",
    "Tỷ lệ cán bộ nữ đạt 15% và cán bộ trẻ dưới 35 tuổi đạt 10%.",
    "Đại hội có 275 đại biểu, 100% đại biểu tán thành nghị quyết.",
    "Đảng bộ phường có 993 đảng viên, sinh hoạt tại 36 chi bộ trực thuộc.",
    "Đến nay 24/24 xã đạt chuẩn nông thôn mới.",
    "Có 18/18 xã đã tổ chức xong đại hội Mặt trận Tổ quốc.",
    "Đoàn Thanh niên có 45/45 chi đoàn tổ chức xong đại hội.",
    "Sáng 10/7, hội nghị khai mạc; đại hội kéo dài 2,5 ngày.",
    "Liên hệ: 0294.3832012, số 14 đường 3 tháng 2.",
])
func notCounts(_ text: String) {
    let f = extract(article(text), published: "2020-08-05")
    #expect(f.counts.isEmpty, "\(f.counts.map(\.text))")
}

/// The named steps that attribute a count to its reporting unit, each on a small case of its own.
struct AttributionCase: Sendable, CustomTestStringConvertible {
    let text: String
    let figure: String
    let place: String?
    let rule: String
    var testDescription: String { "\(rule): \(text)" }
}

@Test(arguments: [
    // A place written without its type word right before the figure.
    AttributionCase(text: "Tính đến ngày 12/6, Hương Khê có 38/40 tổ chức cơ sở đảng trực thuộc hoàn thành đại hội.",
                    figure: "38/40", place: "Hương Khê", rule: "count.unit.bare-place-before"),
    // A central body's report: the figure is over the country.
    AttributionCase(text: "Theo báo cáo của Ban Tổ chức Trung ương, đến hết ngày 31/8, có 1.290/1.300 đảng bộ cấp trên cơ sở đã hoàn thành đại hội.",
                    figure: "1290/1300", place: nil, rule: "count.unit.national-report"),
    // Members of a list are no reporting unit of a later figure, nor is a province known only from a company's name.
    AttributionCase(text: "Đảng bộ các huyện: Hải Hậu, Ý Yên đã hoàn thành đại hội cấp cơ sở. Đến nay, có 20/20 chi bộ được chọn đại hội điểm đã hoàn thành đại hội.",
                    figure: "20/20", place: nil, rule: "count.unit.none"),
])
func countAttributionSteps(_ c: AttributionCase) throws {
    let f = extract(article(c.text), published: "2020-08-05")
    let got = try #require(f.counts.first { figure($0) == c.figure }, "no \(c.figure) in: \(c.text) (\(f.counts.map(figure)))")
    #expect(got.unit?.place == c.place, "\(String(describing: got.unit))")
    #expect(got.unitRule == c.rule)
}

/// A first line of several sentences is the lead paragraph, and its figures are read; a one-sentence
/// headline's are not (the body repeats them).
@Test func leadParagraphIsBody() {
    let lead = extract("25/25 tổ chức cơ sở đảng trực thuộc Huyện ủy vừa tổ chức xong đại hội nhiệm kỳ mới. Trong đó, 20 đảng bộ tổ chức đại hội đảng viên.\n\nCác đại hội đều bảo đảm chất lượng.\n", published: "2020-08-05")
    #expect(lead.counts.map(figure) == ["25/25"])
    let headline = extract("25/25 tổ chức cơ sở đảng hoàn thành đại hội\n\nCác đại hội đều bảo đảm chất lượng, đúng kế hoạch đề ra.\n", published: "2020-08-05")
    #expect(headline.counts.isEmpty, "\(headline.counts.map(figure))")
}

/// A count's date: an as-of date of its sentence, else a month that opens its clause, else the
/// article's date (a range of days says when it happened, not when the figure holds).
@Test(arguments: [
    ("Tính đến ngày 12/3/2020, huyện Kim Sơn có 20/25 chi bộ tổ chức xong đại hội.", "2020-03-12"),
    ("Trong tháng 3/2020, xã Tân Lập đã có 5/6 chi bộ tổ chức thành công đại hội.", "2020-03"),
    ("Từ ngày 3/3/2020 đến ngày 12/3/2020, toàn bộ 6/6 chi bộ của xã Tân Lập đã đại hội xong.", "2020-04-02"),
    ("Xã Tân Lập đã có 5/6 chi bộ tổ chức thành công đại hội.", "2020-04-02"),
])
func countDates(_ c: (String, String)) throws {
    let f = extract(article(c.0), published: "2020-04-02")
    let count = try #require(f.counts.first, "no count in \(c.0)")
    #expect(count.asOf == c.1)
}
