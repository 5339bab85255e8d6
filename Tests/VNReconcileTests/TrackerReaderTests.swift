import Foundation
import Testing
import VNGazetteer
import VNReconcile
import ZIPFoundation

// The tracker readers on malformed and unusable input (issue 12): every input gives a tracker, row
// errors with their line, or a TrackerFailure; none may trap (a trap would end this test process).

let trackerHeader = "unit_code,unit_name,level,activity,as_of,done,total,note\n"

/// A row of the CSV tracker for Cẩm Lệ's cells on 2020-03-<day>.
func camLe(_ day: Int, _ done: Int, note: String = "") -> String {
    "495,Quận ủy Cẩm Lệ,cell,congress,2020-03-\(day < 10 ? "0" : "")\(day),\(done),235,\(note)\n"
}

/// An .xlsx workbook in memory whose first sheet holds `rows` (the XML inside <sheetData>).
func workbook(rows: String, sharedStrings: [String]? = nil) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    func add(_ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate, provider: { pos, size in
            data.subdata(in: Data.Index(pos) ..< Data.Index(pos) + size)
        })
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    try add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
    try add("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Tiến độ\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
    try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>")
    if let sharedStrings {
        try add("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">" + sharedStrings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>")
    }
    try add("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"\(main)\"><sheetData>\n\(rows)\n</sheetData></worksheet>")
    return try #require(archive.data)
}

/// A sheet row of inline strings (nil: no cell), from column A.
func sheetRow(_ r: Int, _ values: [String?]) -> String {
    var s = "<row r=\"\(r)\">"
    for (i, v) in values.enumerated() {
        guard let v else { continue }
        let ref = String(UnicodeScalar(UInt8(65 + i))) + String(r)
        s += Int(v) != nil ? "<c r=\"\(ref)\"><v>\(v)</v></c>" : "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(v)</t></is></c>"
    }
    return s + "</row>"
}

let sheetHeader = sheetRow(1, ["unit_code", "unit_name", "level", "activity", "as_of", "done", "total"])
let sheetData2 = sheetRow(2, ["495", "Quận ủy Cẩm Lệ", "cell", "congress", "2020-03-02", "118", "235"])

// MARK: - Workbooks the fuzz run found

@Test(arguments: [
    ("a negative shared-string index", "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>-1</v></c></row>", "shared string index '-1' is not in the table"),
    ("a shared-string index past the table", "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>", "shared string index '7' is not in the table (the table has 0 to 0)"),
    ("row r=0", "<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>", "row '0' is outside Excel's rows"),
    ("row r=-3", "<row r=\"-3\"><c r=\"A1\"><v>1</v></c></row>", "row '-3' is not a row number"),
    ("a cell reference without column letters", "<row r=\"2\"><c r=\"5\"><v>1</v></c></row>", "cell reference '5' in row 2 has no column letters"),
    ("a 15-letter column", "<row r=\"2\"><c r=\"ABCDEFGHIJKLMNO2\"><v>1</v></c></row>", "column ABCDEFGHIJKLMNO is past Excel's last column XFD"),
    ("column XFE", "<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>", "cell XFE2: column XFE is past Excel's last column XFD"),
    ("a row past Excel's last", "<row r=\"1048577\"><c r=\"A1048577\"><v>1</v></c></row>", "row '1048577' is outside Excel's rows"),
    ("a row number that overflows", "<row r=\"99999999999999999999999\"><c r=\"A1\"><v>1</v></c></row>", "is outside Excel's rows"),
    ("a cell of another row", "<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>", "cell A3 is inside row 2"),
    ("rows out of order", "<row r=\"5\"/><row r=\"3\"/>", "row 3 comes after row 5"),
    ("an unknown entity", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&bogus;</t></is></c></row>", "unknown entity '&bogus;'"),
    ("a character reference to nothing", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&#xD800;</t></is></c></row>", "is not a character"),
    ("a document type", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "document type declaration"),
    ("an attribute not quoted", "<row r=2></row>", "attribute 'r' of <row> is not quoted"),
])
func malformedWorkbooksAreErrorsWithTheirPlace(_ what: String, _ rows: String, _ expected: String) throws {
    let data = try workbook(rows: sheetHeader + rows, sharedStrings: ["x"])
    let failure = #expect(throws: TrackerFailure.self, "\(what)") { try TrackerReader.read(data: data) }
    #expect(failure?.kind == .workbook, "\(what)")
    #expect(failure?.message.contains(expected) == true, "\(what): \(failure?.message ?? "")")
    #expect(failure?.message.contains("xl/worksheets/sheet1.xml, XML line 3") == true, "\(what): the part and XML line are named: \(failure?.message ?? "")")
}

@Test func aRowNumberFarPastExcelsLastRowIsRejectedAtOnce() throws {
    // 1.7 KB that used to allocate a row per declared row number (8 GB).
    let data = try workbook(rows: sheetHeader + sheetData2 + "<row r=\"30000000\"><c r=\"A30000000\"><v>1</v></c></row>")
    let start = Date()
    let failure = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: data) }
    #expect(failure?.message.contains("row '30000000' is outside Excel's rows (1 to 1048576)") == true, "\(failure?.message ?? "")")
    #expect(Date().timeIntervalSince(start) < 1)
}

