import Foundation
import Testing
import VNGazetteer
import VNText
import _VNTestSupport

/// One loaded gazetteer for all tests (loading is the slow part).
let shared: Gazetteer = {
    do { return try Gazetteer(directory: gazetteerDirectory) } catch { fatalError("cannot load Gazetteer/: \(error)") }
}()

func day(_ s: String) -> Day { Day(iso: s)! }

struct LinkCase: Sendable, CustomTestStringConvertible {
    let mention: String
    let types: Set<String>?
    let on: String
    let within: [String]
    let code: String
    var testDescription: String { "\(mention) on \(on) → \(code)" }
}

/// Every unit the five seed articles name, with the types their type words or committee words allow.
@Test(arguments: [
    LinkCase(mention: "Lạng Sơn", types: ["Tỉnh"], on: "2020-08-05", within: [], code: "20"),
    LinkCase(mention: "Văn Lãng", types: ["Huyện"], on: "2020-08-05", within: [], code: "182"),
    LinkCase(mention: "Bắc Ninh", types: ["Tỉnh"], on: "2020-07-10", within: [], code: "27"),
    LinkCase(mention: "Cẩm Lệ", types: ["Quận"], on: "2020-03-02", within: [], code: "495"),
    LinkCase(mention: "Khuê Trung", types: ["Phường"], on: "2020-03-02", within: [], code: "20260"),
    LinkCase(mention: "Kim Sơn", types: ["Huyện"], on: "2020-03-12", within: [], code: "376"),
    LinkCase(mention: "Thượng Kiệm", types: ["Xã"], on: "2020-03-12", within: [], code: "14662"),
    LinkCase(mention: "Duyên Hải", types: ["Thị xã"], on: "2020-03-05", within: [], code: "851"),
    LinkCase(mention: "2", types: ["Phường"], on: "2020-03-05", within: ["851"], code: "29516"),
    LinkCase(mention: "Long Hữu", types: ["Xã"], on: "2020-03-05", within: [], code: "29518"),
    LinkCase(mention: "Trà Vinh", types: ["Tỉnh"], on: "2020-03-05", within: [], code: "84"),
    LinkCase(mention: "Hà Nội", types: ["Thành phố Trung ương"], on: "2020-07-10", within: [], code: "01"),
])
func seedUnitsLink(_ c: LinkCase) {
    let r = shared.link(name: c.mention, types: c.types, on: day(c.on), context: LinkContext(codes: c.within))
    #expect(r.unit?.code == c.code, "\(r.reason)")
}

@Test func kimSonIsAmbiguousWithoutItsTypeOrContext() {
    let r = shared.link(name: "Kim Sơn", on: day("2020-03-12"))
    #expect(r.unit == nil)
    #expect(r.candidates.count >= 3)
    #expect(r.candidates.contains { $0.code == "376" })
    #expect(r.reason.contains("ambiguous"))
    // The article's province decides.
    let inNinhBinh = shared.link(name: "Kim Sơn", on: day("2020-03-12"), context: LinkContext(codes: ["37"]))
    #expect(inNinhBinh.unit?.code == "376")
}

@Test func duyenHaiIsATownAndADistrictOfTraVinh() {
    let r = shared.link(name: "Duyên Hải", on: day("2020-03-05"))
    #expect(r.unit == nil, "Huyện Duyên Hải and Thị xã Duyên Hải are both valid in 2020")
    #expect(Set(r.candidates.map(\.code)).isSuperset(of: ["850", "851"]))
    #expect(shared.link(name: "Duyên Hải", types: ["Huyện"], on: day("2020-03-05")).unit?.code == "850")
    #expect(shared.link(name: "Duyên Hải", types: ["Thị xã"], on: day("2020-03-05")).unit?.code == "851")
}

@Test func phuong2ExistsInDozensOfTowns() {
    let r = shared.link(name: "2", types: ["Phường"], on: day("2020-03-05"))
    #expect(r.unit == nil)
    #expect(r.candidates.count > 12)
    // Knowing the province alone is not enough when it has several towns with a Phường 2.
    let byDistrict = shared.link(name: "2", types: ["Phường"], on: day("2020-03-05"), context: LinkContext(codes: ["851", "84"]))
    #expect(byDistrict.unit?.code == "29516")
}

@Test func codesAreReusedSoTheDateDecides() {
    #expect(shared.units.version(code: "20260", on: day("2020-03-02"))?.name == "Khuê Trung")
    #expect(shared.units.version(code: "20260", on: day("2025-08-01"))?.name == "Cẩm Lệ")
    #expect(shared.link(name: "Bắc Ninh", types: ["Tỉnh"], on: day("2020-01-01")).unit?.code == "27")
    #expect(shared.link(name: "Bắc Ninh", types: ["Tỉnh"], on: day("2025-08-01")).unit?.code == "24")
    #expect(shared.link(name: "Bắc Giang", types: ["Tỉnh"], on: day("2025-08-01")).unit == nil)
}

