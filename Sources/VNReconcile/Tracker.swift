import Foundation
import VNGazetteer
import VNText

/// One tracker row: a snapshot of a series (unit, tier, activity) on a day.
public struct Snapshot: Sendable, Hashable {
    public var line: Int
    public var unitCode: String?
    public var unitName: String
    public var level: String
    public var activity: String
    public var asOf: Day
    public var done: Int
    public var total: Int
    public var note: String
}

/// A tracker row that could not be used, with its line.
public struct TrackerError: Sendable, Hashable {
    public var line: Int
    public var message: String
}

/// The official tracker (spec/tracker.md): CSV with a header, BOM or not, "," or ";", quoted
/// fields, Vietnamese or English column names matched without case and diacritics.
public struct Tracker: Sendable {
    public private(set) var snapshots: [Snapshot] = []
    public var errors: [TrackerError] = []
    /// Snapshots by series, each by date.
    public private(set) var bySeries: [SeriesKey: [Snapshot]] = [:]

    mutating func index() {
        var by: [SeriesKey: [Snapshot]] = [:]
        for s in snapshots { by[key(s), default: []].append(s) }
        for k in by.keys { by[k]!.sort { $0.asOf < $1.asOf } }
        bySeries = by
    }

    public struct SeriesKey: Hashable, Sendable {
        public var unit: String   // code, or the folded name for units with no territory
        public var level: String
        public var activity: String
        public init(unit: String, level: String, activity: String) { self.unit = unit; self.level = level; self.activity = activity }
    }

    static let columnNames: [String: [String]] = [
        "unit_code": ["unit_code", "ma_don_vi", "ma don vi", "ma"], "unit_name": ["unit_name", "don_vi", "don vi", "ten don vi"],
        "level": ["level", "cap"], "activity": ["activity", "noi_dung", "noi dung"], "as_of": ["as_of", "ngay", "as of", "date"],
        "done": ["done", "da_xong", "da xong"], "total": ["total", "tong_so", "tong so"], "note": ["note", "ghi_chu", "ghi chu"],
    ]
    static let levels: [String: String] = ["cell": "cell", "chi bo": "cell", "grassroots": "grassroots", "co so": "grassroots",
                                           "upper-grassroots": "upper-grassroots", "cap tren co so": "upper-grassroots", "province": "province", "tinh": "province"]
    static let activities: [String: String] = ["congress": "congress", "dai hoi": "congress", "document-approval": "document-approval",
                                               "duyet van kien": "document-approval", "personnel-approval": "personnel-approval",
                                               "duyet nhan su": "personnel-approval", "duyet de an nhan su": "personnel-approval"]

    public init() {}