@Test(.timeLimit(.minutes(10)))
func rowsAreReadSparsely() throws {
    // Excel's last row, right after the header: nothing is allocated for the rows in between.
    let far = sheetRow(1_048_576, ["495", "Quận ủy Cẩm Lệ", "cell", "congress", "2020-03-02", "118", "235"])
    let data = try workbook(rows: sheetHeader + far)
    let start = Date()
    let t = try TrackerReader.read(data: data)
    #expect(Date().timeIntervalSince(start) < 1)
    #expect(t.snapshots.map(\.line) == [1_048_576])
}

@Test func theWidestRowDoesNotPadTheOthers() throws {
    // Row 2 has a note in the last column (XFD); the others keep only their own cells.
    let wide = sheetRow(2, ["495", "Quận ủy Cẩm Lệ", "cell", "congress", "2020-03-02", "118", "235"]).replacingOccurrences(of: "</row>", with: "<c r=\"XFD2\" t=\"inlineStr\"><is><t>ghi chú</t></is></c></row>")
    let narrow = sheetRow(3, ["495", "Quận ủy Cẩm Lệ", "cell", "congress", "2020-03-09", "140", "235"])
    let sparse = sheetRow(4, ["495", nil, "cell", "congress", "2020-03-10", "150", "235"])
    let data = try workbook(rows: sheetHeader + wide + narrow + sparse)
    var rows: [(Int, [XLSXCell])] = []
    try XLSXReader.forEachRow(data: data) { rows.append(($0, $1)) }
    #expect(rows.map(\.0) == [1, 2, 3, 4])
    #expect(rows.map(\.1.count) == [7, 8, 7, 6])
    #expect(rows[1].1.last == XLSXCell(column: 16_383, value: "ghi chú"))
    #expect(rows[3].1.map(\.column) == [0, 2, 3, 4, 5, 6])
    let t = try TrackerReader.read(data: data)
    #expect(t.errors.isEmpty, "\(t.errors)")
    #expect(t.snapshots.map(\.line) == [2, 3, 4])
}

@Test func sharedStringsAndPhoneticRuns() throws {
    // Shared strings by index; a phonetic guide (<rPh>) is not part of the text.
    let strings = ["Mã đơn vị", "Đơn vị", "Cấp", "Nội dung", "Ngày", "Đã xong", "Tổng số", "Quận ủy Cẩm Lệ</t><rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh><t>", "Chi bộ", "Đại hội"]
    var header = "<row r=\"1\">"
    for (i, col) in ["A", "B", "C", "D", "E", "F", "G"].enumerated() { header += "<c r=\"\(col)1\" t=\"s\"><v>\(i)</v></c>" }
    header += "</row>"
    let row = "<row r=\"2\"><c r=\"A2\"><v>495</v></c><c r=\"B2\" t=\"s\"><v>7</v></c><c r=\"C2\" t=\"s\"><v>8</v></c><c r=\"D2\" t=\"s\"><v>9</v></c><c r=\"E2\"><v>43892</v></c><c r=\"F2\"><v>118</v></c><c r=\"G2\"><v>235</v></c></row>"
    let t = try TrackerReader.read(data: try workbook(rows: header + row, sharedStrings: strings))
    let s = try #require(t.snapshots.first)
    #expect(s.unitName == "Quận ủy Cẩm Lệ" && s.asOf.iso == "2020-03-02" && s.level == "cell" && s.activity == "congress")
}

// MARK: - Unclosed quotes

@Test func anUnclosedQuoteIsReportedWithItsLineAndTheRowsAfterItAreRead() {
    let csv = trackerHeader + camLe(1, 100) + "495,\"Quận ủy Cẩm Lệ,cell,congress,2020-03-02,110,235,\n" + camLe(3, 120) + camLe(4, 130)
    let t = Tracker(csv: csv)
    #expect(t.snapshots.map(\.line) == [2, 4, 5])
    let quote = t.errors.first { $0.message.contains("never closed") }
    #expect(quote?.line == 3)
    #expect(quote?.message.contains("the file ends inside it") == true)
    #expect(quote?.message.contains("lines 3–5") == true, "\(quote?.message ?? "")")
    #expect(t.errors.map(\.line) == [3, 3], "the quote, then the row it spoils: \(t.errors)")
}

