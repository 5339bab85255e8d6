import Foundation
import VNGazetteer
import VNText

/// One cell of an exported table: text stays text (codes such as "01078" and document numbers
/// such as "35-CT/TW" are never numbers), counts are integers.
public enum Cell: Sendable, Equatable {
    case empty
    case text(String)
    case integer(Int)
    case number(Double)

    /// The cell as plain text ("" when empty).
    public var string: String {
        switch self {
        case .empty: ""
        case .text(let s): s
        case .integer(let i): String(i)
        case .number(let d): d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : ""
        }
    }

    public var json: JSONValue {
        switch self {
        case .empty: .null
        case .text(let s): .string(s)
        case .integer(let i): .int(i)
        case .number(let d): d.isFinite ? .double(d) : .null
        }
    }
}

/// Every kind of fact the contract (facts.md) holds, each exportable as a table.
public enum FactKind: String, CaseIterable, Sendable {
    case counts, documents, dates, terms, units, warnings

    /// The name of its sheet in a workbook (Vietnamese, at most 31 characters).
    public var sheetName: String {
        switch self {
        case .counts: "Số liệu tiến độ"
        case .documents: "Văn bản"
        case .dates: "Ngày tháng"
        case .terms: "Nhiệm kỳ"
        case .units: "Đơn vị"
        case .warnings: "Cảnh báo"
        }
    }
}

/// The tables an export writes: one row per fact, each with the article it comes from (id, title,
/// address, outlet, publication date), ordered by date (a count's as-of date, else the article's),
/// then article and position.
public struct FactTable: Sendable {
    public enum ColumnKind: Sendable { case text, integer, number }
    public struct Column: Sendable {
        public var name: String
        public var kind: ColumnKind
        /// The key of the fact object it comes from ("unit.placeCode" for a nested one).
        var key: String
    }

    public let kind: FactKind
    public let columns: [Column]
    public private(set) var rows: [[Cell]] = []
    /// The sort key of each row: date, article id, span start.
    private var order: [(date: String, article: String, start: Int)] = []

    public static let articleColumns: [Column] = [
        Column(name: "article_id", kind: .text, key: "@id"), Column(name: "title", kind: .text, key: "@title"),
        Column(name: "url", kind: .text, key: "@url"), Column(name: "source", kind: .text, key: "@source"),
        Column(name: "published", kind: .text, key: "@published"),
    ]

    /// The fact's own columns: (column, JSON key, kind), as the contract names them.
    static func factColumns(_ k: FactKind) -> [Column] {
        func t(_ n: String, _ key: String? = nil) -> Column { Column(name: n, kind: .text, key: key ?? n) }
        func i(_ n: String, _ key: String? = nil) -> Column { Column(name: n, kind: .integer, key: key ?? n) }
        let span = [i("span_start", "span.0"), i("span_end", "span.1")]
        switch k {
        case .counts:
            return [i("done"), i("total"), Column(name: "percent", kind: .number, key: "percent"), t("status"), t("subject"), t("level"), t("activity"),
                    t("unit_name", "unit.name"), t("unit_place", "unit.place"), t("unit_code", "unit.placeCode"), t("as_of", "asOf"), t("text")] + span
        case .documents:
            return [t("doc_id", "id"), t("kind"), t("kind_name", "kindName"), t("number"), i("year"), t("issuer"), t("issuer_name", "issuerName"),
                    t("date"), t("resolved_from", "resolvedFrom"), t("text")] + span
        case .dates:
            return [t("value"), t("end_value", "end"), t("granularity"), t("role"), t("text")] + span
        case .terms:
            return [i("from_year", "from"), i("to_year", "to"), t("text")] + span
        case .units:
            return [t("name"), t("kind"), t("org_type", "orgType"), t("place"), t("place_type", "placeType"), t("place_code", "placeCode"),
                    t("place_level", "placeLevel"), t("successor"), t("text")] + span
        case .warnings:
            return [t("code"), t("message")] + span
        }
    }