@Test func aUnitThatChangedBetween2015And2024() {
    // Code 851: Huyện Duyên Hải from the split of 2015-05-16, Thị xã after the code swap of 2015-08-31.
    #expect(shared.units.version(code: "851", on: day("2015-06-01"))?.type == "Huyện")
    #expect(shared.units.version(code: "851", on: day("2016-01-01"))?.type == "Thị xã")
    #expect(shared.link(name: "Duyên Hải", types: ["Thị xã"], on: day("2015-06-01")).unit?.code == "850")
    #expect(shared.link(name: "Duyên Hải", types: ["Thị xã"], on: day("2016-01-01")).unit?.code == "851")
}

@Test func aMentionOf2020AlsoTellsTodaysSuccessor() throws {
    let v = try #require(shared.units.version(code: "20260", on: day("2020-03-02")))
    let s = shared.units.currentSuccessors(of: v)
    #expect(s.map(\.newCode) == ["20260"])
    #expect(s.first?.newName == "Cẩm Lệ")
    let bacGiang = try #require(shared.units.version(code: "24", on: day("2020-01-01")))
    #expect(shared.units.currentSuccessors(of: bacGiang).map(\.newCode) == ["24"])
}

@Test(arguments: [("TP.HCM", "79"), ("TP. Hồ Chí Minh", "79"), ("Sài Gòn", "79"), ("Huế", "474"), ("thanh pho ho chi minh", "79")])
func aliasesAndTypeWords(_ c: (String, String)) {
    let (types, name) = shared.splitTypeWord(c.0)
    let r = shared.link(name: name, types: types, on: day("2020-01-01"))
    #expect(r.unit?.code == c.1, "\(c.0): \(r.reason)")
}

@Test func exactSpellingBeatsDiacriticFreeAndOtherDiacriticsDoNotMatch() {
    // Typed without diacritics: found, and marked as the weakest tier.
    let plain = shared.link(name: "Long Huu", types: ["Xã"], on: day("2020-03-05"))
    #expect(plain.unit?.code == "29518")
    #expect(plain.tier == .plain)
    #expect(shared.link(name: "Long Hữu", types: ["Xã"], on: day("2020-03-05")).tier == .exact)
    // "Long Hựu" (Long An) is another name, not a misspelling of Long Hữu.
    let other = shared.link(name: "Long Hựu", types: ["Xã"], on: day("2020-03-05"))
    #expect(other.unit?.code != "29518")
    // Old tone placement still links, one tier below the catalogue's own spelling.
    let old = shared.link(name: "Khánh Hoà", types: ["Tỉnh"], on: day("2018-10-01"))
    #expect(old.unit?.code == "56")
}

@Test func lookupUnderstandsTypeAndCommitteeWords() {
    let a = shared.splitTypeWord("huyện Kim Sơn")
    #expect(a.types == ["Huyện"] && a.name == "Kim Sơn")
    let b = shared.splitTypeWord("Thị ủy Duyên Hải")
    #expect(b.types == ["Thị xã"] && b.name == "Duyên Hải")
    let c = shared.splitTypeWord("TP.HCM")
    #expect(c.types == nil && c.name == "TP.HCM")
}

@Test func theShippedDataHasNoErrors() {
    let errors = shared.issues.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.prefix(5))")
    #expect(shared.units.versions.count > 17_000)
    #expect(shared.units.versions.filter { $0.level == .province && $0.validity.contains(day("2025-08-01")) }.count == 34)
    #expect(shared.units.versions.filter { $0.level == .commune && $0.validity.contains(day("2025-08-01")) }.count == 3321)
}

@Test func phraseTrieFindsEveryPhraseAndTheLongest() {
    var t = PhraseTrie<String>()
    t.insert(["dang", "bo"], "org")
    t.insert(["dang", "bo", "cap", "tren", "co", "so"], "tier")
    let keys = ["cac", "dang", "bo", "cap", "tren", "co", "so", "x"]
    #expect(t.matches(keys, from: 1).map(\.end) == [3, 7])
    #expect(t.longest(keys, from: 1)?.payloads == ["tier"])
    #expect(t.longest(keys, from: 0) == nil)
    // Dashes inside a phrase are skipped: "Bà Rịa - Vũng Tàu".
    t.insert(["ba", "ria", "vung", "tau"], "brvt")
    #expect(t.longest(["ba", "ria", "-", "vung", "tau"], from: 0)?.end == 5)
}
