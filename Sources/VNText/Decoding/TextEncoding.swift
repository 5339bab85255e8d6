/// The encodings vnfacts reads. Everything is decoded to UTF-8 before anything else happens.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1258 = "windows-1258"
    case tcvn3
    case vni

    /// Whether spans refer to the input's own bytes (true) or to its decoding into UTF-8.
    public var spansReferToInputBytes: Bool { self == .utf8 || self == .utf8BOM }
}

/// Why an input could not be decoded. `offset` is the byte offset in the input.
public struct DecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable { case empty, binary, invalidUTF8 = "invalid-utf8", mixed, undecodable, invalidUTF16 = "invalid-utf16" }
    public let code: Code
    public let offset: Int?
    public let message: String
    public var description: String { message }
}

/// What decoding noticed but could repair (only with `lenient`).
public struct DecodingWarning: Sendable, Equatable {
    public let code: String
    public let offset: Int
    public let message: String
}

/// A decoded input.
public struct DecodedText: Sendable {
    /// UTF-8 bytes: the input itself for UTF-8, else its decoding. Spans refer to these bytes.
    public let bytes: [UInt8]
    public let encoding: TextEncoding
    public let warnings: [DecodingWarning]
    /// For a detected legacy encoding: which candidates decoded the bytes, how well each reads,
    /// and how sure the choice is.
    public var detection: EncodingDetection? = nil

    public init(bytes: [UInt8], encoding: TextEncoding, warnings: [DecodingWarning], detection: EncodingDetection? = nil) {
        self.bytes = bytes; self.encoding = encoding; self.warnings = warnings; self.detection = detection
    }
}

/// How a legacy encoding was chosen among those that decode a file without error.
public struct EncodingDetection: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable {
        public var encoding: TextEncoding
        /// Syllables minus non-syllables minus symbols (higher reads more like Vietnamese).
        public var score: Double
        /// The share of the words with diacritics (and odd symbols) that are Vietnamese syllables.
        public var share: Double
        /// How many words with diacritics and odd symbols were looked at.
        public var words: Int
    }
    public var chosen: TextEncoding
    /// 0…1: the lead of the chosen encoding over the next, per word looked at (1: no other candidate).
    public var confidence: Double
    /// Best first.
    public var candidates: [Candidate]
}
