import Foundation
import VNText

public enum UnitLevel: String, Sendable, Codable, CaseIterable {
    case province, district, commune
}

/// One version of an administrative unit: a code *and* an interval (GSO reuses codes).
public struct UnitVersion: Sendable, Hashable {
    public let code: String
    public let level: UnitLevel
    /// GSO type word: Tỉnh, Thành phố Trung ương, Quận, Huyện, Thị xã, Thành phố, Phường, Xã, Thị trấn, Đặc khu.
    public let type: String
    /// Name without the type word, as GSO spells it ("Lạng Sơn", "2", "Yên Hoà").
    public let name: String
    /// The name in the normalized spelling (NFC, new-style tone marks).
    public let canonicalName: String
    public let parentCode: String?
    public let validity: Validity
    public let basis: [String]
    public let line: Int

    /// "huyện Kim Sơn", "phường 2", "tỉnh Lạng Sơn", "thành phố Hồ Chí Minh".
    public var typedName: String { "\(UnitTypes.lowerTypeWord(type)) \(canonicalName)" }

    /// The version's identity: its code and the first day it is valid ("15@2004-08-31": tỉnh Yên
    /// Bái; "15@2025-07-01": tỉnh Lào Cai). A code alone names different units over time.
    public var key: String { UnitVersion.key(code: code, from: validity.from) }

    public static func key(code: String, from: Day?) -> String { code + "@" + (from?.iso ?? "") }

    /// The code and first day of a version key ("15@2004-08-31" → ("15", "2004-08-31")); a bare
    /// code gives (code, nil).
    public static func split(key: String) -> (code: String, from: String?) {
        guard let at = key.firstIndex(of: "@") else { return (key, nil) }
        return (String(key[..<at]), String(key[key.index(after: at)...]))
    }
}

/// An old → new pair of the 2025 reform (not an official mapping: see Gazetteer/README.md).
public struct Successor: Sendable, Hashable {
    public let oldCode: String
    public let oldLevel: UnitLevel
    public let newCode: String
    public let newName: String
    public let newType: String
    public let effective: Day
    /// `whole` or `part`.
    public let share: String
}

public struct UnitAlias: Sendable, Hashable {
    public let alias: String
    public let code: String
    public let validity: Validity
    public let line: Int
}

public enum UnitTypes {
    /// The type word as written inside a sentence: "Thành phố Trung ương" is written "thành phố".
    public static func lowerTypeWord(_ type: String) -> String {
        type == "Thành phố Trung ương" ? "thành phố" : type.lowercased()
    }
    public static let all = ["Tỉnh", "Thành phố Trung ương", "Quận", "Huyện", "Thị xã", "Thành phố", "Phường", "Xã", "Thị trấn", "Đặc khu"]
    public static func level(ofType type: String) -> UnitLevel? {
        switch type {
        case "Tỉnh", "Thành phố Trung ương": return .province
        case "Quận", "Huyện", "Thị xã", "Thành phố": return .district
        case "Phường", "Xã", "Thị trấn", "Đặc khu": return .commune
        default: return nil
        }
    }
}

/// Vietnam's administrative units over time, indexed by code and by folded name.
public final class AdminUnits: @unchecked Sendable {
    public let versions: [UnitVersion]
    public let byCode: [String: [Int]]
    /// Name trie over token keys → version indices (names, and aliases as their codes' versions).
    public let names: PhraseTrie<Int>
    public let aliases: [UnitAlias]
    public let aliasTrie: PhraseTrie<Int>
    public let successors: [String: [Successor]]
    public let successorRows: Int
    public let issues: [DataIssue]

