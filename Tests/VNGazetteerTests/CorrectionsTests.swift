import Foundation
import Testing
import VNGazetteer
import _VNTestSupport

// The corrections of units/corrections.tsv (issue 12 item 7) as a reader of the data sees them.
// Each expectation fails on the uncorrected copies.

@Test func iaMoAfterTheReformIs23938() throws {
    let r = shared.link(name: "Ia Mơ", types: ["Xã"], on: day("2025-08-01"))
    #expect(r.unit?.code == "23938", "\(r.reason)")
    #expect(shared.units.version(code: "23737", on: day("2025-08-01")) == nil, "23737 was Ia Mơ Nông and ends with the reform")
    let old = try #require(shared.units.version(code: "23938", on: day("2020-01-01")))
    #expect(old.name == "Ia Mơ")
    #expect(shared.units.currentSuccessors(of: old).map(\.newCode) == ["23938"])
}

@Test func aNamesakeSuccessorIsTheRightUnit() throws {
    // Xã Tân Phú (Châu Thành, An Giang) went into Xã Vĩnh An of An Giang, not Tân Phú Trung of Đồng Tháp.
    let tanPhu = try #require(shared.units.version(code: "30622", on: day("2020-01-01")))
    let s = shared.units.currentSuccessors(of: tanPhu)
    #expect(s.map(\.newCode) == ["30604"])
    #expect(s.first?.newName == "Vĩnh An")
    // An extra "part" pair from a namesake is gone, and the one left is whole.
    let phuSon = try #require(shared.units.version(code: "14770", on: day("2020-01-01")))
    let p = shared.units.currentSuccessors(of: phuSon)
    #expect(p.map(\.newCode) == ["14797"])
    #expect(p.first?.share == "whole")
}

@Test func hue2021ChangesOnTheirEffectiveDate() throws {
    // 1264/NQ-UBTVQH14 took effect 2021-07-01; the catalogue had 2021-11-01.
    let thuanAn = try #require(shared.units.version(code: "19900", on: day("2021-07-15")))
    #expect(thuanAn.type == "Phường")
    #expect(thuanAn.parentCode == "474")
    #expect(shared.link(name: "Thuận An", types: ["Phường"], on: day("2021-07-15"), context: LinkContext(codes: ["474"])).unit?.code == "19900")
    #expect(shared.units.version(code: "19900", on: day("2021-06-30"))?.type == "Thị trấn")
    // Phú Cát (19771) was merged away by the same resolution.
    #expect(shared.units.version(code: "19771", on: day("2021-07-15")) == nil)
    // Bạch Mai (Hà Nội) on 2025-01-15: the new ward, code 00292.
    #expect(shared.link(name: "Bạch Mai", types: ["Phường"], on: day("2025-01-15")).unit?.code == "00292")
}

@Test func aGhostCommuneIsClosedAndHasNoSuccessor() throws {
    // Xã Tư Nghĩa (25177), dissolved in 2020, re-listed under Đạ Huoai from 2024-12-01: closed 2025-03-01.
    let ghost = try #require(shared.units.version(code: "25177", on: day("2025-02-15")))
    #expect(ghost.validity.to == day("2025-03-01"))
    #expect(shared.units.version(code: "25177", on: day("2025-03-15")) == nil)
    #expect(shared.units.version(code: "25177", on: day("2025-07-01")) == nil)
    #expect(shared.units.currentSuccessors(of: ghost).isEmpty)
    #expect(shared.units.successors["25177"] == nil)
    #expect(shared.link(name: "Tư Nghĩa", types: ["Xã"], on: day("2025-06-01")).unit?.code != "25177")
}

