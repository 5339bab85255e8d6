import Foundation
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

    /// Prefix of plain (diacritic-free) vocabulary keys, so that an article written with diacritics
    /// never matches a phrase through its plain form.
    public static let plainMark = "\u{2}"

    /// Dashes (and the transparent punctuation of names) are skipped when matching.
    public static func isTransparent(_ key: String) -> Bool { key == "-" }

    /// Keys of a phrase written in a data file, tokenized like article text.
    public static func keys(of phrase: String, tokenizer: Tokenizer) -> [String] {
        let text = Normalizer().normalize(phrase)
        return tokenizer.tokens(text).map { key(text.bytes[$0.range], kind: $0.kind) }.filter { !isTransparent($0) }
    }
}

/// Token keys as small integers, shared by every trie and document (one hash per token).
/// Keys are added while data loads; looking up an unknown key gives -1 (no phrase has it).
public final class KeyInterner: @unchecked Sendable {
    public static let shared = KeyInterner()
    private var ids: [String: Int32] = [:]
    private let lock = NSLock()
    public static let unknown: Int32 = -1
    public lazy var dash: Int32 = intern("-")

    public func intern(_ s: String) -> Int32 {
        lock.lock(); defer { lock.unlock() }
        if let id = ids[s] { return id }
        let id = Int32(ids.count)
        ids[s] = id
        return id
    }

    public func lookup(_ s: String) -> Int32 {
        lock.lock(); defer { lock.unlock() }
        return ids[s] ?? KeyInterner.unknown
    }

    public func lookup(_ keys: some Sequence<String>) -> [Int32] {
        lock.lock(); defer { lock.unlock() }
        return keys.map { ids[$0] ?? KeyInterner.unknown }
    }
}

/// A trie of phrases over token keys; finds every phrase that starts at a token.
public struct PhraseTrie<Payload>: @unchecked Sendable {
    @usableFromInline var children: [[Int32: Int32]] = [[:]]
    @usableFromInline var payloads: [[Payload]] = [[]]
    /// The root's children as a dense table by key id (-1: none): most tokens start no phrase,
    /// and this answers that without hashing.
    @usableFromInline var rootChild: [Int32] = []
    /// Whether each node ends a phrase (`payloads` not empty), without touching the payloads.
    @usableFromInline var ends: [Bool] = [false]
    @usableFromInline let dash = KeyInterner.shared.dash

    public init() {}

    public var nodeCount: Int { children.count }

    /// The keys phrases start with (for a quick "can anything start here?" filter).
    public var firstKeys: [Int32] { Array(children[0].keys) }

    public mutating func insert(_ keys: [String], _ payload: Payload) {
        guard !keys.isEmpty else { return }
        var node = 0
        for key in keys {
            let k = KeyInterner.shared.intern(key)
            if let next = children[node][k] { node = Int(next); continue }
            children.append([:]); payloads.append([]); ends.append(false)
            let id = Int32(children.count - 1)
            children[node][k] = id
            if node == 0, k >= 0 {
                if Int(k) >= rootChild.count { rootChild += Array(repeating: -1, count: Int(k) + 1 - rootChild.count) }
                rootChild[Int(k)] = id
            }
            node = Int(id)
        }
        payloads[node].append(payload)
        ends[node] = true
    }

    /// The node a phrase's first key leads to, or nil.
    @inlinable @inline(__always)
    func first(_ k: Int32) -> Int? {
        guard k >= 0, Int(k) < rootChild.count else { return nil }
        let c = rootChild[Int(k)]
        return c < 0 ? nil : Int(c)
    }

    /// Whether some phrase starts with this key.
    @inlinable @inline(__always)
    public func canStart(_ k: Int32) -> Bool { first(k) != nil }

    /// The end of the longest phrase starting at `start` (the token index after it), if any: the
    /// fast path of `longest` for callers that need no payload.
    @inlinable
    public func longestEnd(_ ids: [Int32], from start: Int, limit: Int? = nil) -> Int? {
        let n = min(ids.count, limit ?? ids.count)
        guard start >= 0, start < n, var node = first(ids[start]) else { return nil }
        var i = start + 1
        var best: Int? = ends[node] ? i : nil
        while i < n {
            let k = ids[i]
            if let next = children[node][k] {
                node = Int(next)
                i += 1
                if ends[node] { best = i }
                continue
            }
            if k == dash { i += 1; continue }
            break
        }
        return best
    }

    /// Every phrase that starts at `start`: `(end, payloads)` with `end` the token index after the
    /// phrase, shortest first. Transparent keys (dashes) inside a phrase are skipped.
    public func matches(_ keys: [String], from start: Int, limit: Int? = nil) -> [(end: Int, payloads: [Payload])] {
        // Only the keys from `start` on (a phrase is short, but the caller's array may be long).
        let n = min(keys.count, limit ?? keys.count)
        guard start >= 0, start < n else { return [] }
        let ids = KeyInterner.shared.lookup(keys[start..<min(n, start + 64)])
        return matches(ids, from: 0).map { (end: $0.end + start, payloads: $0.payloads) }
    }

    @inlinable
    public func matches(_ ids: [Int32], from start: Int, limit: Int? = nil) -> [(end: Int, payloads: [Payload])] {
        let n = min(ids.count, limit ?? ids.count)
        guard start >= 0, start < n, let root = self.first(ids[start]) else { return [] }
        var out: [(Int, [Payload])] = []
        var node = root
        var i = start + 1
        if ends[node] { out.append((i, payloads[node])) }
        while i < n {
            let k = ids[i]
            if let next = children[node][k] {
                node = Int(next)
                i += 1
                if ends[node] { out.append((i, payloads[node])) }
                continue
            }
            if k == dash { i += 1; continue }
            break
        }
        return out
    }

    /// The longest phrase starting at `start`, if any.
    public func longest(_ keys: [String], from start: Int, limit: Int? = nil) -> (end: Int, payloads: [Payload])? {
        matches(keys, from: start, limit: limit).last
    }

    @inlinable
    public func longest(_ ids: [Int32], from start: Int, limit: Int? = nil) -> (end: Int, payloads: [Payload])? {
        let n = min(ids.count, limit ?? ids.count)
        guard start >= 0, start < n, let root = self.first(ids[start]) else { return nil }
        var node = root
        var i = start + 1
        var best: (Int, Int)? = ends[node] ? (i, node) : nil
        while i < n {
            let k = ids[i]
            if let next = children[node][k] {
                node = Int(next)
                i += 1
                if ends[node] { best = (i, node) }
                continue
            }
            if k == dash { i += 1; continue }
            break
        }
        return best.map { ($0.0, payloads[$0.1]) }
    }
}
