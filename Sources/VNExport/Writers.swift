import Foundation
import VNText
import ZIPFoundation

/// CSV as spreadsheets and csvkit read it: a header, RFC 4180 quoting, every text field quoted
/// (so a reader that honours quotes keeps "01078" and "032" as text), numbers bare; optionally a
/// UTF-8 byte-order mark (Excel on Windows reads Vietnamese right only with it) and another
/// delimiter (";" where the decimal separator is a comma).
public struct CSVWriter: Sendable {
    public var delimiter: Character = ","
    public var byteOrderMark = false
    public init(delimiter: Character = ",", byteOrderMark: Bool = false) { self.delimiter = delimiter; self.byteOrderMark = byteOrderMark }

    public func field(_ s: String, quoted: Bool) -> String {
        let must = quoted || s.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return must ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public func header(_ t: FactTable) -> String {
        (byteOrderMark ? "\u{FEFF}" : "") + t.header.map { field($0, quoted: false) }.joined(separator: String(delimiter)) + "\r\n"
    }

    public func row(_ cells: [Cell]) -> String {
        cells.map { c -> String in
            switch c {
            case .empty: return ""
            case .text(let s): return field(s, quoted: true)
            default: return field(c.string, quoted: false)
            }
        }.joined(separator: String(delimiter)) + "\r\n"
    }

    public func write(_ t: FactTable, _ out: (String) -> Void) {
        out(header(t))
        for r in t.rows { out(row(r)) }
    }
}

/// A table's rows as JSON objects keyed by column (text stays a string, counts are numbers).
public enum JSONRows {
    public static func object(_ t: FactTable, _ row: [Cell]) -> JSONValue {
        .object(zip(t.header, row).map { ($0, $1.json) })
    }
}

/// An .xlsx workbook (Office Open XML, written with ZIPFoundation): one sheet per table, a bold
/// frozen header row, text cells as strings (codes keep their leading zeros), counts as numbers.
/// Excel's limits are kept: at most 1,048,575 data rows a sheet (the rest is reported through
/// `truncated`), 32,767 characters a cell; characters XML cannot hold are dropped.
public enum XLSXWriter {
    public static let maxDataRows = 1_048_575
    public static let maxCellCharacters = 32_767

    public struct Result: Sendable {
        public var data: Data
        /// Sheets whose rows did not all fit: (sheet, rows left out).
        public var truncated: [(sheet: String, rows: Int)]
    }

