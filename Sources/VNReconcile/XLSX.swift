import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first sheet of an .xlsx workbook (offices keep the tracker in Excel) into CSV text,
/// one row per sheet row (empty rows kept, so "line N" in messages is sheet row N).
public enum XLSXReader {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    public static func firstSheetCSV(url: URL) throws -> String {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch { throw Failure(description: "\(url.lastPathComponent): not an .xlsx workbook (not a ZIP archive)") }
        func read(_ path: String) throws -> Data? {
            guard let e = archive[path] else { return nil }
            var data = Data()
            _ = try archive.extract(e, skipCRC32: false) { data.append($0) }
            return data
        }
        // The first sheet: workbook.xml's first <sheet r:id>, resolved through the relationships.
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let wb = try read("xl/workbook.xml"), let rels = try read("xl/_rels/workbook.xml.rels") {
            let first = XMLCollector(elements: ["sheet"]).collect(wb).first
            let rid = first?["r:id"] ?? first?.first(where: { $0.key.hasSuffix(":id") })?.value
            if let rid, let target = XMLCollector(elements: ["Relationship"]).collect(rels).first(where: { $0["Id"] == rid })?["Target"] {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        guard let sheet = try read(sheetPath) else { throw Failure(description: "\(url.lastPathComponent): no worksheet at \(sheetPath)") }
        let shared = try read("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let rows = SheetParser.parse(sheet, shared: shared)
        var csv = ""
        let width = rows.map { $0.count }.max() ?? 0
        for r in rows {
            var cells = r
            while cells.count < width { cells.append("") }
            csv += cells.map { c in c.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c }.joined(separator: ",") + "\n"
        }
        return csv
    }
}

/// Attributes of the named elements, in document order.
final class XMLCollector: NSObject, XMLParserDelegate {
    let elements: Set<String>
    var found: [[String: String]] = []
    init(elements: Set<String>) { self.elements = elements }
    func collect(_ data: Data) -> [[String: String]] {
        let p = XMLParser(data: data)
        p.delegate = self
        _ = p.parse()
        return found
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elements.contains(name) || elements.contains(qualifiedName ?? "") { found.append(attributes) }
    }
}

/// xl/sharedStrings.xml: the strings cells refer to by index.
final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current: String? = nil
    var inText = false
    static func parse(_ data: Data) -> [String] {
        let s = SharedStrings()
        let p = XMLParser(data: data)
        p.delegate = s
        _ = p.parse()
        return s.strings
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "si" { current = "" } else if name == "t" { inText = true }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current? += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false } else if name == "si" { strings.append(current ?? ""); current = nil }
    }
}

/// A worksheet's rows as strings: shared and inline strings resolved, numbers as written.
final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: String]] = [:]
    var row = 0, col = 0
    var type = ""
    var value = ""
    var inValue = false
    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) -> [[String]] {
        let s = SheetParser(shared: shared)
        let p = XMLParser(data: data)
        p.delegate = s
        _ = p.parse()
        guard let last = s.rows.keys.max() else { return [] }
        return (1...last).map { r in
            let cells = s.rows[r] ?? [:]
            guard let w = cells.keys.max() else { return [] }
            return (0...w).map { cells[$0] ?? "" }
        }
    }

    static func columnIndex(_ ref: String) -> Int {
        var n = 0
        for c in ref.unicodeScalars { guard c.value >= 65 && c.value <= 90 else { break }; n = n * 26 + Int(c.value - 64) }
        return n - 1
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row": row = Int(attributes["r"] ?? "") ?? row + 1; col = 0
        case "c":
            if let r = attributes["r"] { col = SheetParser.columnIndex(r) } else { col += 1 }
            type = attributes["t"] ?? ""; value = ""
        case "v", "t": inValue = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if type == "s", let i = Int(value), i < shared.count { text = shared[i] }
            rows[row, default: [:]][col] = text
            col += 1
        default: break
        }
    }
}