@Test func anUnclosedQuoteClosedByALaterFieldIsFound() {
    // Line 3's quote would close at the opening quote of line 5's note.
    let csv = trackerHeader + camLe(1, 100) + "495,\"Quận ủy Cẩm Lệ,cell,congress,2020-03-02,110,235,\n" + camLe(3, 120) + camLe(4, 130, note: "\"ghi chú\"") + camLe(5, 140)
    let t = Tracker(csv: csv)
    #expect(t.snapshots.map(\.line) == [2, 4, 5, 6])
    #expect(t.errors.first?.line == 3)
    #expect(t.errors.first?.message.contains("on line 5, is followed by text") == true, "\(t.errors)")
}

@Test func anUnclosedQuoteOverManyLinesIsCut() {
    var csv = trackerHeader + "495,Quận ủy Cẩm Lệ,cell,congress,2020-03-01,1,235,\"never closed\n"
    for k in 0 ..< 300 { csv += "495,Quận ủy Cẩm Lệ,cell,congress,\(Day(2020, 4, 1)!.adding(days: k).iso),\(2 + k),1000,\n" }
    let t = Tracker(csv: csv)
    #expect(t.snapshots.count == 301, "\(t.errors.prefix(3))")
    #expect(t.errors.count == 1)
    #expect(t.errors.first?.line == 2 && t.errors.first?.message.contains("still open 100 lines later") == true, "\(t.errors)")
}

@Test func aQuotedFieldOverSeveralLinesIsOneRecord() {
    let csv = trackerHeader + camLe(1, 100, note: "\"ghi chú\nhai dòng, \"\"trích\"\"\"") + camLe(2, 110) + "495,Quận ủy 5\" Cẩm Lệ,cell,congress,2020-03-03,120,235,\n"
    let t = Tracker(csv: csv)
    #expect(t.errors.isEmpty, "\(t.errors)")
    #expect(t.snapshots.map(\.line) == [2, 4, 5], "line numbers count the line inside the quoted note")
    #expect(t.snapshots.last?.unitName == "Quận ủy 5\" Cẩm Lệ", "a quote inside an unquoted field is text")
}

// MARK: - Streaming and limits

@Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
func theCSVReaderGivesTheSameTrackerWhateverThePieces(_ size: Int) throws {
    let csv = "\u{FEFF}ma_don_vi;don_vi;cap;noi_dung;ngay;da_xong;tong_so;ghi_chu\r\n"
        + "495;Quận ủy Cẩm Lệ;chi bộ;đại hội;02/03/2020;118;235;\"ghi chú; có dấu chấm phẩy\"\r\n"
        + ";Đảng bộ Khối Doanh nghiệp;cơ sở;Đại hội;05/03/2020;10;20;\"hai\r\ndòng\"\r\n"
        + "495;Quận ủy Cẩm Lệ;chi bộ;đại hội;31/02/2020;118;235;\r\n"
    let t = try TrackerReader.read(data: Data(csv.utf8), chunkSize: size)
    #expect(t.snapshots.map(\.line) == [2, 3])
    #expect(t.snapshots.map(\.unitName) == ["Quận ủy Cẩm Lệ", "Đảng bộ Khối Doanh nghiệp"])
    #expect(t.errors.map(\.line) == [5])
    #expect(t.series(Tracker.SeriesKey(unit: "dang bo khoi doanh nghiep", level: "grassroots", activity: "congress")).map(\.done) == [10])
}

@Test func blankLinesBeforeTheHeaderAreSkipped() throws {
    let t = try TrackerReader.read(data: Data("\n \nma_don_vi;don_vi;cap;noi_dung;ngay;da_xong;tong_so\n495;Quận ủy Cẩm Lệ;chi bộ;đại hội;02/03/2020;118;235\n".utf8))
    #expect(t.snapshots.map(\.line) == [4])
}

@Test func aFileIsReadLikeItsBytes() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-tracker-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let csv = trackerHeader + camLe(1, 100) + camLe(2, 90) + camLe(3, 120)
    try Data(csv.utf8).write(to: url)
    let fromFile = try TrackerReader.read(path: url.path)
    let fromData = try TrackerReader.read(data: Data(csv.utf8))
    #expect(Array(fromFile.snapshots) == Array(fromData.snapshots))
    #expect(fromFile.errors == fromData.errors)
    #expect(fromFile.errors.first?.message.contains("the series decreases") == true)
}

