import Foundation
import VNExtract
import VNInput
#if canImport(Glibc)
import Glibc
#endif

/// The wire format between the supervisor and a worker process, over pipes:
/// a request is `[u32 header length][header][u32 body length][body]` (the header is the item
/// without its bytes, the body the bytes); a response is `[u8 status]` then the same two parts:
/// status 0 = an article (header: the input without its text, and the facts; body: the text),
/// 1 = a failure (header: `InputFailure`). Lengths are little-endian. Headers are in
/// `BinaryCoding`'s form (JSON through Foundation's coders was a sixth of `extract`'s CPU).
enum Frames {
    /// No part may be larger (a corrupt length is an error, not an allocation).
    static let maxPart = 1 << 30

    struct RequestHeader: Codable {
        var name: String, path: String, kind: RawItem.Kind, id: String, hash: String, hint: ArticleHint
    }
    struct ArticleHeader: Codable {
        var input: ArticleInput
        var facts: ArticleFacts
    }

    static func request(_ item: RawItem) throws -> [UInt8] {
        let h = RequestHeader(name: item.name, path: item.path, kind: item.kind, id: item.id, hash: item.hash, hint: item.hint)
        return try parts(BinaryCoding.encode(h), item.bytes)
    }

    static func decodeRequest(header: [UInt8], body: [UInt8]) throws -> RawItem {
        let h = try BinaryCoding.decode(RequestHeader.self, from: header)
        return RawItem(name: h.name, path: h.path, kind: h.kind, id: h.id, bytes: body, hash: h.hash, hint: h.hint)
    }

    static func response(_ o: Outcome) throws -> [UInt8] {
        switch o {
        case .article(var input, let facts):
            let text = input.text
            input.text = []
            return [0] + (try parts(BinaryCoding.encode(ArticleHeader(input: input, facts: facts)), text))
        case .failed(let f):
            return [1] + (try parts(BinaryCoding.encode(f), []))
        }
    }

    static func decodeResponse(status: UInt8, header: [UInt8], body: [UInt8]) throws -> Outcome {
        if status == 0 {
            var h = try BinaryCoding.decode(ArticleHeader.self, from: header)
            h.input.text = body
            return .article(h.input, h.facts)
        }
        return .failed(try BinaryCoding.decode(InputFailure.self, from: header))
    }

    static func parts(_ header: [UInt8], _ body: [UInt8]) throws -> [UInt8] {
        guard header.count <= maxPart, body.count <= maxPart else { throw FrameError("a part is larger than \(maxPart) bytes") }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + body.count)
        append(UInt32(header.count), to: &out)
        out.append(contentsOf: header)
        append(UInt32(body.count), to: &out)
        out.append(contentsOf: body)
        return out
    }

    static func append(_ v: UInt32, to out: inout [UInt8]) {
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
    }

    static func length(_ b: ArraySlice<UInt8>) -> Int {
        var v = 0
        for (k, x) in b.prefix(4).enumerated() { v |= Int(x) << (8 * k) }
        return v
    }
}

struct FrameError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Incremental parse of frames out of the bytes read so far.
struct FrameParser {
    var buffer: [UInt8] = []
    /// Whether frames start with a status byte (responses) or not (requests).
    let withStatus: Bool

    /// A complete frame, removed from the buffer, or nil when more bytes are needed.
    mutating func next() throws -> (status: UInt8, header: [UInt8], body: [UInt8])? {
        var p = withStatus ? 1 : 0
        guard buffer.count >= p + 4 else { return nil }
        let hl = Frames.length(buffer[p..<(p + 4)])
        guard hl <= Frames.maxPart else { throw FrameError("header length \(hl) is not plausible") }
        p += 4
        guard buffer.count >= p + hl + 4 else { return nil }
        let header = Array(buffer[p..<(p + hl)])
        p += hl
        let bl = Frames.length(buffer[p..<(p + 4)])
        guard bl <= Frames.maxPart else { throw FrameError("body length \(bl) is not plausible") }
        p += 4
        guard buffer.count >= p + bl else { return nil }
        let body = Array(buffer[p..<(p + bl)])
        let status = withStatus ? buffer[0] : 0
        buffer.removeFirst(p + bl)
        return (status, header, body)
    }
}

/// Writes all of `bytes` to a descriptor (retrying short writes); false when the reader is gone.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { b -> Int in
            guard let base = b.baseAddress else { return 0 }
            return write(fd, base + off, b.count - off)
        }
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        off += n
    }
    return true
}
