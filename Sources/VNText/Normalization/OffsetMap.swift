/// Maps byte ranges of a derived UTF-8 text back to byte ranges of the original input.
///
/// The derived text is a sequence of pieces; each covers a byte range of the original and either
/// copies it unchanged (`identity`) or replaces it (NFC composition, a space variant, a deleted
/// zero-width character). A span inside an identity piece maps byte for byte; a span touching a
/// replacement maps to the whole original range of that piece, so the slice of the original always
/// covers exactly what produced the span.
///
/// Memory is proportional to the number of edits, not the size of the text; lookups are
/// O(log edits).
public struct OffsetMap: Sendable, Equatable {
    /// Start of each piece in the derived text, increasing (equal for deletions).
    public private(set) var derivedStarts: [Int] = [0]
    /// Start of each piece in the original text, increasing.
    public private(set) var originalStarts: [Int] = [0]
    /// Whether each piece copies the original unchanged.
    public private(set) var identity: [Bool] = [true]
    public private(set) var derivedLength = 0
    public private(set) var originalLength = 0

    public init() {}

    /// The identity map over `length` bytes.
    public init(identityOver length: Int) {
        derivedLength = length
        originalLength = length
    }

    var pieceCount: Int { derivedStarts.count }

    // MARK: Building

    mutating func appendCopy(_ count: Int) {
        guard count > 0 else { return }
        if !identity[identity.count - 1] {
            derivedStarts.append(derivedLength)
            originalStarts.append(originalLength)
            identity.append(true)
        }
        derivedLength += count
        originalLength += count
    }

    mutating func appendReplacement(originalCount: Int, derivedCount: Int) {
        let last = identity.count - 1
        let lastIsEmpty = derivedStarts[last] == derivedLength && originalStarts[last] == originalLength
        if lastIsEmpty {
            identity[last] = false
        } else {
            derivedStarts.append(derivedLength)
            originalStarts.append(originalLength)
            identity.append(false)
        }
        derivedLength += derivedCount
        originalLength += originalCount
    }

    /// Drops everything derived from `derivedOffset` on (moved back to the start of a replacement
    /// piece if it falls inside one). Returns the derived and original offsets where it cut.
    mutating func truncate(toDerived derivedOffset: Int) -> (derived: Int, original: Int) {
        var x = derivedOffset
        let k = piece(containing: x)
        if !identity[k], derivedStarts[k] < x { x = derivedStarts[k] }
        let origin = originalStart(ofDerived: x)
        while derivedStarts.count > 1, derivedStarts[derivedStarts.count - 1] >= x,
              originalStarts[originalStarts.count - 1] >= origin {
            derivedStarts.removeLast(); originalStarts.removeLast(); identity.removeLast()
        }
        derivedLength = x
        originalLength = origin
        return (x, origin)
    }

    // MARK: Lookup

    /// Index of the last piece whose derived start is ≤ offset (skipping deletions at that offset).
    private func piece(containing offset: Int) -> Int {
        var lo = 0, hi = derivedStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if derivedStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    private func originalEnd(ofPiece k: Int) -> Int {
        k + 1 < originalStarts.count ? originalStarts[k + 1] : originalLength
    }

    /// Where the original bytes that produced derived byte `offset` begin.
    public func originalStart(ofDerived offset: Int) -> Int {
        if offset >= derivedLength { return originalLength }
        let k = piece(containing: offset)
        return identity[k] ? originalStarts[k] + (offset - derivedStarts[k]) : originalStarts[k]
    }

    /// Where the original bytes that produced derived bytes before `offset` end.
    public func originalEnd(ofDerived offset: Int) -> Int {
        if offset <= 0 { return originalStart(ofDerived: 0) }
        let k = piece(containing: offset - 1)
        return identity[k] ? originalStarts[k] + (offset - derivedStarts[k]) : originalEnd(ofPiece: k)
    }

    /// The original byte range a derived byte range came from.
    public func originalRange(_ derived: Range<Int>) -> Range<Int> {
        let s = originalStart(ofDerived: derived.lowerBound)
        if derived.isEmpty { return s..<s }
        let e = originalEnd(ofDerived: derived.upperBound)
        return s..<max(s, e)
    }
}
