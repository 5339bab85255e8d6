import Foundation
import VNText
import VNGazetteer

/// The gazetteer's vocabularies compiled into tries over token keys, once per gazetteer.
/// Immutable and shared by every extractor thread.
public final class CompiledVocabulary: @unchecked Sendable {
    public let gazetteer: Gazetteer
    /// Tries keyed by the exact (lower-cased, normalized) spelling, and by the diacritic-free one
    /// for articles typed without diacritics.
    let exact: VocabTries
    /// Kind code as written (and its variants) → canonical kind.
    let kindCodes: [String: DocumentKind]
    /// Issuer code as written (and variants) → issuer.
    let issuerCodes: [String: DocumentIssuer]
    /// Ids that start a unit-related phrase (agencies, bodies, committees, organizations, type
    /// words) on the vocabulary keys, or a unit name or alias on the plain keys.
    let unitStartsV: [Bool]
    let unitStartsP: [Bool]

    /// Province versions by the name a site's domain writes ("travinh" → Trà Vinh).
    let provincesByDomainLabel: [String: [UnitVersion]]
    /// The rules indexed by the words their matches can start with.
    let figureBook: RuleBook
    let nameBook: RuleBook

    public init(gazetteer g: Gazetteer) throws {
        gazetteer = g
        let tk = try Tokenizer()
        // Each phrase under its exact spelling and, for text typed without diacritics, its plain one.
        // The plain keys live in their own namespace (`TokenKey.plainMark`): a document matches one or the other.
        exact = try VocabTries(g, keys: { [TokenKey.exactKeys(of: $0, tokenizer: tk), TokenKey.keys(of: $0, tokenizer: tk).map { TokenKey.plainMark + $0 }] })
        var kc: [String: DocumentKind] = [:]
        for k in g.kinds {
            kc[k.code] = k
            for v in k.codeVariants where kc[v] == nil { kc[v] = k }
        }
        kindCodes = kc
        var ic: [String: DocumentIssuer] = [:]
        for i in g.issuers { ic[i.code] = i }
        for i in g.issuers { for v in i.codeVariants where ic[v] == nil { ic[v] = i } }
        issuerCodes = ic
        let size = Int(KeyInterner.shared.intern("\u{1}starts")) + 1
        var sv = Array(repeating: false, count: size), sp = Array(repeating: false, count: size)
        for t in [exact.agencies.firstKeys, exact.bodies.firstKeys, exact.committees.firstKeys, exact.organizations.firstKeys, exact.typeWords.firstKeys] {
            for k in t where k >= 0 && Int(k) < size { sv[Int(k)] = true }
        }
        for t in [g.units.names.firstKeys, g.units.aliasTrie.firstKeys] { for k in t where k >= 0 && Int(k) < size { sp[Int(k)] = true } }
        unitStartsV = sv
        unitStartsP = sp
        var byLabel: [String: [UnitVersion]] = [:]
        for v in g.units.versions where v.level == .province {
            byLabel[Folding.plain(v.name).replacingOccurrences(of: " ", with: ""), default: []].append(v)
        }
        provincesByDomainLabel = byLabel
        let t = exact
        func firstKeys(_ v: Vocab) -> (vids: [Int32], ids: [Int32]) {
            switch v {
            case .committee: return (t.committees.firstKeys, [])
            case .body: return (t.bodies.firstKeys, [])
            case .organization: return (t.organizations.firstKeys, [])
            case .agency: return (t.agencies.firstKeys, [])
            case .level: return (t.levels.firstKeys, [])
            case .notParty: return (t.notParty.firstKeys, [])
            case .typeWord: return (t.typeWords.firstKeys, [])
            case .kindForm: return (t.kindForms.firstKeys, [])
            case .subunit: return (t.subunits.firstKeys, [])
            case .notBare: return (t.notBare.firstKeys, [])
            case .unitName: return ([], g.units.names.firstKeys + g.units.aliasTrie.firstKeys)
            }
        }
        figureBook = RuleBook(RuleBooks.figures, firstKeys: firstKeys)
        nameBook = RuleBook(RuleBooks.names, firstKeys: firstKeys)
    }

    @inline(__always) func tries(_ doc: Doc) -> VocabTries { exact }

    /// Whether any unit phrase or name can start at token `i`.
    @inline(__always) func unitCanStart(_ doc: Doc, _ i: Int) -> Bool {
        let v = Int(doc.vids[i]), p = Int(doc.ids[i])
        return (v >= 0 && v < unitStartsV.count && unitStartsV[v]) || (p >= 0 && p < unitStartsP.count && unitStartsP[p])
    }

