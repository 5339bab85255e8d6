import Testing
import VNText

@Test(arguments: [
    ("Lang Son", "LẠNG SƠN"), ("Lạng Sơn", "lang son"), ("Đảng bộ", "dang bo"), ("TỈNH UỶ", "tinh uy"),
    ("Thừa Thiên  Huế", "thua thien hue"), ("Ðảng", "dang"),
])
func plainFoldingMatches(_ a: String, _ b: String) {
    #expect(Folding.plain(a) == Folding.plain(b))
}

@Test func plainFoldingValues() {
    #expect(Folding.plain("Lạng Sơn") == "lang son")
    #expect(Folding.plain("Khuê Trung") == "khue trung")
    #expect(Folding.plain("Đăk Nông") == "dak nong")
}

@Test func exactFoldingKeepsDiacriticsButNotToneStyleOrCase() {
    #expect(Folding.exact("Thị uỷ Duyên Hải") == Folding.exact("THỊ ỦY DUYÊN HẢI"))
    #expect(Folding.exact("Khánh Hoà") == Folding.exact("Khánh Hòa"))
    #expect(Folding.exact("Long Hữu") != Folding.exact("Long Hựu"))
    #expect(Folding.plain("Long Hữu") == Folding.plain("Long Hựu"))
}
