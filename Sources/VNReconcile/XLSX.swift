import Foundation

/// One cell of a sheet row: its column (0 = A) and its text (shared and inline strings resolved,
/// numbers as written).
public struct XLSXCell: Sendable, Hashable {
    public var column: Int
    public var value: String
    public init(column: Int, value: String) { self.column = column; self.value = value }
}

/// Reads the first sheet of an .xlsx workbook (offices keep the tracker in Excel), row by row as
/// it is decompressed: the shared-strings table first (bounded), then each `<row>` of the sheet as
/// its cells only (sparse: no padding to the declared row number or the widest row). Row numbers
/// are the sheet's, so "line N" in messages is sheet row N. References are checked against Excel's
/// limits (rows 1–1,048,576, columns A–XFD); anything out of them is a `TrackerFailure` naming the
/// part, the XML line and the cell.
public enum XLSXReader {
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// Bounds on what is decompressed and held.
    static let maxSheetXML: Int64 = 1 << 30
    static let maxSharedStringsXML: Int64 = 512 << 20
    static let maxSharedStrings = 2_000_000
    static let maxSharedText = 64 << 20
    static let maxSmallPart = 16 << 20
    static let maxRowText = 1 << 20

    /// Each row of the first sheet, in order, with its non-empty cells by column.
    public static func forEachRow(data: Data, _ body: (_ row: Int, _ cells: [XLSXCell]) throws -> Void) throws {
        try rows(try ZIPArchive(source: DataSource(data: data)), body)
    }

    static func read(data: Data, into builder: inout TrackerBuilder) throws {
        try forEachRow(data: data) { row, cells in try builder.add(SheetRow(cells: cells), line: row) }
    }

    static func read(url: URL, into builder: inout TrackerBuilder) throws {
        let source: FileSource
        do { source = try FileSource(url: url) } catch { throw TrackerFailure(.unreadable, message: "cannot read the tracker (no such file?)") }
        try rows(try ZIPArchive(source: source)) { row, cells in try builder.add(SheetRow(cells: cells), line: row) }
    }

    /// Decompresses one part, handing its bytes on in pieces; at most `limit` bytes.
    static func stream(_ archive: ZIPArchive, _ path: String, limit: Int64, _ body: (Data) throws -> Void) throws -> Bool {
        do {
            return try archive.extract(path, limit: limit, body)
        } catch let x as XMLFailure {
            throw TrackerFailure(.workbook, message: "\(path), \(x)")
        }
    }

    /// Scans one part as XML into a sink.
    static func scan<S: XMLSink>(_ archive: ZIPArchive, _ path: String, limit: Int64, into sink: inout S) throws -> Bool {
        var scanner = XMLScanner()
        let found = try stream(archive, path, limit: limit) { try scanner.feed($0, into: &sink) }
        if found {
            do { try scanner.finish(into: &sink) } catch let x as XMLFailure { throw TrackerFailure(.workbook, message: "\(path), \(x)") }
        }
        return found
    }

    static func rows(_ archive: ZIPArchive, _ body: (Int, [XLSXCell]) throws -> Void) throws {
        // The first sheet: workbook.xml's first <sheet r:id>, resolved through the relationships.
        var sheetPath = "xl/worksheets/sheet1.xml", sharedPath = "xl/sharedStrings.xml"
        var workbook = Collector(elements: ["sheet"]), rels = Collector(elements: ["Relationship"])
        if try scan(archive, "xl/workbook.xml", limit: Int64(maxSmallPart), into: &workbook),
           try scan(archive, "xl/_rels/workbook.xml.rels", limit: Int64(maxSmallPart), into: &rels) {
            func resolve(_ target: String) -> String { target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target }
            let first = workbook.found.first
            let rid = first?.first(where: { $0.name == "r:id" })?.value ?? first?.first(where: { $0.name.hasSuffix(":id") })?.value
            if let rid, let target = rels.found.first(where: { r in r.contains { $0.name == "Id" && $0.value == rid } })?.first(where: { $0.name == "Target" })?.value {
                sheetPath = resolve(target)
            }
            if let target = rels.found.first(where: { r in r.contains { $0.name == "Type" && $0.value.hasSuffix("/sharedStrings") } })?.first(where: { $0.name == "Target" })?.value {
                sharedPath = resolve(target)
            }
        }
        var shared = SharedStrings()
        _ = try scan(archive, sharedPath, limit: maxSharedStringsXML, into: &shared)
        try withoutActuallyEscaping(body) { body in
            var sheet = SheetSink(part: sheetPath, shared: shared, onRow: body)
            guard try scan(archive, sheetPath, limit: maxSheetXML, into: &sheet) else {
                throw TrackerFailure(.workbook, message: "no worksheet at \(sheetPath)")
            }
        }
    }
}

