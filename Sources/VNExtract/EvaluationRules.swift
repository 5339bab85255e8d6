import Foundation
import VNText

/// The matching rules of spec/gold.md, version 2: the keys items are compared on, and the one-to-one
/// assignment of extracted items to gold items. Pure functions, tested one rule at a time
/// (Tests/VNExtractTests/EvaluationTests.swift).
public enum EvaluationRules {
    // MARK: Reading fact fields and gold values

    /// The string form of a fact's field: a string as it is, an enum through its raw value, anything
    /// else through its description. Every vocabulary field of `ArticleFacts` (kind, role, level,
    /// status, activity) is read through this one function, so turning such a field into an enum
    /// changes nothing here.
    public static func label<T>(_ value: T?) -> String? {
        guard let value else { return nil }
        if let s = value as? String { return s }
        if let r = value as? any RawRepresentable { return "\(r.rawValue)" }
        return String(describing: value)
    }

    static func str(_ v: Any?) -> String? {
        if let s = v as? String { return s }
        if let n = v as? NSNumber { return n.stringValue }
        return nil
    }

    static func num(_ v: Any?) -> Double? {
        if let n = v as? NSNumber, !(v is String) { return n.doubleValue }
        return nil
    }

    static func int(_ v: Any?) -> Int? {
        guard let d = num(v), d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// `12`, `99.06`, or `null`.
    static func numberText(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(format: "%.2f", d).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    /// A gold item that is neither required nor counted against an extractor that finds it:
    /// `"optional": true`, or `"uncertain": true` (a judgement call counts as optional).
    public static func isOptional(_ item: [String: Any]) -> Bool {
        (item["optional"] as? Bool ?? false) || (item["uncertain"] as? Bool ?? false)
    }

    /// The `alt` values of a gold item (a string or a list of strings).
    static func alternatives(_ item: [String: Any]) -> [String] {
        if let s = item["alt"] as? String { return [s] }
        if let a = item["alt"] as? [Any] { return a.compactMap { $0 as? String } }
        return []
    }

    // MARK: Keys

    /// A document id compared without white space, case or leading zeros in its number:
    /// "05/2021/NĐ-CP" = "5/2021/NĐ-CP", "31 - HD/BTCTW" = "31-HD/BTCTW".
    public static func documentKey(_ id: String) -> String {
        let s = Folding.exact(id).filter { !$0.isWhitespace }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return s }
        let number = digits.drop { $0 == "0" }
        return (number.isEmpty ? "0" : String(number)) + s.dropFirst(digits.count)
    }

    /// The type words of administrative units, longest first ("thành phố" before "thành"); a
    /// unit's name is compared without them.
    static let adminTypeWords: [[String]] = [
        ["thành", "phố"], ["thị", "xã"], ["thị", "trấn"], ["tỉnh"], ["huyện"], ["quận"], ["xã"], ["phường"],
    ]
    /// Abbreviations written for a type word or a committee's organ, by their folded token.
    static let abbreviations: [String: [String]] = [
        "tp": ["thành", "phố"], "tp.": ["thành", "phố"], "tx": ["thị", "xã"], "tx.": ["thị", "xã"],
        "tt.": ["thị", "trấn"], "h.": ["huyện"], "q.": ["quận"], "p.": ["phường"],
        "bch": ["ban", "chấp", "hành"], "btv": ["ban", "thường", "vụ"],
    ]
    /// Organs of a committee folded into it ("Ban Thường vụ Huyện ủy X" = "Huyện ủy X").
    static let committeeOrgans: [[String]] = [["ban", "thường", "vụ"], ["ban", "chấp", "hành"], ["thường", "trực"]]
    /// How a party committee's or organization's name starts; an organ is folded only before one
    /// ("Ban Thường vụ Tỉnh Đoàn" is the Youth Union's, and stays as it is).
    static let committeeHeads: [[String]] = [
        ["tỉnh", "ủy"], ["thành", "ủy"], ["huyện", "ủy"], ["quận", "ủy"], ["thị", "ủy"], ["đảng", "ủy"], ["chi", "ủy"],
        ["quân", "ủy"], ["đảng", "bộ"], ["chi", "bộ"], ["trung", "ương"],
    ]
    /// The committee of the "Đảng bộ" of each type of place ("Ban Chấp hành Đảng bộ tỉnh Y" = "Tỉnh ủy Y").
    static let committeeOfOrganization: [([String], [String])] = [
        (["tỉnh"], ["tỉnh", "ủy"]), (["thành", "phố"], ["thành", "ủy"]), (["huyện"], ["huyện", "ủy"]),
        (["quận"], ["quận", "ủy"]), (["thị", "xã"], ["thị", "ủy"]),
    ]

    /// Folded tokens of a name: NFC, lower case, new-style tone marks, abbreviations spelled out
    /// ("TP." → "thành phố"; "TP.Hưng Yên" → "thành phố hưng yên"), numbers without leading zeros.
    static func tokens(_ name: String) -> [String] {
        var out: [String] = []
        for raw in Folding.exact(name).split(separator: " ") {
            var t = String(raw)
            // "tp.hải" → "tp." + "hải"
            if let dot = t.firstIndex(of: "."), dot != t.index(before: t.endIndex) {
                let head = String(t[...dot])
                if let full = abbreviations[head] { out += full; t = String(t[t.index(after: dot)...]) }
            }
            if let full = abbreviations[t] { out += full; continue }
            if !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }) {
                let n = t.drop { $0 == "0" }
                t = n.isEmpty ? "0" : String(n)
            }
            if !t.isEmpty { out.append(t) }
        }
        return out
    }

    static func starts(_ t: [String], with p: [String]) -> Bool { t.count >= p.count && Array(t.prefix(p.count)) == p }

    /// The canonical form units are compared on: an administrative unit without its type word
    /// ("huyện Kim Sơn" = "Kim Sơn", "TP Hưng Yên" = "thành phố Hưng Yên" = "Hưng Yên"); a
    /// committee with its Ban Thường vụ, Ban Chấp hành or Thường trực folded into it ("Ban Thường vụ
    /// Huyện ủy Yên Thế" = "Huyện ủy Yên Thế", "Ban Chấp hành Đảng bộ tỉnh Cao Bằng" = "Tỉnh ủy
    /// Cao Bằng"); case and tone-mark style folded.
    public static func unitKey(_ name: String) -> String { unitForm(name).name }

    /// A unit's canonical name (`unitKey`) with the type word it was written with, if any: two
    /// units are the same when their names are and their type words do not differ ("huyện Kim Sơn"
    /// and "Kim Sơn" are one unit, "quận Kỳ Sơn" and "phường Kỳ Sơn" two).
    public struct UnitForm: Hashable, Sendable {
        public var name: String
        public var type: String?
        /// "quận long biên", "kim sơn".
        public var text: String { type.map { $0 + " " + name } ?? name }
        public func isSame(as o: UnitForm) -> Bool { name == o.name && (type == o.type || type == nil || o.type == nil) }
    }

    public static func unitForm(_ name: String) -> UnitForm {
        var t = tokens(name)
        // A committee's organ folded into the committee.
        for organ in committeeOrgans where starts(t, with: organ) {
            let rest = Array(t.dropFirst(organ.count))
            guard committeeHeads.contains(where: { starts(rest, with: $0) }) else { break }
            t = rest
            if t.first == "đảng", t.dropFirst().first == "bộ" {
                let place = Array(t.dropFirst(2))
                if let (type, committee) = committeeOfOrganization.first(where: { starts(place, with: $0.0) && place.count > $0.0.count }) {
                    t = committee + place.dropFirst(type.count)
                } else {
                    t = ["đảng", "ủy"] + place
                }
            }
            break
        }
        // An administrative unit without its type word (not "Tỉnh ủy", "Thị ủy" …).
        for type in adminTypeWords where starts(t, with: type) && t.count > type.count && t[type.count] != "ủy" {
            return UnitForm(name: t.dropFirst(type.count).joined(separator: " "), type: type.joined(separator: " "))
        }
        return UnitForm(name: t.joined(separator: " "), type: nil)
    }

    /// A place compared like a unit's name ("thành phố Hà Tĩnh" = "Hà Tĩnh"); nil stays nil.
    public static func placeKey(_ place: String?) -> String? {
        guard let place else { return nil }
        let k = unitKey(place)
        return k.isEmpty ? nil : k
    }

    /// Words that name no one: the organs and tiers of the party and the types of places. A unit
    /// whose text has nothing else ("Đảng bộ xã", "Ban Thường vụ Tỉnh ủy") was named from context.
    static let genericWords: Set<String> = [
        "đảng", "bộ", "ủy", "ban", "thường", "vụ", "chấp", "hành", "trực", "tỉnh", "huyện", "quận", "xã",
        "phường", "thị", "trấn", "thành", "phố", "chi", "cơ", "sở", "thuộc", "các", "này", "đó", "cấp", "trên",
    ]

    /// Whether an extracted unit's own words name no one: nothing but generic words, or its place
    /// resolved from context and written nowhere in its text.
    public static func namesNoOne(text: String, place: String?) -> Bool {
        let words = tokens(text)
        if words.allSatisfy({ genericWords.contains($0) }) { return true }
        if let p = place {
            let written = Folding.plain(text), name = Folding.plain(unitKey(p))
            if !name.isEmpty, !written.contains(name) { return true }
        }
        return false
    }

    /// Whether an extracted administrative unit is a bare place name, written without a type
    /// word ("Nghệ An: 12,5%", but not "tỉnh Nghệ An" or "TP Nghệ An").
    public static func isBarePlace(text: String, kind: String?) -> Bool {
        guard kind == "admin-unit" else { return false }
        let t = tokens(text)
        return !adminTypeWords.contains { starts(t, with: $0) }
    }

    /// Two date values of the same period at different granularities ("2015-01" and "2015-01-01",
    /// "2019" and "2019-12"), or equal.
    public static func samePeriod(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a == b || a.hasPrefix(b + "-") || b.hasPrefix(a + "-")
    }

    /// Percentages equal to two decimals (gold writes 99.06, an extractor may compute 99.0625).
    public static func samePercent(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) < 0.005 + 1e-9
    }

    // MARK: Assignment

    /// Assigns extracted items to gold items one to one: first as many required items as possible
    /// (a maximum matching; each tries its candidates in the order given), then the optional ones
    /// with what is left, so an optional item never takes an extraction a required one needs.
    /// `candidates[g]` lists the extracted items gold item `g` accepts, best first. Returns, for
    /// each gold item, its extracted item or nil.
    public static func assign(candidates: [[Int]], optional: [Bool], extractedCount: Int) -> [Int?] {
        var owner = [Int?](repeating: nil, count: extractedCount)
        var match = [Int?](repeating: nil, count: candidates.count)
        var required = [Bool](repeating: false, count: extractedCount)

        func augment(_ g: Int, _ seen: inout [Bool]) -> Bool {
            for e in candidates[g] where e >= 0 && e < extractedCount && !seen[e] && !required[e] {
                seen[e] = true
                if let o = owner[e] {
                    guard augment(o, &seen) else { continue }
                }
                owner[e] = g
                match[g] = e
                return true
            }
            return false
        }
        for pass in [false, true] {
            for g in candidates.indices where (g < optional.count && optional[g]) == pass {
                var seen = [Bool](repeating: false, count: extractedCount)
                _ = augment(g, &seen)
            }
            // What the required items hold is out of reach for the optional ones.
            if !pass { for (e, o) in owner.enumerated() where o != nil { required[e] = true } }
        }
        return match
    }
}