@Test func aLineTooLongIsSkippedAndTheRestRead() throws {
    let csv = trackerHeader + camLe(1, 100) + String(repeating: "x", count: (1 << 20) + 10) + "\n" + camLe(3, 120)
    let t = try TrackerReader.read(data: Data(csv.utf8), chunkSize: 1 << 16)
    #expect(t.snapshots.map(\.line) == [2, 4])
    #expect(t.errors.map(\.line) == [3])
    #expect(t.errors.first?.message.contains("longer than 1 MiB") == true, "\(t.errors)")
}

@Test func manyBadRowsAreCountedNotAllListed() throws {
    var csv = trackerHeader + camLe(1, 100)
    for _ in 0 ..< 1500 { csv += "495,Quận ủy Cẩm Lệ,galaxy,congress,2020-03-02,1,2,\n" }
    let t = try TrackerReader.read(data: Data(csv.utf8))
    #expect(t.snapshots.count == 1)
    #expect(t.errors.count == 1001)
    #expect(t.errors.last?.line == 1003)
    #expect(t.errors.last?.message.contains("this and 499 more problem(s) after it are not listed") == true, "\(t.errors.last?.message ?? "")")
}

@Test func compactRowsGiveTheSameSeries() throws {
    // Rows out of date order, two units, one named only: series by date, snapshots in file order.
    let csv = trackerHeader + camLe(9, 150) + ",Đảng bộ Khối Doanh nghiệp,grassroots,congress,2020-03-05,10,20,\n" + camLe(1, 100) + camLe(5, 120)
    let t = try TrackerReader.read(data: Data(csv.utf8))
    #expect(t.snapshots.map(\.line) == [2, 3, 4, 5])
    let k = Tracker.SeriesKey(unit: "495", level: "cell", activity: "congress")
    #expect(t.series(k).map(\.line) == [4, 5, 2])
    #expect(t.latest(k)?.asOf.iso == "2020-03-09")
    #expect(t.seriesKeys == [k, Tracker.SeriesKey(unit: "dang bo khoi doanh nghiep", level: "grassroots", activity: "congress")])
    #expect(t.foldedUnitNames == ["quan uy cam le", "dang bo khoi doanh nghiep"])
    #expect(t.unitCodes == ["495"])
    #expect(t.series(Tracker.SeriesKey(unit: "495", level: "cell", activity: "no such")).isEmpty)
}

// MARK: - Trackers that cannot be used at all

@Test(arguments: [
    ("an empty file", "", TrackerFailure.Kind.empty, "no header row"),
    ("a BOM and blank lines", "\u{FEFF}\n  \n\n", .empty, "no header row"),
    ("wrong headers", "Tỉnh,Số liệu,Ngày báo cáo\n495,Cẩm Lệ,2020-03-02\n", .missingColumns, "Found: 'Tỉnh', 'Số liệu', 'Ngày báo cáo'. Needed: unit_code or unit_name, level"),
    ("a header only", trackerHeader, .noRows, "a header but no rows"),
    ("a header and blank lines", trackerHeader + "\n,,,,,,,\n", .noRows, "a header but no rows"),
    ("no usable row", trackerHeader + "495,Quận ủy Cẩm Lệ,galaxy,congress,2020-03-02,1,2,\n99,x,cell,congress,2020-02-30,1,2,\n", .noUsableRow, "none of the tracker's 2 row(s) can be used"),
])
func unusableTrackersAreFailures(_ what: String, _ csv: String, _ kind: TrackerFailure.Kind, _ expected: String) {
    let failure = #expect(throws: TrackerFailure.self, "\(what)") { try TrackerReader.read(data: Data(csv.utf8)) }
    #expect(failure?.kind == kind, "\(what)")
    #expect(failure?.message.contains(expected) == true, "\(what): \(failure?.message ?? "")")
    if kind == .noUsableRow { #expect(failure?.rowErrors.map(\.line) == [2, 3]) }
    if kind == .missingColumns { #expect(failure?.message.contains("no unit_code or unit_name, level, activity, as_of, done, total column") == true, "\(failure?.message ?? "")") }
    // The non-throwing initializer keeps the reason as an error, and no rows.
    let t = Tracker(csv: csv)
    #expect(t.snapshots.isEmpty && !t.errors.isEmpty)
}

@Test func unusableWorkbooksAndFilesAreFailures() throws {
    let empty = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: try workbook(rows: "")) }
    #expect(empty?.kind == .empty)
    let headerOnly = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: try workbook(rows: sheetHeader)) }
    #expect(headerOnly?.kind == .noRows)
    let wrong = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: try workbook(rows: sheetRow(1, ["Tỉnh", "Số"]) + sheetRow(2, ["x", "1"]))) }
    #expect(wrong?.kind == .missingColumns && wrong?.line == 1 && wrong?.message.contains("Found: 'Tỉnh', 'Số'") == true)
    let notZip = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: Data("PK\u{3}\u{4} not really".utf8)) }
    #expect(notZip?.kind == .workbook)
    let notUTF8 = #expect(throws: TrackerFailure.self) { try TrackerReader.read(data: Data(trackerHeader.utf8) + Data([0x34, 0x39, 0x35, 0x2C, 0xC3, 0x28, 0x0A])) }
    #expect(notUTF8?.kind == .notUTF8 && notUTF8?.line == 2)
    let missing = #expect(throws: TrackerFailure.self) { try TrackerReader.read(path: "/nonexistent/tracker.csv") }
    #expect(missing?.kind == .unreadable)
}