    public init(kind: FactKind) {
        self.kind = kind
        // `rule`: which extraction rule made the fact, where the facts say (empty otherwise).
        columns = FactTable.articleColumns + FactTable.factColumns(kind) + [Column(name: "rule", kind: .text, key: "rule")]
    }

    public var header: [String] { columns.map(\.name) }

    /// Adds the facts of this kind of one facts object (one JSON Lines line) that pass the filter.
    public mutating func add(factsObject o: [String: Any], filter: FactFilter = FactFilter()) {
        let article = o["article"] as? [String: Any] ?? [:]
        let id = article["id"] as? String ?? ""
        let published = article["published"] as? String
        let facts = o[kind.rawValue] as? [[String: Any]] ?? []
        guard !facts.isEmpty else { return }
        // Facts other than counts and units are about the article: a place filter asks whether it names the place.
        let articleNamesPlace: Bool = {
            guard let p = filter.place, kind != .counts, kind != .units else { return true }
            return (o["units"] as? [[String: Any]] ?? []).contains { FactFilter.matches(p, code: $0["placeCode"] as? String, name: $0["place"] as? String) }
        }()
        guard articleNamesPlace else { return }
        for f in facts {
            let date: String?
            if kind == .counts { date = (f["asOf"] as? String) ?? published } else { date = published }
            guard filter.accepts(kind: kind, fact: f, date: date) else { continue }
            rows.append(columns.map { c in FactTable.cell(c, fact: f, article: article) })
            order.append((date ?? "", id, FactTable.value(f, "span.0").flatMap { ($0 as? NSNumber)?.intValue } ?? 0))
        }
    }

    /// Orders the rows by date (undated last), then article, then position.
    public mutating func sort() {
        let idx = order.indices.sorted { a, b in
            let x = order[a], y = order[b]
            if x.date.isEmpty != y.date.isEmpty { return !x.date.isEmpty }
            return (x.date, x.article, x.start, a) < (y.date, y.article, y.start, b)
        }
        rows = idx.map { rows[$0] }
        order = idx.map { order[$0] }
    }

    static func value(_ f: [String: Any], _ key: String) -> Any? {
        let parts = key.split(separator: ".")
        var v: Any? = f
        for p in parts {
            if let i = Int(p), let a = v as? [Any] { v = i >= 0 && i < a.count ? a[i] : nil }
            else if let o = v as? [String: Any] { v = o[String(p)] }
            else { return nil }
        }
        return v is NSNull ? nil : v
    }

