import Testing
import VNExtract

struct DateCase: Sendable, CustomTestStringConvertible {
    let text: String
    let value: String?
    let end: String?
    let role: String?
    var testDescription: String { text }
}

@Test(arguments: [
    DateCase(text: "Tính đến hết tháng 7 năm 2020, đã có 100% tổ chức cơ sở đảng tổ chức xong đại hội.", value: "2020-07-31", end: nil, role: "as-of"),
    DateCase(text: "Về tiến độ, tính đến ngày 2-3-2020, toàn quận có 121/235 chi bộ tiến hành đại hội.", value: "2020-03-02", end: nil, role: "as-of"),
    DateCase(text: "Đại hội chi bộ dưới cơ sở hoàn thành trong tháng 3-2020.", value: "2020-03", end: nil, role: "planned"),
    DateCase(text: "Đại hội dự kiến tổ chức tháng 8/2020.", value: "2020-08", end: nil, role: "planned"),
    DateCase(text: "Hội nghị diễn ra ngày 5 tháng 8 năm 2019 tại hội trường.", value: "2019-08-05", end: nil, role: "event"),
    DateCase(text: "Kế hoạch được ký ngày 30.5.2019 tại Hà Nội.", value: "2019-05-30", end: nil, role: nil),
    DateCase(text: "Đại hội kết thúc ngày 30 - 6 - 2020 tại hội trường.", value: "2020-06-30", end: nil, role: nil),
    DateCase(text: "Đại hội điểm tổ chức vào ngày 14 và 15-4.", value: "2020-04-14", end: "2020-04-15", role: "planned"),
    DateCase(text: "Các chi bộ tổ chức đại hội từ ngày 15/4/2020 đến ngày 20/5/2020.", value: "2020-04-15", end: "2020-05-20", role: nil),
    DateCase(text: "Đại hội diễn ra từ 14 - 16/10/2020.", value: "2020-10-14", end: "2020-10-16", role: nil),
    DateCase(text: "Hoàn thành trong quý III/2020.", value: "2020-07-01", end: "2020-09-30", role: nil),
    DateCase(text: "Đến ngày 31-3, hoàn thiện dự thảo báo cáo chính trị.", value: "2020-03-31", end: nil, role: "planned"),
    DateCase(text: "Đến ngày 12/3/2020, 100% chi bộ đã tổ chức xong đại hội.", value: "2020-03-12", end: nil, role: "as-of"),
    // A news lead without its comma, with the meeting's verb after it.
    DateCase(text: "Ngày 5/9/2019 Chi bộ thôn Đông tổ chức đại hội nhiệm kỳ 2019-2021.", value: "2019-09-05", end: nil, role: "event"),
    DateCase(text: "(VNA) Ngày 14/8/2019, Đảng bộ huyện Kim Sơn khai mạc hội nghị.", value: "2019-08-14", end: nil, role: "event"),
    // Set off by commas or a preposition of time inside the sentence, before the verb.
    DateCase(text: "Thực hiện chỉ đạo của Tỉnh ủy, từ ngày 4/1 đến ngày 11/1/2020, Ban Thường vụ Huyện ủy đã tổ chức duyệt văn kiện.", value: "2020-01-04", end: "2020-01-11", role: "event"),
    DateCase(text: "Ban Thường vụ Huyện ủy trong tháng 5/2015 đã chỉ đạo các chi bộ tiến hành đại hội.", value: "2015-05", end: nil, role: "event"),
    // A plan before the verb keeps it from being an event.
    DateCase(text: "Ban Thường vụ Huyện ủy trong tháng 5/2015 sẽ chỉ đạo các chi bộ tiến hành đại hội.", value: "2015-05", end: nil, role: "planned"),
])
func datesAndRoles(_ c: DateCase) throws {
    let f = extract(article(c.text), published: "2020-02-15")
    let d = try #require(f.dates.first { $0.role != "published" }, "no date in \(c.text)")
    #expect(d.value == c.value)
    #expect(d.end == c.end)
    if let role = c.role { #expect(d.role == role, "\(d.role)") }
}

@Test(arguments: [
    "Địa chỉ: số 14, đường 3 tháng 2, khóm 1, phường 1.",
    "Điện thoại: 0294.3832012.",
    "Có 121/235 chi bộ đã tổ chức đại hội.",
    "Theo Nghị định số 15/2020/NĐ-CP của Chính phủ.",
    "Đại hội nhiệm kỳ 2020 - 2025 thành công tốt đẹp.",
    "Ngày 30/2/2020 không có thật.",
    "Chiếm 1/3 tổng số cấp ủy.",
])
func notDates(_ text: String) {
    let f = extract(article(text), published: "2020-02-15")
    #expect(f.dates.filter { $0.role != "published" }.isEmpty, "\(f.dates.map(\.text))")
}

@Test func aDateAfterTheArticlesOwnDateIsPlanned() {
    let f = extract(article("Hội nghị diễn ra ngày 5 tháng 8 năm 2020 tại hội trường."), published: "2020-02-15")
    #expect(f.dates.first?.role == "planned")
}

@Test func aYearlessDateTakesTheArticleYearOrWarns() {
    let dated = extract(article("Sáng 10/7, tại Hà Nội, Văn phòng Trung ương Đảng tổ chức hội nghị."), published: "2020-07-11")
    #expect(dated.dates.first?.value == "2020-07-10")
    #expect(dated.dates.first?.role == "event")
    let undated = extract(article("Sáng 10/7, tại Hà Nội, Văn phòng Trung ương Đảng tổ chức hội nghị."), published: nil)
    #expect(undated.dates.first?.value == nil)
    #expect(undated.warnings.contains { $0.code == "date-without-year" })
}

@Test func termsOfOffice() {
    let f = extract(article("Đại hội nhiệm kỳ 2020 - 2025 và đại hội chi bộ (nhiệm kỳ 2020-2022), nhiệm kỳ 2015–2020."))
    #expect(f.terms.map { "\($0.from)-\($0.to)" } == ["2020-2025", "2020-2022", "2015-2020"])
}

@Test func theDatelineWeekdayDecidesDayAndMonth() {
    // 05/08/2020 was a Wednesday as 5 August; 8 May 2020 was a Friday.
    let f = extract("Tỉnh ủy Lạng Sơn chỉ đạo tổ chức tốt Đại hội Đảng bộ cấp huyện\n\nSubmitted by Banbientap on Wednesday, 05/08/2020 - 09:29\n\nNội dung bài viết về đại hội.\n", published: nil)
    #expect(f.article.published?.iso == "2020-08-05")
    let g = extract("Tỉnh ủy Lạng Sơn chỉ đạo tổ chức tốt Đại hội Đảng bộ cấp huyện\n\nSubmitted by Banbientap on Friday, 05/08/2020 - 09:29\n\nNội dung bài viết về đại hội.\n", published: nil)
    #expect(g.article.published?.iso == "2020-05-08")
}
