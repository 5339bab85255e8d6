/// Why an input (a file, a line of a JSON Lines file, standard input) gave no article.
public struct InputFailure: Error, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Missing, not a regular file, no permission, a broken link.
        case unreadable
        /// A file type the command does not read.
        case unsupported
        /// Empty, or only white space / a byte-order mark.
        case empty
        /// Over the size limit.
        case tooLarge
        /// Not decodable text, not a parseable page or record.
        case malformed
        /// The extractor trapped or hung on it (in a worker process); the batch went on.
        case extractorFailed
        /// The extractor failed on this content in an earlier run (skipped unless retried).
        case failedBefore
    }
    /// The input's name: a path, `path:line` for a JSON Lines record, `<stdin>`.
    public var path: String
    public var reason: String
    public var kind: Kind
    /// Content hash of the input as given, when it was read.
    public var hash: String?

    public init(path: String, reason: String, kind: Kind, hash: String? = nil) {
        self.path = path; self.reason = reason; self.kind = kind; self.hash = hash
    }
    public var description: String { "\(path): \(reason)" }
}