    init(units: TSVFile, aliases aliasFile: TSVFile?, successors succFile: TSVFile?, tokenizer: Tokenizer) throws {
        var issues: [DataIssue] = units.malformed
        let cCode = try units.column("code"), cLevel = try units.column("level"), cType = try units.column("type")
        let cName = try units.column("name"), cParent = try units.column("parent_code")
        let cFrom = try units.column("valid_from"), cTo = try units.column("valid_to"), cBasis = units.optionalColumn("basis")
        let normalizer = Normalizer()
        var versions: [UnitVersion] = []
        versions.reserveCapacity(units.rows.count)
        var byCode: [String: [Int]] = [:]
        var canonical: [String: String] = [:]
        for row in units.rows {
            let f = row.fields
            guard let level = UnitLevel(rawValue: f[cLevel]) else {
                issues.append(DataIssue(file: units.name, line: row.line, message: "unknown level '\(f[cLevel])'")); continue
            }
            guard UnitTypes.all.contains(f[cType]) else {
                issues.append(DataIssue(file: units.name, line: row.line, message: "unknown type '\(f[cType])'")); continue
            }
            guard let from = Day(iso: f[cFrom]) else {
                issues.append(DataIssue(file: units.name, line: row.line, message: "valid_from '\(f[cFrom])' is not a YYYY-MM-DD date")); continue
            }
            var to: Day? = nil
            if !f[cTo].isEmpty {
                guard let t = Day(iso: f[cTo]) else {
                    issues.append(DataIssue(file: units.name, line: row.line, message: "valid_to '\(f[cTo])' is not a YYYY-MM-DD date")); continue
                }
                if t <= from { issues.append(DataIssue(file: units.name, line: row.line, message: "valid_to \(t) is not after valid_from \(from)")); continue }
                to = t
            }
            let code = f[cCode]
            let expectedDigits = level == .province ? 2 : level == .district ? 3 : 5
            if code.count != expectedDigits || !code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                issues.append(DataIssue(file: units.name, line: row.line, message: "code '\(code)' is not \(expectedDigits) digits for a \(level.rawValue)"))
            }
            let name = f[cName]
            let canon: String
            if let c = canonical[name] { canon = c } else { canon = normalizer.normalize(name).string; canonical[name] = canon }
            let parent = f[cParent].isEmpty ? nil : f[cParent]
            if level != .province, parent == nil { issues.append(DataIssue(file: units.name, line: row.line, message: "a \(level.rawValue) without parent_code")) }
            let v = UnitVersion(code: code, level: level, type: f[cType], name: name, canonicalName: canon, parentCode: parent,
                                validity: Validity(from: from, to: to),
                                basis: f.at(cBasis).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }, line: row.line)
            byCode[code, default: []].append(versions.count)
            versions.append(v)
        }
        // Overlapping versions of one code; parents valid over the child's interval.
        for (code, idxs) in byCode {
            let sorted = idxs.sorted { (versions[$0].validity.from ?? Day.min) < (versions[$1].validity.from ?? Day.min) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where versions[a].validity.overlaps(versions[b].validity) {
                issues.append(DataIssue(file: units.name, line: versions[b].line,
                                        message: "code \(code): this version \(versions[b].validity.description) overlaps the one on line \(versions[a].line) \(versions[a].validity.description)"))
            }
        }
        for v in versions {
            guard let p = v.parentCode else { continue }
            guard let pv = byCode[p] else {
                issues.append(DataIssue(file: units.name, line: v.line, message: "parent \(p) of \(v.code) is not in the file")); continue
            }
            let from = v.validity.from ?? Day.min
            let last = v.validity.to.map { $0.adding(days: -1) }
            let coversStart = pv.contains { versions[$0].validity.contains(from) }
            let coversEnd = last.map { d in pv.contains { versions[$0].validity.contains(d) } } ?? pv.contains { versions[$0].validity.to == nil }
            if !coversStart || !coversEnd {
                issues.append(DataIssue(file: units.name, line: v.line, message: "parent \(p) of \(v.code) is not valid over \(v.validity.description)"))
            }
        }
        self.versions = versions
        self.byCode = byCode

        var trie = PhraseTrie<Int>()
        var keyCache: [String: [String]] = [:]
        var nameKeys: [[String]] = []
        nameKeys.reserveCapacity(versions.count)
        for (i, v) in versions.enumerated() {
            let keys: [String]
            if let k = keyCache[v.name] { keys = k } else { keys = TokenKey.keys(of: v.name, tokenizer: tokenizer); keyCache[v.name] = keys }
            trie.insert(keys, i)
            nameKeys.append(keys)
        }
        names = trie

        var aliases: [UnitAlias] = []
        var aTrie = PhraseTrie<Int>()
        if let af = aliasFile {
            issues += af.malformed
            let cA = try af.column("alias"), cC = try af.column("code"), cF = try af.column("valid_from"), cT = try af.column("valid_to")
            var seen: [String: [(line: Int, validity: Validity, code: String)]] = [:]
            /// Two codes whose versions over `span` share a name (Huyện and Thị trấn Na Hang): a
            /// spelling of that name may mean either, as the name itself does; the type decides.
            func shareAName(_ a: String, _ b: String, over span: Validity) -> Bool {
                let ka = Set((byCode[a] ?? []).filter { versions[$0].validity.overlaps(span) }.map { nameKeys[$0] })
                return (byCode[b] ?? []).contains { versions[$0].validity.overlaps(span) && ka.contains(nameKeys[$0]) }
            }
            for row in af.rows {
                let f = row.fields
                let from = f[cF].isEmpty ? nil : Day(iso: f[cF]), to = f[cT].isEmpty ? nil : Day(iso: f[cT])
                if (!f[cF].isEmpty && from == nil) || (!f[cT].isEmpty && to == nil) {
                    issues.append(DataIssue(file: af.name, line: row.line, message: "bad date in valid_from/valid_to")); continue
                }
                let validity = Validity(from: from, to: to)
                guard let vs = byCode[f[cC]] else {
                    issues.append(DataIssue(file: af.name, line: row.line, message: "alias '\(f[cA])': code \(f[cC]) is not in units.tsv")); continue
                }
                if !vs.contains(where: { versions[$0].validity.overlaps(validity) }) {
                    issues.append(DataIssue(file: af.name, line: row.line, message: "alias '\(f[cA])': code \(f[cC]) has no version in \(validity.description)"))
                }
                let keys = TokenKey.keys(of: f[cA], tokenizer: tokenizer)
                let joined = keys.joined(separator: " ")
                for prev in seen[joined] ?? [] where prev.validity.overlaps(validity) {
                    let span = Validity(from: [prev.validity.from, validity.from].compactMap { $0 }.max(),
                                        to: [prev.validity.to, validity.to].compactMap { $0 }.min())
                    if prev.code != f[cC], shareAName(prev.code, f[cC], over: span) { continue }
                    issues.append(DataIssue(file: af.name, line: row.line,
                                            message: "duplicate alias '\(f[cA])' (same folded key as line \(prev.line)\(prev.code == f[cC] ? "" : ", which names code \(prev.code)") over an overlapping interval)"))
                    break
                }
                seen[joined, default: []].append((row.line, validity, f[cC]))
                aTrie.insert(keys, aliases.count)
                aliases.append(UnitAlias(alias: f[cA], code: f[cC], validity: validity, line: row.line))
            }
        }
        self.aliases = aliases
        aliasTrie = aTrie

        var succ: [String: [Successor]] = [:]
        var succRows = 0
        if let sf = succFile {
            issues += sf.malformed
            let c0 = try sf.column("old_code"), c1 = try sf.column("old_level"), c2 = try sf.column("new_code"), c3 = try sf.column("new_name")
            let c4 = try sf.column("new_type"), c5 = try sf.column("effective"), c6 = try sf.column("share")
            for row in sf.rows {
                let f = row.fields
                guard let lvl = UnitLevel(rawValue: f[c1]), let eff = Day(iso: f[c5]) else {
                    issues.append(DataIssue(file: sf.name, line: row.line, message: "bad old_level or effective date")); continue
                }
                if let olds = byCode[f[c0]] {
                    // The old unit is the version that ends with the reform (a code closed earlier has no successor).
                    if !olds.contains(where: { versions[$0].validity.to == eff }) {
                        issues.append(DataIssue(file: sf.name, line: row.line, message: "old_code \(f[c0]) has no version ending on \(eff)"))
                    }
                } else { issues.append(DataIssue(file: sf.name, line: row.line, message: "old_code \(f[c0]) is not in units.tsv")) }
                if !(byCode[f[c2]]?.contains { versions[$0].validity.contains(eff) } ?? false) {
                    issues.append(DataIssue(file: sf.name, line: row.line, message: "new_code \(f[c2]) has no version valid on \(eff)"))
                }
                succ[f[c0], default: []].append(Successor(oldCode: f[c0], oldLevel: lvl, newCode: f[c2], newName: f[c3], newType: f[c4], effective: eff, share: f[c6]))
                succRows += 1
            }
        }
        successors = succ
        successorRows = succRows
        self.issues = issues
    }

    /// The version a key names ("15@2004-08-31"), or for a bare code its latest version.
    public func version(key: String) -> UnitVersion? {
        let (code, from) = UnitVersion.split(key: key)
        guard let idxs = byCode[code] else { return nil }
        guard let from else { return idxs.last.map { versions[$0] } }
        return idxs.lazy.map { self.versions[$0] }.first { ($0.validity.from?.iso ?? "") == from }
    }

    /// The version of `code` valid on `day`, else (undated, or outside every version) its latest.
    public func version(code: String, onOrLatest day: Day?) -> UnitVersion? {
        day.flatMap { version(code: code, on: $0) } ?? byCode[code]?.last.map { versions[$0] }
    }

    /// A day inside the version (`day` when it is, else its first day, else the day before its end).
    public func dayInside(_ v: UnitVersion, near day: Day?) -> Day {
        day.flatMap { v.validity.contains($0) ? $0 : nil } ?? v.validity.from ?? v.validity.to?.adding(days: -1) ?? Day(clamping: 2000, 1, 1)
    }

    /// The version of `code` valid on `day`.
    public func version(code: String, on day: Day) -> UnitVersion? {
        byCode[code]?.lazy.map { self.versions[$0] }.first { $0.validity.contains(day) }
    }

    /// Parent, grandparent … of a version, each taken on `day` (or on the version's first day).
    public func ancestors(of v: UnitVersion, on day: Day? = nil) -> [UnitVersion] {
        var out: [UnitVersion] = []
        var cur = v
        let d = day ?? v.validity.from ?? Day.min
        while let p = cur.parentCode, out.count < 3 {
            guard let pv = version(code: p, on: d) ?? byCode[p]?.last.map({ versions[$0] }) else { break }
            out.append(pv)
            cur = pv
        }
        return out
    }

    /// The province a version belongs to (itself for a province).
    public func province(of v: UnitVersion, on day: Day? = nil) -> UnitVersion? {
        v.level == .province ? v : ancestors(of: v, on: day).first { $0.level == .province }
    }

    /// Today's successors of a unit valid before the 2025 reform (a district maps through its
    /// province: the district level was abolished). Not official: see Gazetteer/README.md.
    public func currentSuccessors(of v: UnitVersion) -> [Successor] {
        if let s = successors[v.code], v.validity.to.map({ $0 <= s[0].effective }) ?? false { return s }
        if v.level == .district, let p = province(of: v), let s = successors[p.code] { return s }
        return []
    }
}
