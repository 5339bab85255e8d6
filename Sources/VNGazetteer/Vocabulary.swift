import Foundation
import VNText

/// A party committee word (Tỉnh ủy, Huyện ủy …) and the unit types it attaches to.
public struct CommitteeWord: Sendable, Hashable {
    public let name: String
    public let kind: String
    public let placeTypes: [String]
    public let level: String
}

/// A body of a committee ("Ban Thường vụ", "Ủy ban Kiểm tra") and the kind of the whole name.
public struct BodyWord: Sendable, Hashable {
    public let name: String
    public let short: String
    public let kind: String
}

/// A party organization word (Đảng bộ, Chi bộ …) and the tier it implies, if any.
public struct OrganizationWord: Sendable, Hashable {
    public let name: String
    public let kind: String
    public let level: String?
}

public struct CentralAgency: Sendable, Hashable {
    public let name: String
    public let aliases: [String]
    public let kind: String
}

public struct DocumentKind: Sendable, Hashable {
    public let code: String
    public let name: String
    public let forms: [String]
    public let codeVariants: [String]
}

public struct DocumentIssuer: Sendable, Hashable {
    public let code: String
    public let name: String
    public let system: String
    public let codeVariants: [String]
    /// Other names of the issuer as articles write them after "của" ("Trung ương Đảng",
    /// "Ban Chấp hành Trung ương"), for short mentions ("Nghị quyết số 39 của Trung ương").
    public let nameVariants: [String]
}

/// A known document: id, date, title, and when a short mention ("Chỉ thị 35") means it.
public struct KnownDocument: Sendable, Hashable {
    public let id: String
    public let kind: String
    public let number: String
    public let issuer: String
    public let date: Day?
    public let title: String
    public let applies: Validity?
    public let replacedBy: String?
}

/// A phrase that drives an extractor: `category` (date-role, count-status …) and `value`.
public struct Cue: Sendable, Hashable {
    public let cue: String
    public let category: String
    public let value: String
}

/// Reads the `;`-separated list cells of vocabulary files.
func list(_ s: String) -> [String] {
    s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension Gazetteer {
    static func loadCommittees(_ t: TSVFile) throws -> [CommitteeWord] {
        let n = try t.column("name"), k = t.optionalColumn("kind"), p = t.optionalColumn("place_types"), l = t.optionalColumn("level")
        return t.rows.map { r in
            CommitteeWord(name: r.fields[n], kind: r.fields.at(k).isEmpty ? "party-committee" : r.fields.at(k),
                          placeTypes: list(r.fields.at(p)), level: r.fields.at(l))
        }
    }
    static func loadBodies(_ t: TSVFile) throws -> [BodyWord] {
        let n = try t.column("name"), s = t.optionalColumn("short"), k = try t.column("kind")
        return t.rows.map { BodyWord(name: $0.fields[n], short: $0.fields.at(s), kind: $0.fields[k]) }
    }
    static func loadOrganizations(_ t: TSVFile) throws -> [OrganizationWord] {
        let n = try t.column("name"), k = t.optionalColumn("kind"), l = t.optionalColumn("level")
        return t.rows.map { r in
            OrganizationWord(name: r.fields[n], kind: r.fields.at(k).isEmpty ? "party-organization" : r.fields.at(k),
                             level: r.fields.at(l).isEmpty ? nil : r.fields.at(l))
        }
    }
    static func loadAgencies(_ t: TSVFile) throws -> [CentralAgency] {
        let n = try t.column("name"), a = t.optionalColumn("aliases"), k = t.optionalColumn("kind")
        return t.rows.map { r in
            CentralAgency(name: r.fields[n], aliases: list(r.fields.at(a)), kind: r.fields.at(k).isEmpty ? "party-agency" : r.fields.at(k))
        }
    }
    static func loadKinds(_ t: TSVFile) throws -> [DocumentKind] {
        let c = try t.column("code"), n = try t.column("name"), f = t.optionalColumn("forms"), v = t.optionalColumn("code_variants")
        return t.rows.map { r in DocumentKind(code: r.fields[c], name: r.fields[n], forms: list(r.fields.at(f)), codeVariants: list(r.fields.at(v))) }
    }
    static func loadIssuers(_ t: TSVFile) throws -> [DocumentIssuer] {
        let c = try t.column("code"), n = try t.column("name"), s = t.optionalColumn("system"), v = t.optionalColumn("code_variants"), nv = t.optionalColumn("name_variants")
        return t.rows.map { r in DocumentIssuer(code: r.fields[c], name: r.fields[n], system: r.fields.at(s), codeVariants: list(r.fields.at(v)), nameVariants: list(r.fields.at(nv))) }
    }
    static func loadRegistry(_ t: TSVFile, issues: inout [DataIssue]) throws -> [KnownDocument] {
        let id = try t.column("id"), k = t.optionalColumn("kind"), num = t.optionalColumn("number"), iss = t.optionalColumn("issuer")
        let d = t.optionalColumn("date"), ti = t.optionalColumn("title"), af = t.optionalColumn("applies_from")
        let at = t.optionalColumn("applies_to"), rb = t.optionalColumn("replaced_by")
        var out: [KnownDocument] = []
        for r in t.rows {
            let f = r.fields
            let date = Day(iso: f.at(d))
            if !f.at(d).isEmpty && date == nil { issues.append(DataIssue(file: t.name, line: r.line, message: "date '\(f.at(d))' is not YYYY-MM-DD")) }
            var applies: Validity? = nil
            if !f.at(af).isEmpty || !f.at(at).isEmpty {
                let a = Day(iso: f.at(af)), b = Day(iso: f.at(at))
                if (!f.at(af).isEmpty && a == nil) || (!f.at(at).isEmpty && b == nil) {
                    issues.append(DataIssue(file: t.name, line: r.line, message: "applies_from/applies_to is not YYYY-MM-DD"))
                }
                applies = Validity(from: a, to: b)
            }
            out.append(KnownDocument(id: f[id], kind: f.at(k), number: f.at(num), issuer: f.at(iss), date: date, title: f.at(ti),
                                     applies: applies, replacedBy: f.at(rb).isEmpty ? nil : f.at(rb)))
        }
        return out
    }
    static func loadCues(_ t: TSVFile) throws -> [Cue] {
        let c = try t.column("cue"), k = try t.column("category"), v = try t.column("value")
        return t.rows.map { Cue(cue: $0.fields[c], category: $0.fields[k], value: $0.fields[v]) }
    }
    static func loadPhrases(_ t: TSVFile, valueColumn: String?) throws -> [(phrase: String, value: String)] {
        let p = try t.column("phrase"), v = valueColumn.flatMap { t.optionalColumn($0) }
        return t.rows.map { ($0.fields[p], $0.fields.at(v)) }
    }
}
