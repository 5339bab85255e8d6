import Testing
import VNExtract

func unitNames(_ text: String, published: String? = "2020-08-05") -> [String] {
    extract(article(text), published: published).units.map(\.name)
}

@Test func committeesOrganizationsAndPlacesWithCanonicalNames() {
    let f = extract(article("Tỉnh uỷ Lạng Sơn chỉ đạo Đảng bộ huyện Văn Lãng; Ban Thường vụ Tỉnh uỷ Lạng Sơn họp tại tỉnh Bắc Ninh."))
    let byName = Dictionary(f.units.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(byName["Tỉnh ủy Lạng Sơn"]?.placeCode == "20")
    #expect(byName["Tỉnh ủy Lạng Sơn"]?.text == "Tỉnh uỷ Lạng Sơn", "text is the original spelling")
    #expect(byName["Đảng bộ huyện Văn Lãng"]?.placeCode == "182")
    #expect(byName["Ban Thường vụ Tỉnh ủy Lạng Sơn"]?.kind == "party-committee")
    #expect(byName["Bắc Ninh"]?.kind == "admin-unit")
}

@Test func aBodyWithoutPlaceTakesTheProvinceThePageNames() {
    let names = unitNames("Tỉnh ủy Trà Vinh chỉ đạo. Kế hoạch số 134-KH/TU của Ban Thường vụ Tỉnh ủy về đại hội.", published: "2020-03-05")
    #expect(names.contains("Ban Thường vụ Tỉnh ủy Trà Vinh"))
}

@Test func centralAgencies() {
    let f = extract(article("Văn phòng Trung ương Đảng báo cáo Bộ Chính trị, Ban Bí thư và Ban Tổ chức Trung ương."))
    #expect(Set(f.units.map(\.name)).isSuperset(of: ["Văn phòng Trung ương Đảng", "Bộ Chính trị", "Ban Bí thư", "Ban Tổ chức Trung ương"]))
    #expect(f.units.allSatisfy { $0.kind == "party-agency" && $0.placeCode == nil })
}

@Test func theContextDecidesBetweenSameNamedUnits() {
    // Phường 2 exists in dozens of towns: the article's town decides.
    let f = extract(article("Thị ủy Duyên Hải chọn Đảng bộ Phường 2 và Đảng bộ xã Long Hữu làm điểm."), published: "2020-03-05")
    #expect(f.units.first { $0.name.hasSuffix("2") }?.placeCode == "29516")
    #expect(f.units.first { $0.name.hasSuffix("Long Hữu") }?.placeCode == "29518")
}

@Test func coordinatedListsGiveOneUnitPerName() {
    let names = unitNames("Trong tháng 7, các Đảng bộ huyện Kim Sơn, Yên Khánh và Yên Mô tổ chức đại hội.")
    #expect(Set(names).isSuperset(of: ["Đảng bộ huyện Kim Sơn", "Đảng bộ huyện Yên Khánh", "Đảng bộ huyện Yên Mô"]))
}

@Test func aUnitNamedByTheCatalogueOfItsDate() {
    let old = extract(article("Đảng bộ phường Khuê Trung tổ chức đại hội."), published: "2020-03-02")
    #expect(old.units.first?.placeCode == "20260")
    #expect(old.units.first?.successor?.contains("Cẩm Lệ") == true, "today's successor is told")
}

@Test func aPersonIsNotACity() {
    let names = unitNames("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")
    #expect(names.isEmpty, "\(names)")
}

@Test func anOrganOfTheWardIsNotAMentionOfTheWard() {
    let names = unitNames("Chủ tịch HĐND phường Khuê Trung cho biết.", published: "2020-03-02")
    #expect(!names.contains("Khuê Trung"))
}

@Test func textTypedWithoutDiacriticsStillLinks() {
    let f = extract(article("Tinh uy Lang Son chi dao Dang bo huyen Van Lang to chuc dai hoi."), published: "2020-08-05")
    #expect(f.units.contains { $0.placeCode == "20" }, "\(f.units.map(\.name))")
    #expect(f.units.contains { $0.placeCode == "182" })
}

@Test func aPlaceNameSeveralProvincesHaveStillNamesTheUnitWithoutACode() {
    // "xã Tân Lập" exists in many provinces and the article names none: the unit keeps its name and
    // its place's name, with no code and a place-ambiguous warning; a village cell below it takes the commune.
    let f = extract(article("Đảng ủy xã Tân Lập họp về đại hội. Chi bộ thôn Đồng Mới đã đại hội xong, xã Tân Lập có 7/8 chi bộ hoàn thành."), published: "2020-03-05")
    let committee = f.units.first { $0.name == "Đảng ủy xã Tân Lập" }
    #expect(committee?.place == "Tân Lập")
    #expect(committee?.placeCode == nil)
    #expect(f.units.first { $0.name == "Chi bộ thôn Đồng Mới" }?.place == "Tân Lập")
    #expect(f.warnings.contains { $0.code == "place-ambiguous" })
    #expect(f.counts.first?.unit?.place == "Tân Lập")
}

@Test func withoutADateAUnitWithOneCodeTakesItsLatestVersion() {
    // No year anywhere: a province's versions over time share one code, so the code is known.
    let f = extract(article("Tính đến ngày 22/6, Cao Bằng có 10/13 đơn vị cấp huyện đã hoàn thành đại hội."), published: nil)
    #expect(f.counts.first?.unit?.placeCode == "04")
}
