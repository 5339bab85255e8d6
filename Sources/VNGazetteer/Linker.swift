import Foundation
import VNText

/// How closely a mention's spelling matches a unit's name.
public enum MatchTier: Int, Comparable, Sendable, CustomStringConvertible {
    /// Same letters and marks as GSO writes them (case aside).
    case exact = 0
    /// Same after normalizing tone-mark placement ("Hoà" = "Hòa").
    case toneFolded = 1
    /// Same only without diacritics ("Long Huu"): weakest.
    case plain = 2
    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rawValue < b.rawValue }
    public var description: String { ["exact", "tone-folded", "diacritic-free"][rawValue] }
}

/// What else an article says that can decide between same-named units: codes of units it names
/// (provinces, districts), e.g. the province of "Tỉnh ủy Trà Vinh" or of the site.
public struct LinkContext: Sendable {
    public var codes: [String]
    public init(codes: [String] = []) { self.codes = codes }
}

/// The outcome of linking one mention.
public struct LinkResult: Sendable {
    /// The version chosen, if the mention could be resolved.
    public var unit: UnitVersion?
    /// The candidates left (the chosen one alone when resolved).
    public var candidates: [UnitVersion]
    public var tier: MatchTier?
    /// Why this unit, or why no unit ("3 communes named Kim Sơn on 2020-03-12: …").
    public var reason: String

    public init(unit: UnitVersion?, candidates: [UnitVersion], tier: MatchTier?, reason: String) {
        self.unit = unit; self.candidates = candidates; self.tier = tier; self.reason = reason
    }
}

extension Gazetteer {
    /// Links a written name ("Kim Sơn", "TP.HCM", "Phường 2") of the given types on a day.
    public func link(name: String, types: Set<String>? = nil, on day: Day?, context: LinkContext = LinkContext()) -> LinkResult {
        guard let tokenizer = try? Tokenizer() else { return LinkResult(unit: nil, candidates: [], tier: nil, reason: "ICU unavailable") }
        let keys = TokenKey.keys(of: name, tokenizer: tokenizer)
        return link(keys: keys, surface: name, types: types, on: day, context: context)
    }

    /// Every version whose name (or alias) has exactly these keys, with its spelling tier. With a
    /// day, an alias counts only inside its own interval ("Bun Tở" until 2019, not after).
    public func candidates(keys: [String], surface: String, on day: Day? = nil) -> [(version: Int, tier: MatchTier)] {
        var out: [(Int, MatchTier)] = []
        let lowered = surface.precomposedStringWithCanonicalMapping.lowercased()
        let toneKey = Folding.exact(surface)
        if let hit = units.names.longest(keys, from: 0), hit.end == keys.count {
            for i in hit.payloads {
                let v = units.versions[i]
                let tier: MatchTier
                if v.name.lowercased() == lowered || (Int(v.name) != nil && Int(v.name) == Int(surface)) { tier = .exact }
                else if v.canonicalName.lowercased() == toneKey { tier = .toneFolded }
                else { tier = .plain }
                out.append((i, tier))
            }
        }
        if let hit = units.aliasTrie.longest(keys, from: 0), hit.end == keys.count {
            for a in hit.payloads {
                let alias = units.aliases[a]
                if let day, !alias.validity.contains(day) { continue }
                let tier: MatchTier = Folding.exact(alias.alias) == toneKey ? .toneFolded : .plain
                for i in units.byCode[alias.code] ?? [] where units.versions[i].validity.overlaps(alias.validity) {
                    out.append((i, tier == .toneFolded ? .exact : tier))
                }
            }
        }
        return out
    }

