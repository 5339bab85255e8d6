import Foundation
import VNText

/// The repository's root folder (found from this file's location).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// An article of `Corpus/`.
public struct CorpusArticle: Sendable {
    public let name: String
    public let url: URL
    public let bytes: [UInt8]
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Every `.txt` article under `Corpus/` (or a subfolder), sorted by path.
public func corpusArticles(_ subfolder: String? = nil) -> [CorpusArticle] {
    var dir = repositoryRoot.appendingPathComponent("Corpus")
    if let subfolder { dir = dir.appendingPathComponent(subfolder) }
    let fm = FileManager.default
    guard let e = fm.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
    var out: [CorpusArticle] = []
    for case let url as URL in e where url.pathExtension == "txt" {
        if let d = fm.contents(atPath: url.path) {
            out.append(CorpusArticle(name: url.deletingPathExtension().lastPathComponent, url: url, bytes: Array(d)))
        }
    }
    return out.sorted { $0.url.path < $1.url.path }
}

/// The data folder of the repository.
public let gazetteerDirectory: URL = repositoryRoot.appendingPathComponent("Gazetteer")

/// A deterministic random generator (SplitMix64) so property tests repeat exactly.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Checks that a span slices `original` to a text that normalizes to `expected`.
/// Returns a failure description, or nil.
public func spanProblem(original: [UInt8], span: Range<Int>, normalizedText expected: String) -> String? {
    guard span.lowerBound >= 0, span.upperBound <= original.count, span.lowerBound <= span.upperBound else {
        return "span \(span) is outside the input (\(original.count) bytes)"
    }
    let slice = Array(original[span])
    guard String(validating: slice, as: UTF8.self) != nil else { return "span \(span) cuts a UTF-8 character" }
    let got = Normalizer().normalize(slice).string
    return got == expected ? nil : "span \(span) slices \"\(String(decoding: slice, as: UTF8.self))\" which normalizes to \"\(got)\", not \"\(expected)\""
}

/// Random edits that real pages make to real text: old tone marks, decomposed letters, odd spaces,
/// zero-width characters, CRLF, Icelandic eth for Đ, typographic dashes and quotes.
public func messUp(_ text: String, using rng: inout SeededRandom, edits: Int) -> String {
    var scalars = Array(text.unicodeScalars)
    guard !scalars.isEmpty else { return text }
    for _ in 0..<edits {
        let i = Int.random(in: 0..<scalars.count, using: &rng)
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: // decompose the letter at i
            let d = String(scalars[i]).decomposedStringWithCanonicalMapping.unicodeScalars
            scalars.replaceSubrange(i...i, with: d)
        case 1: scalars.insert("\u{00A0}", at: i)
        case 2: scalars.insert("\u{200B}", at: i)
        case 3: scalars.insert(contentsOf: "\r\n".unicodeScalars, at: i)
        case 4: if scalars[i] == "Đ" { scalars[i] = "\u{00D0}" } else { scalars.insert("\u{00AD}", at: i) }
        case 5: if scalars[i] == "-" { scalars[i] = "\u{2013}" } else { scalars.insert(" ", at: i) }
        case 6: scalars.insert(contentsOf: "\u{201C}".unicodeScalars, at: i)
        case 7: scalars.insert(contentsOf: "  \n \n\n".unicodeScalars, at: i)
        default: // old tone style somewhere: ủy → uỷ
            var s = String(String.UnicodeScalarView(scalars))
            if let r = s.range(of: "ủy") { s.replaceSubrange(r, with: "uỷ") } else if let r = s.range(of: "òa") { s.replaceSubrange(r, with: "oà") }
            scalars = Array(s.unicodeScalars)
        }
    }
    return String(String.UnicodeScalarView(scalars))
}

/// The tool built by `swift build` (tests that run it skip when it is not there).
public var vnfactsBinary: URL? {
    let b = repositoryRoot.appendingPathComponent(".build/debug/vnfacts")
    return FileManager.default.isExecutableFile(atPath: b.path) ? b : nil
}

/// What a run of the tool did.
public struct ToolRun: Sendable {
    public var status: Int32
    /// Killed by a signal (a crash), rather than exited.
    public var signaled: Bool
    public var stdout: String
    public var stderr: String
}

/// Runs the tool with arguments (and extra environment), waits, and returns its exit and output.
public func runTool(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> ToolRun {
    guard let binary = vnfactsBinary else { throw CocoaError(.fileNoSuchFile) }
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    // The test hooks reach a run only when it is given them.
    p.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VNFACTS_TEST_") }.merging(environment) { _, b in b }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = stdin == nil ? FileHandle.nullDevice : inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(stdin); try? inp.fileHandleForWriting.close() }
    // Read both pipes while it runs (a full pipe would block it).
    let group = DispatchGroup()
    nonisolated(unsafe) var o = Data(), e = Data()
    group.enter(); DispatchQueue.global().async { o = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter(); DispatchQueue.global().async { e = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    p.waitUntilExit()
    group.wait()
    return ToolRun(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                   stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
