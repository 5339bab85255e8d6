import Foundation
import Testing
import VNGazetteer
import _VNTestSupport

/// A copy of Gazetteer/ in a temporary folder, with rows appended to some files.
func brokenGazetteer(appending rows: [String: [String]]) throws -> URL {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("vnfacts-gz-\(UUID().uuidString)")
    try fm.copyItem(at: gazetteerDirectory, to: dir)
    for (file, lines) in rows {
        let url = dir.appendingPathComponent(file)
        var text = try String(contentsOf: url, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        text += lines.joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

func lineCount(_ dir: URL, _ file: String) throws -> Int {
    try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count - 1
}

@Test func validatorNamesFileAndLineOfEachKindOfBadRow() throws {
    let units = "units/units.tsv", aliases = "units/aliases.tsv"
    let dir = try brokenGazetteer(appending: [
        units: [
            "20\tprovince\tTỉnh\tLạng Sơn Mới\t\t2010-01-01\t2012-01-01\t",   // overlaps code 20's 2004–2025 version
            "99901\tcommune\tXã\tKhông Cha\t999\t2010-01-01\t2011-01-01\t",   // parent 999 does not exist
            "99902\tcommune\tXã\tNgày Sai\t182\t2010-13-01\t\t",              // not a date
            "99903\tcommune\tXã\tNgược\t182\t2012-01-01\t2011-01-01\t",      // ends before it starts
        ],
        aliases: [
            "Xứ Lạng\t20\t2004-08-31\t\tduplicate of an existing alias",
            "Nơi Không Có\t99999\t\t\tunknown code",
        ],
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    let n = try lineCount(dir, units)
    let a = try lineCount(dir, aliases)
    func has(_ file: String, _ line: Int, _ text: String) -> Bool {
        g.issues.contains { $0.file == file && $0.line == line && $0.message.contains(text) && $0.severity == .error }
    }
    #expect(has(units, n - 3, "overlaps"), "\(g.issues.filter { $0.file == units })")
    #expect(has(units, n - 2, "parent 999"))
    #expect(has(units, n - 1, "not a YYYY-MM-DD"))
    #expect(has(units, n, "not after valid_from"))
    #expect(has(aliases, a - 1, "duplicate alias"))
    #expect(has(aliases, a, "99999"))
}

@Test func validatorChecksColumnsAgainstTheSchema() throws {
    let dir = try brokenGazetteer(appending: ["party/levels.tsv": ["chi bộ ấp\tvillage\tnot a facts.md level"]])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    #expect(g.issues.contains { $0.file == "party/levels.tsv" && $0.message.contains("'village' is not one of") })
}

@Test func aMissingFileIsAClearErrorNotACrash() throws {
    let dir = try brokenGazetteer(appending: [:])
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.removeItem(at: dir.appendingPathComponent("party/committees.tsv"))
    #expect {
        _ = try Gazetteer(directory: dir)
    } throws: { error in
        "\(error)".contains("party/committees.tsv")
    }
}

@Test func malformedRowsAreReportedAndSkipped() throws {
    let dir = try brokenGazetteer(appending: ["party/committees.tsv": ["Chi ủy\tonly two fields"]])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    #expect(g.issues.contains { $0.file == "party/committees.tsv" && $0.message.contains("fields, the header has") })
}

/// The map's tiles: a second tile for a version, a tile of no province version, and two
/// provinces of one time on one square are each named with their line.
@Test func validatorChecksTheMapTiles() throws {
    let tiles = "units/province-tiles.tsv"
    let dir = try brokenGazetteer(appending: [tiles: [
        "20\t2004-08-31\tLạng Sơn\t2004\t9\t9",     // Lạng Sơn has a tile already
        "495\t2004-08-31\tCẩm Lệ\t2004\t9\t8",      // a district, not a province
        "\t\t\t2004\tx\t1",
    ]])
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try Gazetteer(directory: dir)
    let n = try lineCount(dir, tiles)
    let mine = g.issues.filter { $0.file == tiles }
    #expect(mine.contains { $0.line == n - 2 && $0.message.contains("has a tile already") }, "\(mine)")
    #expect(mine.contains { $0.line == n - 1 && $0.message.contains("no province version") })
    #expect(mine.contains { $0.line == n })
    // Moving Hà Nội onto Lạng Sơn's square: two provinces of one time share it.
    let moved = try brokenGazetteer(appending: [:])
    defer { try? FileManager.default.removeItem(at: moved) }
    let url = moved.appendingPathComponent(tiles)
    let text = try String(contentsOf: url, encoding: .utf8)
    try text.replacingOccurrences(of: "01\t2004-08-31\tHà Nội\t2004\t2\t3", with: "01\t2004-08-31\tHà Nội\t2004\t1\t6").write(to: url, atomically: true, encoding: .utf8)
    let g2 = try Gazetteer(directory: moved)
    #expect(g2.issues.contains { $0.file == tiles && $0.message.contains("share") }, "\(g2.issues.filter { $0.file == tiles })")
}
