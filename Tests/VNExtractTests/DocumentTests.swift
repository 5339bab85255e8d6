import Testing
import VNExtract

struct DocCase: Sendable, CustomTestStringConvertible {
    let text: String
    let published: String?
    let ids: [String]
    var testDescription: String { text }
}

@Test(arguments: [
    DocCase(text: "Thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp.", published: "2020-08-05", ids: ["35-CT/TW"]),
    DocCase(text: "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 134-KH/TU, ngày 10/7/2019.", published: "2020-03-05", ids: ["134-KH/TU"]),
    DocCase(text: "Theo Quy định số 3053-QĐ/TU và Thông báo số 403-TB/TXU của Ban Thường vụ Thị ủy.", published: "2020-03-05", ids: ["3053-QĐ/TU", "403-TB/TXU"]),
    DocCase(text: "Căn cứ Nghị định số 15/2020/NĐ-CP và Nghị quyết số 1365/NQ-UBTVQH15 về sắp xếp đơn vị hành chính.", published: "2025-01-10", ids: ["15/2020/NĐ-CP", "1365/NQ-UBTVQH15"]),
    DocCase(text: "Thực hiện Kế hoạch số 100 - KH/TU của Tỉnh ủy.", published: "2020-03-05", ids: ["100-KH/TU"]),
    DocCase(text: "Quán triệt Chỉ thị 35-CT/TƯ của Bộ Chính trị.", published: "2020-03-05", ids: ["35-CT/TW"]),
    DocCase(text: "Theo Chỉ thị số 37/CT-TW của Ban Bí thư.", published: "2020-03-05", ids: ["37-CT/TW"]),
    DocCase(text: "Thực hiện Kế hoạch số 215-\nKH/TU về đại hội.", published: "2024-11-05", ids: ["215-KH/TU"]),
    DocCase(text: "Theo Nghị quyết số 653/2019/UBTVQH14 ngày 12/3/2019 của Ủy ban Thường vụ Quốc hội.", published: "2020-01-05", ids: ["653/2019/UBTVQH14"]),
    // Short mentions resolve by the article's date: party numbers restart each term.
    DocCase(text: "Hội nghị quán triệt Chỉ thị số 35 của Bộ Chính trị.", published: "2020-07-10", ids: ["35-CT/TW"]),
    DocCase(text: "Hội nghị quán triệt Chỉ thị 35 của Bộ Chính trị.", published: "2024-09-10", ids: ["35-CT/TW"]),
    // Not documents: a bare number after a kind word that names a year, ages, terms.
    DocCase(text: "Kế hoạch năm 2020 của tỉnh; cán bộ dưới 35 tuổi; nhiệm kỳ 2020 - 2025.", published: "2020-07-10", ids: []),
])
func documentIds(_ c: DocCase) {
    let f = extract(article(c.text), published: c.published)
    #expect(Set(f.documents.map(\.id)) == Set(c.ids), "\(f.documents.map(\.id))")
}

@Test func shortMentionTakesTheDirectiveOfItsTerm() {
    let f2020 = extract(article("Triển khai Chỉ thị 35 của Bộ Chính trị."), published: "2020-07-10")
    let f2024 = extract(article("Triển khai Chỉ thị 35 của Bộ Chính trị."), published: "2024-09-10")
    #expect(f2020.documents.first?.date?.iso == "2019-05-30")
    #expect(f2024.documents.first?.date?.iso == "2024-06-14")
}

@Test func shortMentionResolvesThroughTheArticleFirst() {
    let f = extract(article("Ban Thường vụ ban hành Kế hoạch số 134-KH/TU, ngày 10/7/2019 (sau đây viết tắt là Kế hoạch 134). Kế hoạch 134 yêu cầu các cấp ủy chuẩn bị tốt."), published: "2019-08-01")
    #expect(f.documents.count == 3)
    #expect(f.documents.allSatisfy { $0.id == "134-KH/TU" && $0.date?.iso == "2019-07-10" })
}

@Test func aShortMentionNobodyKnowsIsAWarningNotAGuess() {
    let f = extract(article("Thực hiện Kế hoạch số 77 của Huyện ủy."), published: "2020-07-10")
    #expect(f.documents.isEmpty)
    #expect(f.warnings.contains { $0.code == "document-unresolved" })
}

@Test func theDocumentDateAndIssuerAfterTheNumber() throws {
    let f = extract(article("Thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị về đại hội."), published: "2020-08-05")
    let d = try #require(f.documents.first)
    #expect(d.date?.iso == "2019-05-30")
    #expect(d.issuerName == "Bộ Chính trị")
    #expect(d.kindName == "Chỉ thị")
    #expect(f.dates.first { $0.value == "2019-05-30" }?.role == "document")
}
