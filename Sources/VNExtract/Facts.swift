import VNText
import VNGazetteer

/// A cited document ("Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị").
public struct DocumentFact: Sendable, Codable {
    public var id: String
    public var kind: String
    public var kindName: String?
    public var number: String
    public var year: Int?
    public var issuer: String
    public var issuerName: String?
    public var date: Day?
    /// Whether the id came from a short mention resolved through the article or the registry.
    public var resolvedFrom: String?
    /// The rule that made it (`--explain` shows its tokens; the rules list their examples).
    public var rule: String = ""
    public var text: String
    public var span: Range<Int>
    /// Normalized byte range (for ordering and overlap checks).
    var range: Range<Int>
}

public enum Granularity: String, Sendable, Codable { case day, month, year }

public struct DateFact: Sendable, Codable {
    public var value: String?
    public var end: String?
    public var granularity: Granularity
    public var role: String
    /// The rule that made it (`--explain` shows its tokens; the rules list their examples).
    public var rule: String = ""
    public var text: String
    public var span: Range<Int>
    var range: Range<Int>
    /// The first and last day it covers (for as-of use and ordering).
    public var day: Day?
}

public struct TermFact: Sendable, Codable {
    public var from: Int
    public var to: Int
    /// The rule that made it (`--explain` shows its tokens; the rules list their examples).
    public var rule: String = ""
    public var text: String
    public var span: Range<Int>
    var range: Range<Int>
}

public struct UnitFact: Sendable, Codable {
    public var name: String
    public var kind: String
    public var orgType: String?
    public var place: String?
    public var placeType: String?
    public var placeCode: String?
    public var placeLevel: String?
    /// The unit's current successor(s) when the place was reorganized in 2025 (unofficial mapping).
    public var successor: String?
    /// The rule that made it (`--explain` shows its tokens; the rules list their examples).
    public var rule: String = ""
    public var text: String
    public var span: Range<Int>
    var range: Range<Int>
    var tokens: Range<Int>
}

public struct CountUnit: Sendable, Codable {
    public var name: String
    public var place: String?
    public var placeCode: String?
}

public struct CountFact: Sendable, Codable {
    public var done: Int?
    public var total: Int?
    public var percent: Double?
    public var subject: String?
    public var level: String
    public var status: String
    public var activity: String
    public var unit: CountUnit?
    public var asOf: String?
    /// The rule that made it (`--explain` shows its tokens; the rules list their examples).
    public var rule: String = ""
    /// The attribution rule that chose `unit` (for `--explain`; not part of the JSON contract).
    public var unitRule: String? = nil
    public var text: String
    public var span: Range<Int>
    var range: Range<Int>
}

public struct FactWarning: Sendable, Codable {
    public var code: String
    public var message: String
    public var span: Range<Int>?
}

public struct ArticleInfo: Sendable, Codable {
    public var id: String
    public var title: String?
    public var titleSpan: Range<Int>?
    public var published: Day?
    public var publishedText: String?
    public var source: String?
    public var byline: String?
    public var encoding: String
    public var body: Range<Int>?
    public var url: String?
}

/// Everything extracted from one article (facts.md).
public struct ArticleFacts: Sendable, Codable {
    public var article: ArticleInfo
    public var documents: [DocumentFact] = []
    public var dates: [DateFact] = []
    public var terms: [TermFact] = []
    public var units: [UnitFact] = []
    public var counts: [CountFact] = []
    public var warnings: [FactWarning] = []

    public static let schema = "vnfacts/1"

