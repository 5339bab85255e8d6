import Foundation
import Testing
import VNExport
import VNGazetteer
import VNReconcile
import VNText

/// A facts object written here, with codes that look like numbers (01078, 032, 01), a term and a warning.
let factsLine = #"""
{"schema":"vnfacts/1","article":{"id":"hn-1","title":"Hà Nội: đại hội chi bộ, \"đợt 1\"","published":"2020-03-05","source":"Báo Mới; số 3","url":"https://example.vn/a?b=1,2","encoding":"utf-8"},
"documents":[{"id":"35-CT/TW","kind":"CT","number":"35","year":2019,"issuer":"TW","text":"Chỉ thị số 35-CT/TW","span":[10,30]}],
"dates":[{"value":"2020-03-02","end":null,"granularity":"day","role":"asOf","text":"ngày 2/3","span":[40,48]}],
"terms":[{"from":2020,"to":2025,"text":"nhiệm kỳ 2020 - 2025","span":[50,70]}],
"units":[{"name":"Đảng bộ phường Phúc Xá","kind":"party-organization","place":"Phúc Xá","placeType":"Phường","placeCode":"01078","placeLevel":"commune","text":"Đảng bộ phường Phúc Xá","span":[80,100]},
         {"name":"Quận ủy Ba Đình","kind":"party-committee","place":"Ba Đình","placeType":"Quận","placeCode":"001","placeLevel":"district","text":"Quận ủy Ba Đình","span":[5,9]}],
"counts":[{"done":12,"total":15,"percent":null,"subject":"chi bộ","level":"cell","status":"completed","activity":"congress","unit":{"name":"Đảng bộ phường Phúc Xá","place":"Phúc Xá","placeCode":"01078"},"asOf":"2020-03-02","text":"12/15 chi bộ","span":[110,125]},
          {"done":3,"total":15,"percent":null,"subject":"chi bộ","level":"cell","status":"remaining","activity":"congress","unit":{"name":"Quận ủy Ba Đình","place":"Ba Đình","placeCode":"001"},"asOf":"2020-02-20","text":"còn lại 3/15","span":[130,140]}],

"warnings":[{"code":"long-article","message":"read in parts","span":null}]}
"""#.replacingOccurrences(of: "\n", with: "")

func factsObject() throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(factsLine.utf8)) as? [String: Any])
}

func table(_ kind: FactKind, _ filter: FactFilter = FactFilter()) throws -> FactTable {
    var t = FactTable(kind: kind)
    t.add(factsObject: try factsObject(), filter: filter)
    t.sort()
    return t
}

/// An RFC 4180 reader written for the test: fields as strings, quotes removed, nothing inferred.
func readCSV(_ text: String, delimiter: Character = ",") -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
    var it = Array(text).makeIterator()
    while let c = it.next() {
        if quoted {
            if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
        } else if c == "\"" {
            if afterQuote { field.append("\"") }
            quoted = true; afterQuote = false
        } else if c == delimiter { row.append(field); field = ""; afterQuote = false }
        else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = ""; afterQuote = false }
        else { field.append(c); afterQuote = false }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Test func csvKeepsCodesAsTextAndVietnameseWithABOM() throws {
    var out = ""
    CSVWriter(delimiter: ";", byteOrderMark: true).write(try table(.counts)) { out += $0 }
    #expect(out.hasPrefix("\u{FEFF}article_id;title;url;source;published;"))
    let rows = readCSV(String(out.dropFirst()), delimiter: ";")
    let header = rows[0]
    #expect(header.contains("unit_code") && header.contains("title") && header.contains("url") && header.contains("source") && header.contains("published"))
    let code = try #require(header.firstIndex(of: "unit_code"))
    // Sorted by date: the remaining count of 20 February first.
    #expect(rows.count == 3)
    #expect(rows[1][code] == "001")
    #expect(rows[2][code] == "01078")
    #expect(rows[2][try #require(header.firstIndex(of: "title"))] == "Hà Nội: đại hội chi bộ, \"đợt 1\"")
    #expect(rows[2][try #require(header.firstIndex(of: "source"))] == "Báo Mới; số 3")
    #expect(out.contains(";\"01078\";"), "a code is quoted, so readers that honour quotes keep it text")
    #expect(out.contains(";12;15;"), "counts are bare numbers")
}

/// Nulls, booleans and nested values where text is expected are cells, never a trap.
@Test func oddValuesAreCells() throws {
    let line = #"{"article":{"id":"x","title":null,"url":true,"source":{"a":1},"published":[1]},"warnings":[{"code":null,"message":5,"span":"?"}]}"#
    let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    var t = FactTable(kind: .warnings)
    t.add(factsObject: o)
    let row = try #require(t.rows.first)
    #expect(row[1] == .empty && row[5] == .empty)
    #expect(row[6] == .text("5"))
}

@Test func everyKindOfFactIsATable() throws {
    for kind in FactKind.allCases {
        let t = try table(kind)
        #expect(!t.rows.isEmpty, "\(kind)")
        #expect(Array(t.header.prefix(5)) == ["article_id", "title", "url", "source", "published"])
    }
    let terms = try table(.terms)
    #expect(terms.rows[0][terms.header.firstIndex(of: "from_year") ?? 0] == .integer(2020))
    let warnings = try table(.warnings)
    #expect(warnings.rows[0][warnings.header.firstIndex(of: "code") ?? 0] == .text("long-article"))
    let documents = try table(.documents)
    #expect(documents.rows[0][documents.header.firstIndex(of: "number") ?? 0] == .text("35"), "a document number is text")
}

@Test func filtersKeepWhatTheySay() throws {
    #expect(try table(.counts, FactFilter(place: "phuc xa")).rows.count == 1)
    #expect(try table(.counts, FactFilter(place: "001")).rows.count == 1)
    #expect(try table(.counts, FactFilter(from: Day(2020, 3, 1))).rows.count == 1)
    #expect(try table(.counts, FactFilter(to: Day(2020, 2, 29))).rows.count == 1)
    #expect(try table(.counts, FactFilter(level: "grassroots")).rows.count == 0)
    #expect(try table(.terms, FactFilter(place: "Ba Đình")).rows.count == 1, "the article names Ba Đình")
    #expect(try table(.terms, FactFilter(place: "Cẩm Lệ")).rows.isEmpty)
    #expect(try FactFilter(place: "Cẩm Lệ").accepts(factsObject: factsObject()) == false)
    #expect(try FactFilter(from: Day(2020, 3, 5)).accepts(factsObject: factsObject()))
}

/// The workbook is read back by the project's own reader (VNReconcile's XLSXReader): codes are
/// strings with their zeros, Vietnamese intact, one sheet per kind with counts first.
@Test func xlsxIsReadBackByTheProjectsReader() throws {
    let tables = try FactKind.allCases.map { ($0.sheetName, try table($0)) }
    let book = try XLSXWriter.workbook(tables)
    #expect(book.truncated.isEmpty)
    var rows: [Int: [XLSXCell]] = [:]
    try XLSXReader.forEachRow(data: book.data) { r, cells in rows[r] = cells }
    let header = try #require(rows[1]).map(\.value)
    #expect(header == FactTable(kind: .counts).header)
    let code = try #require(header.firstIndex(of: "unit_code"))
    #expect(rows[3]?.first { $0.column == code }?.value == "01078")
    #expect(rows[2]?.first { $0.column == code }?.value == "001")
    #expect(rows[3]?.first { $0.column == 1 }?.value == "Hà Nội: đại hội chi bộ, \"đợt 1\"")
    let sheet = String(decoding: book.data, as: UTF8.self)
    #expect(!sheet.isEmpty)
}

@Test func xlsxCellsAreStringsForText() throws {
    let t = try table(.units)
    let book = try XLSXWriter.workbook([("Đơn vị", t)])
    var codes: [String] = []
    try XLSXReader.forEachRow(data: book.data) { r, cells in
        if r > 1, let c = cells.first(where: { $0.column == t.header.firstIndex(of: "place_code") }) { codes.append(c.value) }
    }
    #expect(codes.sorted() == ["001", "01078"])
}

@Test func aTerminalTableIsAlignedByWhatItShows() {
    // "Lệ" in decomposed form is two letters wide, not four.
    #expect(TextTable.width("Le\u{0323}\u{0302}") == 2)
    let s = TextTable.aligned(header: ["unit", "done"], rows: [["Cẩm Lệ", "121"], ["Phúc Xá", "9"]], rightAligned: [1])
    let lines = s.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(Set(lines.map(TextTable.width)).count == 1, "\(lines)")
    #expect(TextTable.tsv(header: ["a", "b"], rows: [["x\ty", "z"]]) == "a\tb\nx y\tz\n")
}

@Test(arguments: [
    ("2020-03-01", "2020-03-01"), ("2020-13-01", "no month 13"), ("2020-02-30", "has 29 days"), ("2021-02-29", "has 28 days"),
    ("01/03/2020", "write 2020-03-01"), ("2020-3-1", "write 2020-03-01"), ("March", "not a date"), ("", "not a date"),
    ("99999999999999999999-01-01", "not a date"),
])
func aDayArgumentIsADayOrSaysWhyNot(_ text: String, _ expected: String) {
    switch DayArgument.parse(text) {
    case .success(let d): #expect(d.iso == expected)
    case .failure(let e): #expect(e.description.contains(expected), "\(e)")
    }
}