/// A sheet row as the tracker builder reads it.
struct SheetRow: TrackerRecord {
    var cells: [XLSXCell]   // by column, ascending
    var fieldCount: Int? { nil }
    var isBlank: Bool { cells.allSatisfy { $0.value.trimmingCharacters(in: .whitespaces).isEmpty } }
    func field(_ column: Int) -> String {
        var lo = 0, hi = cells.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if cells[mid].column < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < cells.count && cells[lo].column == column ? cells[lo].value.trimmingCharacters(in: .whitespaces) : ""
    }
    func allFields() -> [(column: Int, text: String)] { cells.map { ($0.column, $0.value.trimmingCharacters(in: .whitespaces)) } }
}

/// Attributes of the named elements, in document order.
struct Collector: XMLSink {
    let elements: Set<String>
    var found: [[(name: String, value: String)]] = []
    init(elements: Set<String>) { self.elements = elements }
    mutating func start(_ name: String, _ attributes: [(name: String, value: String)], line: Int) throws {
        if elements.contains(name), found.count < 10_000 { found.append(attributes) }
    }
    mutating func end(_ name: String, line: Int) throws {}
    mutating func text(_ bytes: ArraySlice<UInt8>, line: Int) throws {}
}

/// xl/sharedStrings.xml: the strings cells refer to by index, in one buffer (phonetic runs left out).
struct SharedStrings: XMLSink {
    var text: [UInt8] = []
    var ends: [Int] = []
    var inItem = false, inText = false
    var phonetic = 0

    var count: Int { ends.count }
    func string(_ i: Int) -> String? {
        guard i >= 0 && i < ends.count else { return nil }
        return String(decoding: text[(i == 0 ? 0 : ends[i - 1]) ..< ends[i]], as: UTF8.self)
    }

    mutating func start(_ name: String, _ attributes: [(name: String, value: String)], line: Int) throws {
        switch name {
        case "si": inItem = true
        case "rPh": phonetic += 1
        case "t": inText = inItem && phonetic == 0
        default: break
        }
    }
    mutating func end(_ name: String, line: Int) throws {
        switch name {
        case "si":
            guard ends.count < XLSXReader.maxSharedStrings else {
                throw TrackerFailure(.workbook, message: "xl/sharedStrings.xml has more than \(XLSXReader.maxSharedStrings) strings")
            }
            ends.append(text.count); inItem = false
        case "rPh": phonetic = max(0, phonetic - 1)
        case "t": inText = false
        default: break
        }
    }
    mutating func text(_ bytes: ArraySlice<UInt8>, line: Int) throws {
        guard inText else { return }
        guard text.count + bytes.count <= XLSXReader.maxSharedText else {
            throw TrackerFailure(.workbook, message: "xl/sharedStrings.xml holds more than \(XLSXReader.maxSharedText >> 20) MiB of text")
        }
        text.append(contentsOf: bytes)
    }
}

/// A worksheet's rows, one at a time, as their cells; every reference checked.
struct SheetSink: XMLSink {
    let part: String
    let shared: SharedStrings
    let onRow: (Int, [XLSXCell]) throws -> Void

    var row = 0                 // the current (or last) row number; 0 before the first
    var inRow = false
    var cells: [XLSXCell] = []
    var rowText = 0
    var column = -1             // the current (or last) cell's column in the row
    var cellRef = ""
    var type = ""
    var inCell = false, inValue = false, inInline = false
    var phonetic = 0
    var value: [UInt8] = []

    init(part: String, shared: SharedStrings, onRow: @escaping (Int, [XLSXCell]) throws -> Void) {
        self.part = part; self.shared = shared; self.onRow = onRow
    }

    func failure(_ line: Int, _ message: String) -> TrackerFailure {
        TrackerFailure(.workbook, message: "\(part), XML line \(line): \(message)")
    }

