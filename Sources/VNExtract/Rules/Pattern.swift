import VNText
import VNGazetteer

/// What a rule's pattern is made of: token classes, words and phrases, vocabulary from
/// `Gazetteer/`, numbers, punctuation, optional parts and bounded gaps. Patterns are values;
/// `Matcher` compiles one once (words to interned ids) and runs it over a `Doc`.
///
/// Words are written as Vietnamese writes them and compared on their folded key ("ngày" matches
/// "Ngày", "ngay", "NGÀY"); `exact` compares the spelling with its diacritics ("đảng" is not "đang").
indirect enum P: Sendable {
    /// A token whose folded key is this word's ("tháng").
    case w(String)
    /// Any of these words.
    case any([String])
    /// A token spelled so (diacritics included, case ignored).
    case exact(String)
    /// Tokens in a row: "tổng số" = `.seq([.w("tổng"), .w("số")])`; written as one string here.
    case phrase(String)
    /// A number token of a class.
    case number(NumberClass)
    /// The longest phrase of a vocabulary of `Gazetteer/` starting here.
    case vocab(Vocab)
    /// A cue of `Gazetteer/extract/cues.tsv` of this category (the longest).
    case cue(String)
    /// The element with no white space before it ("121/235": `/` and `235` are glued).
    case glued(P)
    case seq([P])
    case alt([P])
    case opt(P)
    /// Up to `n` tokens of the same clause (fewest first), none of them a stop word.
    case gap(Int, stops: [String])
    /// A word token starting with an upper-case letter.
    case capWord
    /// Any word token.
    case word
    /// Any one token.
    case anyToken
    /// Zero-width: what follows is not `P`.
    case not(P)
    /// Zero-width: the token before is (or is not) one of these words.
    case after([String])
    case notAfter([String])
    /// Zero-width: what follows is `P` (it is matched again by what comes next).
    case peek(P)
    /// Zero-width: the token is a number (for a custom element that reads numbers).
    case atNumber
    /// A named part, for the rule's builder (`m["done"]`).
    case cap(String, P)
    /// A sub-grammar written in Swift (a place name, a proper name): its name and a function
    /// giving the end of the longest match at a token, or nil.
    case custom(String, @Sendable (RuleContext, Int) -> Int?)
}

/// Classes of number tokens.
enum NumberClass: Sendable {
    /// An integer as Vietnamese writes it ("09", "1.234").
    case int
    /// A decimal ("92,2") or an integer.
    case decimal
    /// A year 1945–2100 (four digits).
    case year
    /// A day of a month (1–31, one or two digits).
    case day
    /// A month (1–12, one or two digits).
    case month
    /// Any number token.
    case any
}

/// Vocabularies of `Gazetteer/` a pattern can name.
enum Vocab: String, Sendable {
    case committee, body, organization, agency, level, notParty, typeWord, kindForm, subunit, notBare
    /// Names and aliases of the units' catalogue (matched on plain keys).
    case unitName
}

/// What a custom element and a builder see: the document and the extractor's data.
final class RuleContext {
    let doc: Doc
    let x: Extractor
    let places: ArticlePlaces
    init(doc: Doc, x: Extractor, places: ArticlePlaces) { self.doc = doc; self.x = x; self.places = places }

    /// Which place a custom element reads.
    enum PlaceKind: Int { case any = 0, typed = 1, province = 2 }
    /// Ends of places already read in this pass (several rules read the place at one token).
    private var placeEnds: [Int: Int] = [:]
    static let provinceTypes: Set<String> = ["Tỉnh", "Thành phố Trung ương"]

    /// The end of the place named at token `i` (see `Extractor.place`), read once per pass.
    func placeEnd(at i: Int, _ kind: PlaceKind) -> Int? {
        let key = i &* 4 &+ kind.rawValue
        if let e = placeEnds[key] { return e < 0 ? nil : e }
        let e: Int?
        switch kind {
        case .any: e = x.place(doc, at: i, allowed: nil, places: places)?.end
        case .typed: e = x.place(doc, at: i, allowed: nil, places: places, requireTypeWord: true)?.end
        case .province: e = x.place(doc, at: i, allowed: RuleContext.provinceTypes, places: places)?.end
        }
        placeEnds[key] = e ?? -1
        return e
    }
}

extension P {
    /// Short readable form, for `--explain` and test messages.
    var description: String {
        switch self {
        case .w(let s): return s
        case .any(let a): return "(" + a.joined(separator: "|") + ")"
        case .exact(let s): return "=\(s)"
        case .phrase(let s): return "\"\(s)\""
        case .number(let c): return "<\(c)>"
        case .vocab(let v): return "<\(v.rawValue)>"
        case .cue(let c): return "<cue:\(c)>"
        case .glued(let p): return "·" + p.description
        case .seq(let a): return a.map(\.description).joined(separator: " ")
        case .alt(let a): return "(" + a.map(\.description).joined(separator: " | ") + ")"
        case .opt(let p): return "[" + p.description + "]"
        case .gap(let n, _): return "…\(n)"
        case .capWord: return "<Cap>"
        case .word: return "<word>"
        case .anyToken: return "<tok>"
        case .not(let p): return "!" + p.description
        case .after(let a): return "after(" + a.joined(separator: "|") + ")"
        case .notAfter(let a): return "!after(" + a.joined(separator: "|") + ")"
        case .peek(let p): return "&" + p.description
        case .atNumber: return "&<number>"
        case .cap(let n, let p): return "\(n):" + p.description
        case .custom(let n, _): return "<\(n)>"
        }
    }
}