    static func cell(_ c: Column, fact: [String: Any], article: [String: Any]) -> Cell {
        let v: Any? = c.key.hasPrefix("@") ? article[String(c.key.dropFirst())] : value(fact, c.key)
        switch v {
        case nil, is NSNull: return .empty
        case let s as String:
            switch c.kind {
            case .text: return .text(s)
            case .integer: return Int(s).map(Cell.integer) ?? .text(s)
            case .number: return Double(s).map(Cell.number) ?? .text(s)
            }
        case let n as NSNumber:
            switch c.kind {
            case .text: return .text(n.stringValue)
            case .integer:
                let d = n.doubleValue
                return d == d.rounded() && abs(d) < 9e15 ? .integer(Int(d)) : .number(d)
            case .number: return .number(n.doubleValue)
            }
        case let b as Bool: return .text(b ? "true" : "false")
        case let i as Int: return c.kind == .text ? .text(String(i)) : .integer(i)
        case let d as Double: return c.kind == .text ? .text(String(d)) : .number(d)
        case let x?:
            // Something nested where a value was expected: its JSON text (never a trap on odd input).
            guard JSONSerialization.isValidJSONObject(x), let data = try? JSONSerialization.data(withJSONObject: x, options: [.sortedKeys]) else { return .text("\(x)") }
            return .text(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Which facts an export or `facts` keeps: a place (name without case or diacritics, or code), a
/// tier (counts only), and a date range (a count's as-of date, else its article's date).
public struct FactFilter: Sendable {
    public var place: String?
    public var level: String?
    public var from: Day?
    public var to: Day?
    public init(place: String? = nil, level: String? = nil, from: Day? = nil, to: Day? = nil) {
        self.place = place; self.level = level; self.from = from; self.to = to
    }

    static func matches(_ place: String, code: String?, name: String?) -> Bool {
        if let code, code == place { return true }
        guard let name else { return false }
        return Folding.plain(name) == Folding.plain(place)
    }

    /// The first and last day a date of the contract covers: a day, a month ("2020-03") or a year.
    static func days(_ s: String) -> (first: Day, last: Day)? {
        if let d = Day(iso: s) { return (d, d) }
        let p = s.split(separator: "-")
        guard let y = p.first.flatMap({ $0.count == 4 ? Int($0) : nil }) else { return nil }
        if p.count == 1, let a = Day(y, 1, 1), let b = Day(y, 12, 31) { return (a, b) }
        if p.count == 2, let m = Int(p[1]), let a = Day(y, m, 1), let b = Day.endOf(month: m, year: y) { return (a, b) }
        return nil
    }

    func accepts(kind: FactKind, fact f: [String: Any], date: String?) -> Bool {
        if let level, kind == .counts, (f["level"] as? String) != level { return false }
        if let place {
            switch kind {
            case .counts:
                let u = f["unit"] as? [String: Any]
                if !FactFilter.matches(place, code: u?["placeCode"] as? String, name: u?["place"] as? String) { return false }
            case .units:
                if !FactFilter.matches(place, code: f["placeCode"] as? String, name: f["place"] as? String) { return false }
            default: break
            }
        }
        if from != nil || to != nil {
            guard let date, let span = FactFilter.days(date) else { return false }
            if let from, span.last < from { return false }
            if let to, span.first > to { return false }
        }
        return true
    }

    /// Whether an article's facts object can hold facts the filter keeps (for whole-object exports):
    /// it names the place, and its date (or a count's) is in the range.
    public func accepts(factsObject o: [String: Any]) -> Bool {
        let article = o["article"] as? [String: Any] ?? [:]
        if let place {
            let units = o["units"] as? [[String: Any]] ?? []
            let counts = o["counts"] as? [[String: Any]] ?? []
            let named = units.contains { FactFilter.matches(place, code: $0["placeCode"] as? String, name: $0["place"] as? String) }
                || counts.contains { c in let u = c["unit"] as? [String: Any]; return FactFilter.matches(place, code: u?["placeCode"] as? String, name: u?["place"] as? String) }
            if !named { return false }
        }
        if from != nil || to != nil {
            guard let p = article["published"] as? String, let span = FactFilter.days(p) else { return false }
            if let from, span.last < from { return false }
            if let to, span.first > to { return false }
        }
        return true
    }
}

/// A day typed by a person (a command-line filter): YYYY-MM-DD and a real day, or the reason it
/// is not one ("01/03/2020" is day/month/year: the reason says which ISO date it would be).
public enum DayArgument {
    public static func parse(_ s: String) -> Result<Day, DayArgumentError> {
        if s.utf8.count == 10, let d = Day(iso: s) { return .success(d) }
        let p = s.split(separator: "/", omittingEmptySubsequences: false)
        if p.count == 3, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), let day = Day(y, m, d) {
            return .failure(DayArgumentError("'\(s)' is not a date as YYYY-MM-DD; if it is day/month/year (ngày/tháng/năm), write \(day.iso)"))
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
            if !(1...12).contains(m) { return .failure(DayArgumentError("'\(s)' is not a date: there is no month \(m) (YYYY-MM-DD)")) }
            if d >= 1, d <= Day.daysIn(month: m, year: y), let day = Day(y, m, d) {
                return .failure(DayArgumentError("'\(s)' is not written YYYY-MM-DD: write \(day.iso)"))
            }
            return .failure(DayArgumentError("'\(s)' is not a date: month \(m) of \(y) has \(Day.daysIn(month: m, year: y)) days"))
        }
        return .failure(DayArgumentError("'\(s)' is not a date as YYYY-MM-DD (e.g. 2020-03-01)"))
    }
}

public struct DayArgumentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ s: String) { description = s }
}