    static func xml(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.utf8.count)
        var n = 0
        for u in s.unicodeScalars {
            n += 1
            if n > maxCellCharacters { break }
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default:
                // XML 1.0 characters only: tab, newline, carriage return and from U+0020 (no U+FFFE/FFFF).
                let v = u.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF) { o.unicodeScalars.append(u) }
            }
        }
        return o
    }

    static func columnName(_ c: Int) -> String {
        var n = c + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    static func cellXML(_ c: Cell, ref: String, style: Int = 0) -> String {
        let st = style > 0 ? " s=\"\(style)\"" : ""
        switch c {
        case .empty: return ""
        case .text(let s): return "<c r=\"\(ref)\"\(st) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(s))</t></is></c>"
        case .integer(let i): return "<c r=\"\(ref)\"\(st)><v>\(i)</v></c>"
        case .number(let d): return d.isFinite ? "<c r=\"\(ref)\"\(st)><v>\(d)</v></c>" : ""
        }
    }

    static func sheetXML(_ t: FactTable, limit: Int) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        s += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>"
        let names = t.header.indices.map(columnName)
        s += "<row r=\"1\">" + t.header.enumerated().map { cellXML(.text($1), ref: names[$0] + "1", style: 1) }.joined() + "</row>"
        for (k, row) in t.rows.prefix(limit).enumerated() {
            let r = k + 2
            s += "<row r=\"\(r)\">"
            for (c, cell) in row.enumerated() where c < names.count { s += cellXML(cell, ref: names[c] + String(r)) }
            s += "</row>"
        }
        return s + "</sheetData></worksheet>"
    }

    /// Sheet names as Excel allows them: unique, at most 31 characters, none of : \ / ? * [ ].
    static func sheetNames(_ names: [String]) -> [String] {
        var used = Set<String>(), out: [String] = []
        for n in names {
            var base = String(n.filter { !":\\/?*[]".contains($0) }.prefix(31))
            if base.isEmpty { base = "Sheet" }
            var name = base, k = 2
            while used.contains(name.lowercased()) { name = String(base.prefix(28)) + " \(k)"; k += 1 }
            used.insert(name.lowercased()); out.append(name)
        }
        return out
    }

    public static func workbook(_ tables: [(name: String, table: FactTable)]) throws -> Result {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                let start = Int(pos)
                return start >= 0 && start <= data.count ? data.subdata(in: start ..< min(data.count, start + size)) : Data()
            }
        }
        let names = sheetNames(tables.map(\.name))
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        var types = head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        types += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        types += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for k in names.indices { types += "<Override PartName=\"/xl/worksheets/sheet\(k + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }
        types += "</Types>"
        try add("[Content_Types].xml", types)
        try add("_rels/.rels", head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
        var wb = head + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        var rels = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (k, n) in names.enumerated() {
            wb += "<sheet name=\"\(xml(n))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>"
            rels += "<Relationship Id=\"rId\(k + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
        }
        rels += "<Relationship Id=\"rId\(names.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
        try add("xl/workbook.xml", wb + "</sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", rels)
        try add("xl/styles.xml", head + """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>
        """)
        var truncated: [(String, Int)] = []
        for (k, t) in tables.enumerated() {
            if t.table.rows.count > maxDataRows { truncated.append((names[k], t.table.rows.count - maxDataRows)) }
            try add("xl/worksheets/sheet\(k + 1).xml", sheetXML(t.table, limit: maxDataRows))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Result(data: data, truncated: truncated)
    }
}

/// A table for a person at a terminal: columns padded to their width (by characters as shown,
/// combining marks taking no room), long text cut with "…"; or tab-separated values when the
/// output goes to a program (tabs and line breaks inside a value become spaces).
public enum TextTable {
    /// How many columns a string takes in a terminal (Vietnamese combining marks take none).
    public static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: return n
            default: return n + (u.properties.isEmojiPresentation || (0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value)
                                  || (0xAC00...0xD7A3).contains(u.value) || (0xF900...0xFAFF).contains(u.value) || (0xFF00...0xFF60).contains(u.value) ? 2 : 1)
            }
        }
    }

    static func clean(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// Cuts a string to at most `max` columns, ending in "…" when cut.
    static func cut(_ s: String, _ max: Int) -> String {
        guard width(s) > max, max > 1 else { return s }
        var out = "", w = 0
        for ch in s {
            let cw = width(String(ch))
            if w + cw > max - 1 { break }
            out.append(ch); w += cw
        }
        return out + "…"
    }

    public static func tsv(header: [String], rows: [[String]]) -> String {
        var s = header.map(clean).joined(separator: "\t") + "\n"
        for r in rows { s += r.map(clean).joined(separator: "\t") + "\n" }
        return s
    }

    /// Aligned columns; `maxWidth` caps each column (the last one is not padded).
    public static func aligned(header: [String], rows: [[String]], maxWidth: Int = 60, rightAligned: Set<Int> = []) -> String {
        let cells = ([header] + rows).map { $0.map { cut(clean($0), maxWidth) } }
        var widths = Array(repeating: 0, count: header.count)
        for r in cells { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], width(c)) } }
        var s = ""
        for (k, r) in cells.enumerated() {
            var line = ""
            for i in widths.indices {
                let c = i < r.count ? r[i] : ""
                let pad = String(repeating: " ", count: max(0, widths[i] - width(c)))
                let last = i == widths.count - 1
                line += rightAligned.contains(i) ? pad + c : c + (last ? "" : pad)
                if !last { line += "  " }
            }
            s += line + "\n"
            if k == 0 { s += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return s
    }
}