    /// Parses CSV text; `knownCode` says whether the gazetteer knows a code (bad codes are errors).
    /// `linkName` turns a unit name without a code ("Quận ủy Cẩm Lệ") into its place code on a day,
    /// when the name names a territory.
    public init(csv text: String, knownCode: (String) -> Bool = { _ in true }, linkName: (String, Day) -> String? = { _, _ in nil }) {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstLine = text.prefix { $0 != "\n" }
        let sep: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        let records = Tracker.records(text, separator: sep)
        guard let header = records.first else { errors.append(TrackerError(line: 1, message: "empty file: a header row is required")); return }
        var col: [String: Int] = [:]
        for (i, h) in header.fields.enumerated() {
            let key = Folding.plain(h).replacingOccurrences(of: "_", with: " ")
            for (name, forms) in Tracker.columnNames where forms.contains(where: { $0.replacingOccurrences(of: "_", with: " ") == key }) { col[name] = i }
        }
        for required in ["level", "activity", "as_of", "done", "total"] where col[required] == nil {
            errors.append(TrackerError(line: 1, message: "no '\(required)' column (header: \(header.fields.joined(separator: ", ")))"))
        }
        if col["unit_code"] == nil && col["unit_name"] == nil { errors.append(TrackerError(line: 1, message: "no unit_code or unit_name column")) }
        guard errors.isEmpty else { return }
        for r in records.dropFirst() {
            let f = r.fields
            if f.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func get(_ n: String) -> String { col[n].flatMap { $0 < f.count ? f[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            guard f.count >= header.fields.count - 1 else { errors.append(TrackerError(line: r.line, message: "\(f.count) fields, the header has \(header.fields.count)")); continue }
            guard let level = Tracker.levels[Folding.plain(get("level"))] else { errors.append(TrackerError(line: r.line, message: "unknown level '\(get("level"))'")); continue }
            guard let activity = Tracker.activities[Folding.plain(get("activity"))] else { errors.append(TrackerError(line: r.line, message: "unknown activity '\(get("activity"))'")); continue }
            guard let day = Tracker.parseDay(get("as_of")) else { errors.append(TrackerError(line: r.line, message: "'\(get("as_of"))' is not a date (YYYY-MM-DD or DD/MM/YYYY that exists)")); continue }
            guard let done = Int(get("done")), let total = Int(get("total")), done >= 0, total > 0 else {
                errors.append(TrackerError(line: r.line, message: "done '\(get("done"))' and total '\(get("total"))' must be whole numbers")); continue
            }
            if done > total { errors.append(TrackerError(line: r.line, message: "done \(done) is above total \(total)")); continue }
            var code = get("unit_code")
            if code.isEmpty, !get("unit_name").isEmpty, let linked = linkName(get("unit_name"), day) { code = linked }
            if !code.isEmpty, !knownCode(code) { errors.append(TrackerError(line: r.line, message: "unit code \(code) is not in the gazetteer")); continue }
            snapshots.append(Snapshot(line: r.line, unitCode: code.isEmpty ? nil : code, unitName: get("unit_name"), level: level, activity: activity,
                                      asOf: day, done: done, total: total, note: get("note")))
        }
        // A series whose done decreases: the later row in the file is set aside, naming both.
        index()
        var dropped = Set<Int>()
        for (_, sorted) in bySeries {
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.done < a.done {
                let later = a.line > b.line ? a : b, earlier = a.line > b.line ? b : a
                dropped.insert(later.line)
                errors.append(TrackerError(line: later.line, message: "the series decreases: line \(a.line) has \(a.done) on \(a.asOf), line \(b.line) has \(b.done) on \(b.asOf) (done must not decrease); line \(later.line) set aside, line \(earlier.line) kept"))
            }
        }
        if !dropped.isEmpty {
            snapshots.removeAll { dropped.contains($0.line) }
            index()
        }
        errors.sort { $0.line < $1.line }
    }

    public func key(_ s: Snapshot) -> SeriesKey { SeriesKey(unit: s.unitCode ?? Folding.plain(s.unitName), level: s.level, activity: s.activity) }

    /// Snapshots of one series, by date.
    public func series(_ k: SeriesKey) -> [Snapshot] { bySeries[k] ?? [] }

    public var seriesKeys: Set<SeriesKey> { Set(bySeries.keys) }

    static func parseDay(_ s: String) -> Day? {
        if let d = Day(iso: s) { return d }
        // A date cell of a workbook: days since 1899-12-30.
        if let serial = Double(s), serial > 20000, serial < 80000, serial == serial.rounded() { return Day(1899, 12, 30)!.adding(days: Int(serial)) }
        let p = s.split(separator: "/")
        if p.count == 3, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), p[2].count == 4 { return Day(y, m, d) }
        return nil
    }

    struct Record { var line: Int; var fields: [String] }

    /// RFC 4180-ish records: quoted fields may hold separators, quotes ("") and line breaks.
    static func records(_ text: String, separator: Character) -> [Record] {
        var out: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, recordLine = 1
        var it = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? { if let p = pending { pending = nil; return p }; return it.next() }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() { if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n } } else { inQuotes = false }
                } else { if c == "\n" { line += 1 }; field.append(c) }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case separator: fields.append(field); field = ""
            case "\r": continue
            case "\r\n", "\n":
                fields.append(field); field = ""
                out.append(Record(line: recordLine, fields: fields)); fields = []
                line += 1; recordLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); out.append(Record(line: recordLine, fields: fields)) }
        return out
    }
}