    static func columnName(_ c: Int) -> String {
        var n = c + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// A row number as written: digits only, 1 to 1,048,576.
    func rowNumber(_ text: String, line: Int, what: String) throws -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw failure(line, "\(what) '\(text.prefix(40))' is not a row number (1 to \(XLSXReader.maxRows))")
        }
        guard text.utf8.count <= 7, let n = Int(text), n >= 1, n <= XLSXReader.maxRows else {
            throw failure(line, "\(what) '\(text.prefix(40))' is outside Excel's rows (1 to \(XLSXReader.maxRows))")
        }
        return n
    }

    mutating func start(_ name: String, _ attributes: [(name: String, value: String)], line: Int) throws {
        switch name {
        case "row":
            guard !inRow else { throw failure(line, "a row inside row \(row)") }
            let number: Int
            if let r = attributes.first(where: { $0.name == "r" })?.value {
                number = try rowNumber(r, line: line, what: "row")
                guard number > row else { throw failure(line, "row \(number) comes after row \(row) (rows must be in ascending order)") }
            } else {
                guard row < XLSXReader.maxRows else { throw failure(line, "a row after row \(row), past Excel's last row \(XLSXReader.maxRows)") }
                number = row + 1
            }
            row = number; inRow = true; cells.removeAll(keepingCapacity: true); column = -1; rowText = 0
        case "c":
            guard inRow, !inCell else { throw failure(line, "a cell outside a row") }
            var col: Int
            if let ref = attributes.first(where: { $0.name == "r" })?.value {
                col = try cellColumn(ref, line: line)
                guard col > column else {
                    throw failure(line, "cell \(ref.prefix(40)) comes after column \(SheetSink.columnName(column)) of row \(row) (cells must be in column order)")
                }
                cellRef = String(ref.prefix(40))
            } else {
                guard column + 1 < XLSXReader.maxColumns else { throw failure(line, "a cell after column XFD of row \(row), past Excel's last column") }
                col = column + 1
                cellRef = SheetSink.columnName(col) + String(row)
            }
            column = col
            type = attributes.first(where: { $0.name == "t" })?.value ?? ""
            inCell = true; inValue = false; inInline = false; phonetic = 0; value.removeAll(keepingCapacity: true)
        case "v": inValue = inCell
        case "is": inInline = inCell
        case "rPh": phonetic += 1
        case "t": inValue = inInline && phonetic == 0
        default: break
        }
    }

    /// The column of a reference such as "B12" (which must be in the current row).
    func cellColumn(_ ref: String, line: Int) throws -> Int {
        let u = Array(ref.utf8)
        var i = 0
        while i < u.count, u[i] >= 0x41 && u[i] <= 0x5A { i += 1 }
        let letters = i
        let shown = String(ref.prefix(40))
        guard letters > 0 else { throw failure(line, "cell reference '\(shown)' in row \(row) has no column letters (A to XFD)") }
        guard letters <= 3 else {
            throw failure(line, "cell \(shown): column \(String(decoding: u.prefix(min(letters, 20)), as: UTF8.self)) is past Excel's last column XFD (\(XLSXReader.maxColumns))")
        }
        var col = 0
        for k in 0 ..< letters { col = col * 26 + Int(u[k] - 0x40) }
        guard col <= XLSXReader.maxColumns else {
            throw failure(line, "cell \(shown): column \(String(decoding: u.prefix(letters), as: UTF8.self)) is past Excel's last column XFD (\(XLSXReader.maxColumns))")
        }
        let digits = String(decoding: u[letters...], as: UTF8.self)
        let n = try rowNumber(digits, line: line, what: "cell \(shown): row")
        guard n == row else { throw failure(line, "cell \(shown) is inside row \(row)") }
        return col - 1
    }

    mutating func end(_ name: String, line: Int) throws {
        switch name {
        case "v": inValue = false
        case "t": inValue = false
        case "is": inInline = false
        case "rPh": phonetic = max(0, phonetic - 1)
        case "c":
            guard inCell else { return }
            inCell = false; inValue = false; inInline = false
            let text: String
            if type == "s" {
                let raw = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let i = Int(raw), let s = shared.string(i) else {
                    let range = shared.count == 0 ? "the workbook has no shared strings" : "the table has 0 to \(shared.count - 1)"
                    throw failure(line, "cell \(cellRef): shared string index '\(raw.prefix(40))' is not in the table (\(range))")
                }
                text = s
            } else {
                text = String(decoding: value, as: UTF8.self)
            }
            guard !text.isEmpty else { return }
            rowText += text.utf8.count
            guard rowText <= XLSXReader.maxRowText else { throw failure(line, "row \(row) holds more than \(XLSXReader.maxRowText >> 20) MiB of text") }
            cells.append(XLSXCell(column: column, value: text))
        case "row":
            guard inRow else { return }
            inRow = false
            try onRow(row, cells)
        default: break
        }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>, line: Int) throws {
        guard inValue else { return }
        guard value.count + bytes.count <= XLSXReader.maxRowText else { throw failure(line, "cell \(cellRef) holds more than \(XLSXReader.maxRowText >> 20) MiB of text") }
        value.append(contentsOf: bytes)
    }
}
