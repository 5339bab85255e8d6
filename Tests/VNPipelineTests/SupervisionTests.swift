import Foundation
import Testing
import VNExtract
import VNInput
import VNPipeline
import VNStore
import _VNTestSupport

func scratch(_ name: String) throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-pipeline-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

/// Five small articles of our own; the third carries `marker`.
func writeBatch(in dir: URL, marker: String) throws {
    for k in 1...5 {
        var text = "Đảng bộ huyện Kim Sơn tổ chức đại hội: \(k)/5 chi bộ đã đại hội xong, ngày 2/3/2020. Bản tin số \(k)."
        if k == 3 { text += " \(marker)" }
        try Data(text.utf8).write(to: dir.appendingPathComponent("a\(k).txt"))
    }
}

/// An input that makes its worker die, and one that makes it hang, cost those inputs only: each
/// is reported with its name and what happened, the worker is replaced, the rest is extracted.
@Test(.timeLimit(.minutes(10)))
func aTrapOrAHangCostsOneInput() throws {
    guard let binary = vnfactsBinary else { return }
    let hooks = ["VNFACTS_TEST_CRASH_ON": "XX-TRAP-XX", "VNFACTS_TEST_HANG_ON": "XX-HANG-XX"]
    let engine = SupervisedEngine(command: WorkerCommand(executable: binary.path, arguments: ["_worker", "--gazetteer", gazetteerDirectory.path], environment: hooks),
                                  workers: 2, timeout: { _ in 4 })
    let texts = ["Chi bộ thôn Đông có 12 đảng viên.", "Tin XX-TRAP-XX", "Tin XX-HANG-XX", "Tin đại hội đảng bộ các cấp nhiệm kỳ mới\n\nĐảng bộ xã Tân Lập: 9/9 chi bộ đã đại hội.", "Tin XX-TRAP-XX lần hai", "Tỉnh ủy Lạng Sơn họp."]
    let items = texts.enumerated().map { RawItem(name: "t\($0.offset).txt", path: "t\($0.offset).txt", kind: .text, id: "t\($0.offset)", bytes: Array($0.element.utf8)) }
    let outcomes = engine.run(items)
    #expect(outcomes.count == 6)
    for (k, o) in outcomes.enumerated() {
        switch (k, o) {
        case (1, .failed(let f)), (4, .failed(let f)):
            #expect(f.kind == .extractorFailed && f.path == "t\(k).txt")
            #expect(f.reason.contains("the extractor failed on this article") && f.reason.contains("test hook") && f.reason.contains("signal 4"), "\(f.reason)")
        case (2, .failed(let f)):
            #expect(f.kind == .extractorFailed && f.reason.contains("did not finish within 4 s"), "\(f.reason)")
        case (_, .article(let a, let facts)):
            #expect([0, 3, 5].contains(k), "item \(k) should have failed")
            #expect(a.id == "t\(k)" && facts.article.id == "t\(k)")
            if k == 3 { #expect(facts.counts.contains { $0.done == 9 && $0.total == 9 }) }
        default: Issue.record("item \(k): \(o)")
        }
    }
    #expect(engine.restarts >= 3)
    // The same engine goes on working after its workers were replaced.
    let again = engine.run([items[0], items[3]])
    #expect(again.allSatisfy { if case .article = $0 { true } else { false } })
}

/// `extract` over a folder with a bad article prints every other article, names the bad one on
/// stderr and exits 1 (never a signal).
@Test(.timeLimit(.minutes(10)))
func extractGoesOnAfterABadArticle() throws {
    guard vnfactsBinary != nil else { return }
    let d = try scratch("extract")
    defer { try? FileManager.default.removeItem(at: d) }
    try writeBatch(in: d, marker: "XX-TRAP-XX")
    let r = try runTool(["extract", "--gazetteer", gazetteerDirectory.path, d.path], environment: ["VNFACTS_TEST_CRASH_ON": "XX-TRAP-XX"])
    #expect(!r.signaled)
    #expect(r.status == 1)
    let ids = r.stdout.split(separator: "\n").compactMap { line -> String? in
        guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return (o["article"] as? [String: Any])?["id"] as? String
    }
    #expect(ids == ["a1", "a2", "a4", "a5"], "in input order, without the bad one")
    #expect(r.stderr.contains("a3.txt: the extractor failed on this article"), "\(r.stderr)")
}

/// `ingest` of a folder and a JSON Lines file whose second line kills the extractor stores every
/// other article, records the bad ones in ingest_errors, exits 1; a re-run skips the known-bad
/// content and completes; --retry-failed tries it again.
@Test(.timeLimit(.minutes(10)))
func ingestRecordsBadArticlesAndARerunCompletes() throws {
    guard vnfactsBinary != nil else { return }
    let d = try scratch("ingest")
    defer { try? FileManager.default.removeItem(at: d) }
    let batch = d.appendingPathComponent("batch")
    try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
    try writeBatch(in: batch, marker: "XX-TRAP-XX")
    let jsonl = [
        #"{"id":"j1","text":"Đảng ủy phường Khuê Trung: 15/15 chi bộ đã đại hội, ngày 5/3/2020."}"#,
        #"{"id":"j2","text":"12 chi bộ XX-TRAP-XX"}"#,
        #"{"id":"j3","text":"Huyện ủy Kim Sơn họp ngày 6/3/2020."}"#,
    ].joined(separator: "\n")
    try Data(jsonl.utf8).write(to: batch.appendingPathComponent("feed.jsonl"))
    let db = d.appendingPathComponent("s.sqlite").path
    let trap = ["VNFACTS_TEST_CRASH_ON": "XX-TRAP-XX"]
    let args = ["ingest", "--db", db, "--gazetteer", gazetteerDirectory.path, batch.path]

    let first = try runTool(args, environment: trap)
    #expect(!first.signaled && first.status == 1, "\(first.stderr)")
    #expect(first.stdout.contains("6 stored") && first.stdout.contains("2 failed"), "\(first.stdout)")
    #expect(first.stderr.contains("a3.txt: the extractor failed on this article"))
    #expect(first.stderr.contains("feed.jsonl:2: the extractor failed on this article"))
    let store = try openStore(db)
    #expect(try store.articleCount() == 6)

    let second = try runTool(args, environment: trap)
    #expect(!second.signaled && second.status == 1)
    #expect(second.stdout.contains("0 stored, 6 already stored (skipped), 2 failed"), "\(second.stdout)")
    #expect(second.stderr.contains("failed on this content in an earlier run"), "\(second.stderr)")
    #expect(!second.stderr.contains("the worker was killed by signal 4;"), "the known-bad content is not extracted again")

    let retried = try runTool(["ingest", "--retry-failed"] + args.dropFirst(), environment: [:])
    #expect(retried.status == 0, "\(retried.stderr)")
    #expect(try store.articleCount() == 8)
}