    public func link(keys: [String], surface: String, types: Set<String>? = nil, on day: Day?, context: LinkContext = LinkContext()) -> LinkResult {
        var cands = candidates(keys: keys, surface: surface, on: day)
        if let types { cands = cands.filter { types.contains(units.versions[$0.version].type) } }
        let typeText = types.map { $0.sorted().joined(separator: "/") } ?? "unit"
        if let day { cands = cands.filter { units.versions[$0.version].validity.contains(day) } }
        // One entry per version.
        var seen = Set<Int>()
        cands = cands.sorted { $0.tier < $1.tier }.filter { seen.insert($0.version).inserted }
        // A name written with diacritics that match only without them is another name
        // ("Long Hựu" is not "Long Hữu"); the diacritic-free tier is for text typed without them.
        if surface.unicodeScalars.contains(where: { $0.value >= 0xC0 }), cands.allSatisfy({ $0.tier == .plain }), !cands.isEmpty {
            let near = Set(cands.map { units.versions[$0.version].typedName }).sorted().prefix(3).joined(separator: ", ")
            return LinkResult(unit: nil, candidates: [], tier: nil,
                              reason: "no \(typeText) spelled '\(surface)'\(day.map { " valid on \($0)" } ?? ""); only different diacritics match: \(near)")
        }
        guard let best = cands.map(\.tier).min() else {
            return LinkResult(unit: nil, candidates: [], tier: nil, reason: "no \(typeText) named '\(surface)'\(day.map { " valid on \($0)" } ?? "") in the gazetteer")
        }
        let top = cands.filter { $0.tier == best }.map { units.versions[$0.version] }
        if top.count == 1 {
            return LinkResult(unit: top[0], candidates: top, tier: best, reason: best == .exact ? "the only match" : "the only match (\(best))")
        }
        // Context: a candidate inside a unit the article names wins; the closest ancestor counts most.
        var scored: [(UnitVersion, Int)] = []
        for v in top {
            var score = 0
            if context.codes.contains(v.code) { score = 4 }
            for (depth, a) in units.ancestors(of: v, on: day).enumerated() where context.codes.contains(a.code) {
                score = max(score, 3 - depth)
            }
            scored.append((v, score))
        }
        let maxScore = scored.map(\.1).max() ?? 0
        let winners = scored.filter { $0.1 == maxScore }.map(\.0)
        if maxScore > 0, winners.count == 1 {
            let w = winners[0]
            let within = units.ancestors(of: w, on: day).first { context.codes.contains($0.code) }
            return LinkResult(unit: w, candidates: top, tier: best,
                              reason: "\(top.count) candidates; the article's context (\(within.map { $0.typedName } ?? w.typedName)) decides")
        }
        if Set(top.map(\.code)).count == 1 {
            return LinkResult(unit: nil, candidates: top, tier: best,
                              reason: "one code (\(top[0].code)) with \(top.count) versions over time: give a date to choose")
        }
        let list = (maxScore > 0 ? winners : top).prefix(6).map { v in
            "\(v.typedName) (\(v.code), \(units.ancestors(of: v, on: day).map(\.typedName).joined(separator: ", ")))"
        }.joined(separator: "; ")
        return LinkResult(unit: nil, candidates: maxScore > 0 ? winners : top, tier: best,
                          reason: "ambiguous: \(top.count) candidates (\(typeText)) named '\(surface)'\(day.map { " on \($0)" } ?? ""): \(list)\(top.count > 6 ? " …" : "")")
    }
}

extension Gazetteer {
    /// Splits a leading type word ("huyện Kim Sơn", "TP.HCM" stays whole, "P.2" → Phường, "2"):
    /// the unit types it allows, and the name after it.
    public func splitTypeWord(_ text: String) -> (types: Set<String>?, name: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let folded = Folding.plain(t)
        var best: (Int, Set<String>)? = nil
        for (form, type, _) in typeWords {
            let f = Folding.plain(form)
            guard folded.hasPrefix(f), folded.count > f.count else { continue }
            let next = folded[folded.index(folded.startIndex, offsetBy: f.count)]
            // "tp" must be followed by a space, a dot form ("tp.") by anything.
            guard f.hasSuffix(".") || next == " " else { continue }
            if let b = best, f.count == b.0 { best = (b.0, b.1.union([type])) } else if f.count > best?.0 ?? -1 { best = (f.count, [type]) }
        }
        // A committee word ("Thị ủy Duyên Hải", "Quận ủy Cẩm Lệ") stands for the unit types it
        // attaches to (it is longer than the type word it starts with).
        for c in committees where !c.placeTypes.isEmpty {
            let f = Folding.plain(c.name)
            if folded.hasPrefix(f + " "), f.count > (best?.0 ?? 0) { best = (f.count, Set(c.placeTypes)); break }
        }
        guard let (len, types) = best else { return (nil, t) }
        // Keep an alias whole when it is one ("TP.HCM").
        let whole = link(name: t, on: nil)
        if whole.unit != nil || !whole.candidates.isEmpty { return (nil, t) }
        let rest = String(t.dropFirst(len)).trimmingCharacters(in: .whitespaces)
        return (types, rest)
    }
}
