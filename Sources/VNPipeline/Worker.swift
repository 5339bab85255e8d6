import Foundation
import VNExtract
import VNInput
#if canImport(Glibc)
import Glibc
#endif

/// The loop of a worker process: requests from standard input, responses to descriptor 3, until
/// standard input ends. What it prints elsewhere never reaches the supervisor's protocol.
public enum WorkerLoop {
    /// Descriptor the responses are written to (set up by the supervisor).
    public static let responseDescriptor: Int32 = 3

    /// Serves requests; returns the process's exit status (0 when standard input ended).
    public static func serve(reader: ArticleReader, extractor: Extractor) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        var parser = FrameParser(withStatus: false)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let hooks = TestHooks()
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n == 0 { return 0 }
            if n < 0 { if errno == EINTR { continue }; return 1 }
            parser.buffer.append(contentsOf: chunk[0..<n])
            do {
                while let f = try parser.next() {
                    let item = try Frames.decodeRequest(header: f.header, body: f.body)
                    hooks.apply(to: item)
                    let outcome = process(item, reader: reader, extractor: extractor)
                    guard writeAll(responseDescriptor, try Frames.response(outcome)) else { return 1 }
                }
            } catch {
                FileHandle.standardError.write(Data("vnfacts worker: bad request: \(error)\n".utf8))
                return 2
            }
        }
    }
}

/// For the tests of supervision only: an input containing the text of `VNFACTS_TEST_CRASH_ON`
/// makes the worker die as a trap does (SIGILL), one containing `VNFACTS_TEST_HANG_ON` makes it
/// hang. Unset (always, outside tests), they do nothing.
struct TestHooks {
    let crash: [UInt8]?
    let hang: [UInt8]?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        crash = environment["VNFACTS_TEST_CRASH_ON"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        hang = environment["VNFACTS_TEST_HANG_ON"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    func apply(to item: RawItem) {
        if let crash, contains(item.bytes, crash) {
            FileHandle.standardError.write(Data("Fatal error: test hook: crash on this input\n".utf8))
            raise(SIGILL)
        }
        if let hang, contains(item.bytes, hang) { while true { sleep(60) } }
    }

    private func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