    /// Cues of a category starting at token `i` of `doc`: the longest, with its end.
    func cue(_ doc: Doc, at i: Int, category: String, maxEnd: Int? = nil) -> (end: Int, value: String)? {
        for m in tries(doc).cues.matches(doc.vids, from: i).reversed() where maxEnd.map({ m.end <= $0 }) ?? true {
            if let q = m.payloads.first(where: { $0.category == category }) { return (m.end, q.value) }
        }
        return nil
    }
}

/// The vocabulary phrases as tries over one kind of token key.
final class VocabTries: @unchecked Sendable {
    let committees: PhraseTrie<CommitteeWord>
    let bodies: PhraseTrie<BodyWord>
    let organizations: PhraseTrie<OrganizationWord>
    let agencies: PhraseTrie<CentralAgency>
    let levels: PhraseTrie<String>
    let notParty: PhraseTrie<String>
    let notBare: PhraseTrie<String>
    let subunits: PhraseTrie<String>
    let typeWords: PhraseTrie<(type: String, level: String)>
    let kindForms: PhraseTrie<DocumentKind>
    let cues: PhraseTrie<Cue>
    /// Issuers' names and their other names → the issuer.
    let issuerNames: PhraseTrie<DocumentIssuer>
    let chrome: PhraseTrie<String>
    /// Words that end an organization's name (`extract/name-stops.tsv`).
    let nameStops: PhraseTrie<String>
    /// Common words that start with a type word ("xã hội"; `units/type-word-compounds.tsv`).
    let typeWordCompounds: PhraseTrie<String>

    init(_ g: Gazetteer, keys variants: (String) -> [[String]]) throws {
        func put<P>(_ t: inout PhraseTrie<P>, _ s: String, _ p: P) { for k in Set(variants(s)) { t.insert(k, p) } }
        var c = PhraseTrie<CommitteeWord>(); for w in g.committees { put(&c, w.name, w) }; committees = c
        var b = PhraseTrie<BodyWord>()
        for w in g.bodies { put(&b, w.name, w); if !w.short.isEmpty { put(&b, w.short, w) } }
        bodies = b
        var o = PhraseTrie<OrganizationWord>(); for w in g.organizations { put(&o, w.name, w) }; organizations = o
        var a = PhraseTrie<CentralAgency>()
        for w in g.centralAgencies { put(&a, w.name, w); for al in w.aliases { put(&a, al, w) } }
        agencies = a
        var l = PhraseTrie<String>(); for (p, v) in g.levelPhrases { put(&l, p, v) }; levels = l
        var n = PhraseTrie<String>(); for p in g.notParty { put(&n, p, p) }; notParty = n
        var nb = PhraseTrie<String>()
        if let f = try? TSVFile.load("units/not-bare-names.tsv", in: g.directory), let col = f.optionalColumn("name") {
            for r in f.rows { put(&nb, r.fields[col], r.fields[col]) }
        }
        notBare = nb
        var su = PhraseTrie<String>()
        if let f = try? TSVFile.load("units/subunit-words.tsv", in: g.directory), let col = f.optionalColumn("word") {
            for r in f.rows { put(&su, r.fields[col], r.fields[col]) }
        }
        subunits = su
        var t = PhraseTrie<(type: String, level: String)>(); for (f, ty, lv) in g.typeWords { put(&t, f, (ty, lv)) }; typeWords = t
        var kf = PhraseTrie<DocumentKind>()
        for k in g.kinds {
            for f in k.forms where f.count > 3 { put(&kf, f, k) }
            put(&kf, k.name, k)
        }
        kindForms = kf
        var cu = PhraseTrie<Cue>(); for q in g.cues { put(&cu, q.cue, q) }; cues = cu
        var iss = PhraseTrie<DocumentIssuer>()
        for i in g.issuers { put(&iss, i.name, i); for n in i.nameVariants { put(&iss, n, i) } }
        issuerNames = iss
        var ch = PhraseTrie<String>()
        if let f = try? TSVFile.load("extract/chrome.tsv", in: g.directory), let p = f.optionalColumn("pattern"), let k = f.optionalColumn("kind") {
            for r in f.rows { put(&ch, r.fields[p], r.fields[k]) }
        }
        chrome = ch
        var ns = PhraseTrie<String>()
        if let f = try? TSVFile.load("extract/name-stops.tsv", in: g.directory), let col = f.optionalColumn("word") {
            for r in f.rows { put(&ns, r.fields[col], r.fields[col]) }
        }
        nameStops = ns
        var tc = PhraseTrie<String>()
        if let f = try? TSVFile.load("units/type-word-compounds.tsv", in: g.directory), let col = f.optionalColumn("word") {
            for r in f.rows { put(&tc, r.fields[col], r.fields[col]) }
        }
        typeWordCompounds = tc
    }
}