// MARK: - Mutated input never traps

/// SplitMix64: the same mutations on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The bytes with a few of them replaced, dropped or repeated, mostly by bytes that mean something to the parser.
func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
    var b = bytes
    let special: [UInt8] = Array("\"<>/=&;#,\n\r-0123456789AZ".utf8) + [0xC3, 0xFF, 0x00]
    for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) where !b.isEmpty {
        let i = Int.random(in: 0 ..< b.count, using: &rng)
        switch Int.random(in: 0 ..< 4, using: &rng) {
        case 0: b[i] = special.randomElement(using: &rng) ?? 0
        case 1: b.remove(at: i)
        case 2: b.insert(contentsOf: b[i ..< min(b.count, i + Int.random(in: 1 ... 12, using: &rng))], at: i)
        default: b.insert(special.randomElement(using: &rng) ?? 0, at: i)
        }
    }
    return b
}

@Test func mutatedCSVGivesATrackerOrAFailure() {
    var rng = SeededRandom(state: 12)
    let csv = Array((trackerHeader + camLe(1, 100, note: "\"ghi chú, \"\"a\"\"\"") + camLe(2, 110) + ",Đảng bộ Khối,grassroots,congress,05/03/2020,10,20,\n" + camLe(3, 120)).utf8)
    for _ in 0 ..< 3000 {
        let input = Data(mutate(csv, &rng))
        do { _ = try TrackerReader.read(data: input, format: .csv, chunkSize: Int.random(in: 1 ... 64, using: &rng)) } catch is TrackerFailure {} catch {
            Issue.record("not a TrackerFailure: \(error)")
        }
    }
}

@Test func mutatedSheetsGiveATrackerOrAFailure() throws {
    var rng = SeededRandom(state: 13)
    let rows = Array((sheetHeader + sheetData2 + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"XFD3\"><v>1</v></c></row>" + sheetRow(4, ["495", "x", "cell", "congress", "43893", "119", "235"])).utf8)
    for _ in 0 ..< 400 {
        let data = try workbook(rows: String(decoding: mutate(rows, &rng), as: UTF8.self), sharedStrings: ["Quận ủy &amp; <b>", "x"])
        do { _ = try TrackerReader.read(data: data) } catch is TrackerFailure {} catch {
            Issue.record("not a TrackerFailure: \(error)")
        }
    }
}

@Test func mutatedWorkbookArchivesGiveATrackerOrAFailure() throws {
    var rng = SeededRandom(state: 14)
    let zip = Array(try workbook(rows: sheetHeader + sheetData2, sharedStrings: ["x"]))
    for _ in 0 ..< 1000 {
        do { _ = try TrackerReader.read(data: Data(mutate(zip, &rng)), format: .xlsx) } catch is TrackerFailure {} catch {
            Issue.record("not a TrackerFailure: \(error)")
        }
    }
}

/// Found by fuzzing (issue 12): a date cell of many digits trapped the day parser.
@Test func aDateOfManyDigitsIsARowErrorNotATrap() throws {
    let csv = trackerHeader + "495,Quận ủy Cẩm Lệ,cell,congress,2020" + String(repeating: "5", count: 30) + "-03-02,121,235,\n" + camLe(2, 121)
    let t = try TrackerReader.read(data: Data(csv.utf8), format: .csv)
    #expect(t.errors.count == 1)
    #expect(t.errors.first?.line == 2)
}
