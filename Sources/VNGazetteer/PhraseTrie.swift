import VNText

/// Folded keys of a token sequence: what the matcher compares.
///
/// A token's key is its `plain` fold (no case, no diacritics, đ→d); numbers lose leading zeros
/// ("Phường 05" = "Phường 5"); dashes are transparent inside a name ("Bà Rịa - Vũng Tàu").
public enum TokenKey {
    public static func key(_ bytes: ArraySlice<UInt8>, kind: TokenKind) -> String {
        if kind == .number {
            var s = bytes.drop(while: { $0 == 0x30 })
            if s.isEmpty { s = bytes.suffix(1) }
            return String(decoding: s, as: UTF8.self)
        }
        return Folding.plain(utf8: bytes)
    }

    /// The exact key: the normalized spelling, lower-cased (numbers as in `key`).
    public static func exactKey(_ bytes: ArraySlice<UInt8>, kind: TokenKind) -> String {
        if kind == .number { return key(bytes, kind: kind) }
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }

    public static func exactKeys(of phrase: String, tokenizer: Tokenizer) -> [String] {
        let text = Normalizer().normalize(phrase)
        return tokenizer.tokens(text).map { exactKey(text.bytes[$0.range], kind: $0.kind) }.filter { !isTransparent($0) }
    }

    /// Dashes (and the transparent punctuation of names) are skipped when matching.
    public static func isTransparent(_ key: String) -> Bool { key == "-" }

    /// Keys of a phrase written in a data file, tokenized like article text.
    public static func keys(of phrase: String, tokenizer: Tokenizer) -> [String] {
        let text = Normalizer().normalize(phrase)
        return tokenizer.tokens(text).map { key(text.bytes[$0.range], kind: $0.kind) }.filter { !isTransparent($0) }
    }
}

/// A trie of phrases over token keys; finds every phrase that starts at a token.
public struct PhraseTrie<Payload>: @unchecked Sendable {
    private var children: [[String: Int32]] = [[:]]
    private var payloads: [[Payload]] = [[]]

    public init() {}

    public var nodeCount: Int { children.count }

    public mutating func insert(_ keys: [String], _ payload: Payload) {
        guard !keys.isEmpty else { return }
        var node = 0
        for k in keys {
            if let next = children[node][k] { node = Int(next); continue }
            children.append([:]); payloads.append([])
            let id = Int32(children.count - 1)
            children[node][k] = id
            node = Int(id)
        }
        payloads[node].append(payload)
    }

    /// Every phrase that starts at `start`: `(end, payloads)` with `end` the token index after the
    /// phrase, shortest first. Transparent keys (dashes) inside a phrase are skipped.
    public func matches(_ keys: [String], from start: Int, limit: Int? = nil) -> [(end: Int, payloads: [Payload])] {
        var out: [(Int, [Payload])] = []
        var node = 0
        var i = start
        let n = min(keys.count, limit ?? keys.count)
        while i < n {
            let k = keys[i]
            if let next = children[node][k] {
                node = Int(next)
                i += 1
                if !payloads[node].isEmpty { out.append((i, payloads[node])) }
                continue
            }
            if i > start, TokenKey.isTransparent(k) { i += 1; continue }
            break
        }
        return out
    }

    /// The longest phrase starting at `start`, if any.
    public func longest(_ keys: [String], from start: Int, limit: Int? = nil) -> (end: Int, payloads: [Payload])? {
        matches(keys, from: start, limit: limit).last
    }
}