@Test func anOldSpellingLinksInItsYearsOnly() {
    // GSO's lists before 2019 spell Xã Bum Tở (Mường Tè) "Bun Tở".
    let old = shared.link(name: "Bun Tở", types: ["Xã"], on: day("2017-06-01"))
    #expect(old.unit?.code == "03454", "\(old.reason)")
    #expect(old.tier == .exact)
    // After 2019 the catalogue's spelling is the one, and the alias no longer counts.
    #expect(shared.link(name: "Bum Tở", types: ["Xã"], on: day("2021-06-01")).unit?.code == "03454")
    #expect(shared.link(name: "Bun Tở", types: ["Xã"], on: day("2021-06-01")).unit == nil)
    // A spelling shared by a district and its town: the type word decides.
    #expect(shared.link(name: "Nà Hang", types: ["Huyện"], on: day("2016-03-01")).unit?.code == "072")
    #expect(shared.link(name: "Nà Hang", types: ["Thị trấn"], on: day("2016-03-01")).unit?.code == "02221")
    // And the catalogue's former spelling after GSO's 2025 list changed it.
    #expect(shared.link(name: "Đắk Hà", types: ["Xã"], on: day("2025-08-01")).unit?.code == "23500")
}

@Test func correctionsThatDoNotApplyAreErrors() throws {
    let c = "units/corrections.tsv"
    let dir = try brokenGazetteer(appending: [
        c: [
            "units/units.tsv\tcode=99999;valid_from=2004-08-31\tset\tvalid_to\t2025-07-01\t2025-01-01\tno such row",
            "units/units.tsv\tcode=20;valid_from=2004-08-31\tset\tname\tLạng Sơn Cũ\tXứ Lạng\tthe copy says Lạng Sơn",
            "units/successors.tsv\told_code=00001\tdrop\t\t\t\t00001 has one successor row: matches one, fine",
            "units/units.tsv\tcode=20260\tdrop\t\t\t\t20260 has three versions: ambiguous key",
            "units/anomalies.tsv\tcode=03388\tdrop\t\t\t\tnot a correctable copy",
            "units/units.tsv\tcode=00004;valid_from=2004-08-31\tset\tvalid_to\t2025-07-01\t2024-01-01\tcloses 00004 early: its successor row must then be reported",
            "units/units.tsv\tcode=20260;valid_from=2005-08-20\tset\tvalid_from\t2005-08-20\t2005-01-01\tmakes two versions of 20260 overlap",
        ],
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    let n = try lineCount(dir, c)
    func has(_ file: String, _ line: Int?, _ text: String) -> Bool {
        g.issues.contains { $0.file == file && (line == nil || $0.line == line) && $0.message.contains(text) && $0.severity == .error }
    }
    #expect(has(c, n - 6, "matches no row"), "\(g.issues.filter { $0.file == c })")
    #expect(has(c, n - 5, "has 'Lạng Sơn' in name, not 'Lạng Sơn Cũ'"))
    #expect(!g.issues.contains { $0.file == c && $0.line == n - 4 })
    #expect(has(c, n - 3, "matches 3 rows"))
    #expect(has(c, n - 2, "is not one of"))
    // A problem that a corrected row causes names the correction.
    #expect(has("units/units.tsv", nil, "overlaps the one on line") && g.issues.contains { $0.message.contains("row corrected by \(c):\(n)") })
    // The early close leaves 00004's successor row without a version ending on the reform day.
    #expect(has("units/successors.tsv", nil, "old_code 00004 has no version ending on 2025-07-01"))
    // The dropped successor of 00001 is gone.
    #expect(g.units.successors["00001"] == nil)
    #expect(g.units.successors["00004"] != nil)
}

@Test func theFingerprintCoversTheCorrections() throws {
    let dir = try brokenGazetteer(appending: [
        "units/corrections.tsv": ["units/successors.tsv\told_code=00001\tdrop\t\t\t\tany change to the corrections changes the fingerprint"],
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    #expect(g.unitsFingerprint != shared.unitsFingerprint)
}

@Test func anAliasSharedByTwoCodesNeedsASharedName() throws {
    let a = "units/aliases.tsv"
    let dir = try brokenGazetteer(appending: [
        a: ["Bun Tở\t04231\t2010-01-01\t2012-01-01\tXã Sốp Cộp does not share a name with Bum Tở: a collision"],
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    let n = try lineCount(dir, a)
    #expect(g.issues.contains { $0.file == a && $0.line == n && $0.message.contains("duplicate alias") && $0.message.contains("03454") })
}