    public func json() -> JSONValue {
        func num(_ d: Double?) -> JSONValue { d.map { $0 == $0.rounded() ? .int(Int($0)) : .double($0) } ?? .null }
        let a = article
        return .object([
            ("schema", .string(Self.schema)),
            ("article", .object([
                ("id", .string(a.id)), ("title", .optional(a.title)), ("published", .optional(a.published?.iso)),
                ("source", .optional(a.source)), ("byline", .optional(a.byline)), ("encoding", .string(a.encoding)),
                ("body", a.body.map(JSONValue.span) ?? .null), ("url", .optional(a.url)),
            ])),
            ("documents", .array(documents.map { d in .object([
                ("id", .string(d.id)), ("kind", .string(d.kind)), ("kindName", .optional(d.kindName)), ("number", .string(d.number)),
                ("year", .optional(d.year)), ("issuer", .string(d.issuer)), ("issuerName", .optional(d.issuerName)),
                ("date", .optional(d.date?.iso)), ("resolvedFrom", .optional(d.resolvedFrom)), ("rule", .string(d.rule)), ("text", .string(d.text)), ("span", .span(d.span)),
            ]) })),
            ("dates", .array(dates.map { d in .object([
                ("value", .optional(d.value)), ("end", .optional(d.end)), ("granularity", .string(d.granularity.rawValue)),
                ("role", .string(d.role)), ("rule", .string(d.rule)), ("text", .string(d.text)), ("span", .span(d.span)),
            ]) })),
            ("terms", .array(terms.map { t in .object([("from", .int(t.from)), ("to", .int(t.to)), ("rule", .string(t.rule)), ("text", .string(t.text)), ("span", .span(t.span))]) })),
            ("units", .array(units.map { u in .object([
                ("name", .string(u.name)), ("kind", .string(u.kind)), ("orgType", .optional(u.orgType)), ("place", .optional(u.place)),
                ("placeType", .optional(u.placeType)), ("placeCode", .optional(u.placeCode)), ("placeLevel", .optional(u.placeLevel)),
                ("successor", .optional(u.successor)), ("rule", .string(u.rule)), ("text", .string(u.text)), ("span", .span(u.span)),
            ]) })),
            ("counts", .array(counts.map { c in .object([
                ("done", .optional(c.done)), ("total", .optional(c.total)), ("percent", num(c.percent)), ("subject", .optional(c.subject)),
                ("level", .string(c.level)), ("status", .string(c.status)), ("activity", .string(c.activity)),
                ("unit", c.unit.map { u in .object([("name", .string(u.name)), ("place", .optional(u.place)), ("placeCode", .optional(u.placeCode))]) } ?? .null),
                ("asOf", .optional(c.asOf)), ("rule", .string(c.rule)), ("text", .string(c.text)), ("span", .span(c.span)),
            ]) })),
            ("warnings", .array(warnings.map { w in .object([("code", .string(w.code)), ("message", .string(w.message)), ("span", w.span.map(JSONValue.span) ?? .null)]) })),
        ])
    }
}

extension ArticleFacts {
    /// Adds the facts of a later part of the same article, whose spans start at `offset` of the
    /// article's bytes; at most `limit` facts of a type are kept (the types cut short are added
    /// to `truncated`).
    mutating func append(_ o: ArticleFacts, shiftedBy offset: Int, limit: Int, truncated: inout Set<String>) {
        func shift(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + offset)..<(r.upperBound + offset) }
        func add<T>(_ list: inout [T], _ more: [T], _ name: String, _ moved: (T) -> T) {
            let room = max(0, limit - list.count)
            if more.count > room { truncated.insert(name) }
            list += more.prefix(room).map(moved)
        }
        add(&documents, o.documents.filter { d in !documents.contains { $0.id == d.id } }, "documents") { var x = $0; x.span = shift(x.span); x.range = shift(x.range); return x }
        add(&dates, o.dates, "dates") { var x = $0; x.span = shift(x.span); x.range = shift(x.range); return x }
        add(&terms, o.terms, "terms") { var x = $0; x.span = shift(x.span); x.range = shift(x.range); return x }
        add(&units, o.units, "units") { var x = $0; x.span = shift(x.span); x.range = shift(x.range); return x }
        add(&counts, o.counts, "counts") { var x = $0; x.span = shift(x.span); x.range = shift(x.range); return x }
        add(&warnings, o.warnings, "warnings") { var x = $0; x.span = x.span.map(shift); return x }
    }
}
