import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
import VNDashboard
import _VNTestSupport
#if canImport(Glibc)
import Glibc
#endif

// The dashboard under hostile input: ids that need percent-encoding, every error of the API in
// JSON with a body, the security headers, HEAD, methods it does not take, oversized and slow
// requests, idle connections.

/// A file whose name has Vietnamese letters, spaces, `#`, `?` and `%` (its id is the name without
/// `.txt`), and JSON Lines records whose ids add a `/` and the dot segment "..".
let fileID = "Tỉnh ủy Lạng Sơn – bản tin #3? 50%"
let slashID = "Lạng Sơn/bản tin số 4 #?%.txt"
let dotsID = ".."

func hostileFixture() throws -> Dashboard {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-dash-ids-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let text = """
        Bản tin kiểm thử đường dẫn số ba của Tỉnh ủy Lạng Sơn năm nay

        Lạng Sơn, ngày 14/10/2024 — Ban Thường vụ Tỉnh ủy Lạng Sơn họp về việc chuẩn bị đại hội chi bộ.
        Đến nay, 40/45 chi bộ trực thuộc Đảng bộ tỉnh Lạng Sơn đã tổ chức xong đại hội.

        """
    try Data(text.utf8).write(to: dir.appendingPathComponent(fileID + ".txt"))
    func record(_ id: String, _ title: String, _ body: String) -> String {
        let o: [String: Any] = ["id": id, "title": title, "published": "2024-10-15", "text": title + "\n\n" + body]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: o)) ?? Data(), as: UTF8.self)
    }
    let lines = [
        record(slashID, "Bản tin kiểm thử đường dẫn số bốn của Tỉnh ủy Lạng Sơn",
               "Tỉnh ủy Lạng Sơn cho biết 12/20 chi bộ cơ sở ở thành phố Lạng Sơn đã hoàn thành đại hội."),
        record(dotsID, "Bản tin kiểm thử đường dẫn hai dấu chấm của Tỉnh ủy Lạng Sơn",
               "Tỉnh ủy Lạng Sơn thông báo lịch họp tháng mười."),
    ]
    try Data(lines.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("records.jsonl"))
    return try fixture(extra: [dir.path]).dashboard
}

/// The hrefs of a page, HTML entities undone (the link a browser follows).
func links(_ html: String) -> [String] {
    var out: [String] = []
    var rest = html[...]
    while let r = rest.range(of: "href=\"") {
        let tail = rest[r.upperBound...]
        guard let end = tail.firstIndex(of: "\"") else { break }
        out.append(tail[..<end].replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&"))
        rest = tail[end...]
    }
    return out
}

/// A link without its fragment (a browser does not send it).
func target(_ link: String) -> String { link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? link }

/// Articles with ids that need encoding are stored, listed with links that encode them, and
/// open from those links (pages and API).
@Test func articlesWithAwkwardIDsOpenFromTheirLinks() async throws {
    try await hostileFixture().application(host: "127.0.0.1", port: 0).test(.live) { client in
        var articleLinks: [String] = []
        for page in ["/units/20", "/search?q=kiem+thu+duong+dan"] {
            try await client.execute(uri: page, method: .get) { r in
                #expect(r.status == .ok, "\(page)")
                articleLinks += links(body(r)).filter { $0.hasPrefix("/articles") }.map(target)
            }
        }
        let expected = ["/articles/T%E1%BB%89nh%20%E1%BB%A7y%20L%E1%BA%A1ng%20S%C6%A1n%20%E2%80%93%20b%E1%BA%A3n%20tin%20%233%3F%2050%25",
                        "/articles/L%E1%BA%A1ng%20S%C6%A1n%2Fb%E1%BA%A3n%20tin%20s%E1%BB%91%204%20%23%3F%25.txt",
                        "/articles?id=.."]
        for e in expected { #expect(articleLinks.contains(e), "\(e) in \(Set(articleLinks))") }
        // Every article link printed opens its article, and the article's own links open.
        for link in Set(articleLinks) {
            let page = try await client.execute(uri: link, method: .get) { r in
                #expect(r.status == .ok, "\(link)")
                return body(r)
            }
            for inner in links(page).map(target) where inner.hasPrefix("/api/articles") || inner.hasPrefix("/units/") {
                try await client.execute(uri: inner, method: .get) { r in #expect(r.status == .ok, "\(inner) from \(link)") }
            }
        }
        try await client.execute(uri: expected[0], method: .get) { r in
            #expect(body(r).contains("Bản tin kiểm thử đường dẫn số ba"))
            #expect(body(r).contains("40/45 chi bộ trực thuộc"))
            #expect(links(body(r)).contains { $0.hasPrefix("/api/articles/T%E1%BB%89nh%20") }, "the facts link is encoded too")
        }
        try await client.execute(uri: expected[1], method: .get) { r in #expect(body(r).contains("12/20 chi bộ cơ sở")) }
        try await client.execute(uri: "/api/articles/L%E1%BA%A1ng%20S%C6%A1n%2Fb%E1%BA%A3n%20tin%20s%E1%BB%91%204%20%23%3F%25.txt", method: .get) { r in
            #expect(r.status == .ok)
            #expect(body(r).contains("\"id\":\"Lạng Sơn\\/bản tin số 4 #?%.txt\"") || body(r).contains("\"id\":\"Lạng Sơn/bản tin số 4 #?%.txt\""))
        }
        try await client.execute(uri: "/api/articles?id=..", method: .get) { r in #expect(r.status == .ok) }
        // A raw "/" is a path separator: not the article, a 404.
        try await client.execute(uri: "/articles/L%E1%BA%A1ng%20S%C6%A1n/b%E1%BA%A3n", method: .get) { r in #expect(r.status == .notFound) }
        // A query with Vietnamese letters, '&', '#' and '+' decoded whole.
        try await client.execute(uri: "/search?q=L%E1%BA%A1ng+S%C6%A1n%20%26%20%23%2B", method: .get) { r in
            #expect(r.status == .ok)
            #expect(body(r).contains("<h1>Tìm: Lạng Sơn &amp; #+</h1>"))
        }
    }
}

/// What every error must be: JSON `{"error": …}` with a body under /api/, a page linking home elsewhere.
func expectError(_ r: TestResponse, _ status: HTTPResponse.Status, api: Bool, _ what: String) {
    #expect(r.status == status, "\(what): \(r.status)")
    #expect(r.body.readableBytes > 0, "\(what): a body")
    if api {
        #expect(r.headers[.contentType]?.hasPrefix("application/json") == true, "\(what): JSON")
        let object = try? JSONSerialization.jsonObject(with: Data(body(r).utf8)) as? [String: Any]
        #expect(object?["error"] is String, "\(what): {\"error\": …} in \(body(r))")
    } else {
        #expect(r.headers[.contentType]?.hasPrefix("text/html") == true, "\(what): HTML")
        #expect(body(r).contains("href=\"/\""), "\(what): links home")
    }
}

@Test func everyErrorHasABodyInItsRoutesFormat() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        let cases: [(String, HTTPRequest.Method, HTTPResponse.Status)] = [
            ("/api/nothing", .get, .notFound), ("/api", .get, .notFound), ("/api/", .get, .notFound),
            ("/api/coverage/extra", .get, .notFound), ("/api/units/99999", .get, .notFound),
            ("/api/articles/no%20such%20article", .get, .notFound), ("/api/articles", .get, .notFound),
            ("/api/coverage?from=March", .get, .badRequest), ("/api/search?q=%zz", .get, .badRequest),
            ("/api/units/%E1", .get, .badRequest), ("/api/units/48?page=two", .get, .badRequest),
            ("/api/search?q=x&limit=9999999999999999999999", .get, .badRequest),
            ("/api/coverage", .post, .methodNotAllowed), ("/api/search?q=x", .delete, .methodNotAllowed),
            ("/api/units/48", .put, .methodNotAllowed), ("/api/coverage", .options, .methodNotAllowed),
            ("/nothing", .get, .notFound), ("/units/99999", .get, .notFound), ("/articles/no%2Fsuch", .get, .notFound),
            ("/articles/%zz", .get, .badRequest), ("/?page=x", .get, .badRequest), ("/?to=2020-13-45", .get, .badRequest),
            ("/", .post, .methodNotAllowed), ("/search?q=x", .patch, .methodNotAllowed), ("/static/style.css", .delete, .methodNotAllowed),
        ]
        for (uri, method, status) in cases {
            try await client.execute(uri: uri, method: method, body: method == .get ? nil : ByteBuffer(string: "x")) { r in
                expectError(r, status, api: uri.hasPrefix("/api"), "\(method) \(uri)")
                if status == .methodNotAllowed { #expect(r.headers[.allow] == "GET, HEAD", "\(method) \(uri): Allow") }
            }
        }
        // A huge page number is clamped, not an overflow.
        try await client.execute(uri: "/api/search?q=a&page=9223372036854775807", method: .get) { r in #expect(r.status == .ok) }
        try await client.execute(uri: "/units/48?page=9223372036854775807", method: .get) { r in #expect(r.status == .ok) }
    }
}

let everyRoute = ["/", "/?sort=name", "/units/495", "/units/48", "/articles/002_9f359102a375db53", "/search?q=kim+son", "/static/style.css",
                  "/api/coverage", "/api/units/495", "/api/articles/000_df59e02c452cb29d", "/api/search?q=lang%20son",
                  "/api/nothing", "/nothing", "/units/99999", "/api/coverage?from=x"]

@Test func securityHeadersOnEveryResponse() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        for uri in everyRoute {
            for method in [HTTPRequest.Method.get, .head, .post] {
                try await client.execute(uri: uri, method: method) { r in
                    #expect(r.headers[.contentSecurityPolicy] == "default-src 'self'", "\(method) \(uri)")
                    #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(method) \(uri)")
                    #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(method) \(uri)")
                    #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(method) \(uri)")
                }
            }
        }
        // The pages need no inline style or script (the policy would block them): their style is the stylesheet's.
        for uri in ["/", "/units/48", "/articles/002_9f359102a375db53", "/search?q=kim+son", "/nothing"] {
            try await client.execute(uri: uri, method: .get) { r in
                let b = body(r)
                #expect(!b.contains("<style") && !b.contains("style=") && !b.contains("<script") && b.range(of: " on[a-z]+=", options: .regularExpression) == nil, "\(uri)")
                #expect(b.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">"), "\(uri)")
            }
        }
        try await client.execute(uri: "/static/style.css", method: .get) { r in
            #expect(r.headers[.contentType] == "text/css; charset=utf-8")
            #expect(body(r).contains("mark.count{"))
        }
    }
}

/// HEAD answers what GET does, headers only.
@Test func headOnEveryGetRoute() async throws {
    let app = try dashboard().application(host: "127.0.0.1", port: 0)
    try await app.test(.live) { client in
        for uri in everyRoute {
            let get = try await client.execute(uri: uri, method: .get) { $0 }
            try await client.execute(uri: uri, method: .head) { r in
                #expect(r.status == get.status, "HEAD \(uri)")
                #expect(r.body.readableBytes == 0, "HEAD \(uri): no body")
                #expect(r.headers[.contentType] == get.headers[.contentType], "HEAD \(uri)")
                #expect(r.headers[.contentLength] == String(get.body.readableBytes), "HEAD \(uri): the GET body's length")
            }
        }
        // On the wire: no byte after the head.
        guard let port = client.port else { Issue.record("no port"); return }
        let raw = await RawConnection.exchange(port: port, send: [Array("HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8)], waitAtMost: 10)
        #expect(raw.text.hasPrefix("HTTP/1.1 200"), "\(raw.text.prefix(200))")
        #expect(raw.text.hasSuffix("\r\n\r\n"), "nothing after the head")
        #expect(raw.closed)
    }
}

/// A request over the limits gets an answer with a body, JSON under /api/.
@Test func oversizedRequestsGetABody() async throws {
    let app = try dashboard().application(host: "127.0.0.1", port: 0)
    try await app.test(.live) { client in
        guard let port = client.port else { Issue.record("no port"); return }
        let long = String(repeating: "a", count: 100 * 1024)
        for (path, api) in [("/api/search?q=" + long, true), ("/search?q=" + long, false)] {
            let raw = await RawConnection.exchange(port: port, send: [Array("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n".utf8)], waitAtMost: 10)
            #expect(raw.text.hasPrefix("HTTP/1.1 431"), "\(raw.text.prefix(200))")
            #expect(raw.text.lowercased().contains("content-security-policy: default-src 'self'"))
            let parts = raw.text.components(separatedBy: "\r\n\r\n")
            let content = parts.dropFirst().joined(separator: "\r\n\r\n")
            #expect(!content.isEmpty, "a body")
            #expect(api ? content.hasPrefix("{\"error\":") : content.contains("href=\"/\""), "\(content.prefix(200))")
            #expect(raw.closed)
        }
        // A header line over the limit.
        let bigHeader = "GET /api/coverage HTTP/1.1\r\nHost: t\r\nX-Filler: \(long)\r\n\r\n"
        let raw = await RawConnection.exchange(port: port, send: [Array(bigHeader.utf8)], waitAtMost: 10)
        #expect(raw.text.hasPrefix("HTTP/1.1 431") && raw.text.contains("{\"error\":"), "\(raw.text.prefix(300))")
        // Not HTTP at all.
        let junk = await RawConnection.exchange(port: port, send: [Array("GARBAGE\r\n\r\n".utf8)], waitAtMost: 10)
        #expect(junk.text.hasPrefix("HTTP/1.1 400") && junk.text.contains("href=\"/\""), "\(junk.text.prefix(300))")
        // A body over the limit: 413 at once, with a body, and the connection ends.
        let upload = await RawConnection.exchange(port: port, send: [Array("POST /api/coverage HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n\r\n".utf8), Array(repeating: UInt8(ascii: "x"), count: 64 * 1024)], waitAtMost: 10)
        #expect(upload.text.hasPrefix("HTTP/1.1 413"), "\(upload.text.prefix(300))")
        #expect(upload.text.contains("{\"error\":") && upload.text.lowercased().contains("connection: close"))
        #expect(upload.closed)
        try await client.execute(uri: "/search?q=x", method: .get, body: ByteBuffer(repeating: 0x78, count: 20_000)) { r in
            expectError(r, .contentTooLarge, api: false, "GET with a 20 kB body")
        }
    }
}

/// Idle connections and requests that never arrive whole are closed within their timeouts.
@Test func idleAndSlowConnectionsAreClosed() async throws {
    var d = try dashboard()
    d.limits.idleTimeout = .milliseconds(400)
    d.limits.requestTimeout = .milliseconds(600)
    try await d.application(host: "127.0.0.1", port: 0).test(.live) { client in
        guard let port = client.port else { Issue.record("no port"); return }
        // Connected, nothing sent.
        let silent = await RawConnection.exchange(port: port, send: [], waitAtMost: 5)
        #expect(silent.closed && silent.bytes.isEmpty)
        #expect(silent.elapsed >= 0.3 && silent.elapsed < 2.5, "closed after \(silent.elapsed) s")
        // Kept alive after an answer, then idle.
        let kept = await RawConnection.exchange(port: port, send: [Array("GET /static/style.css HTTP/1.1\r\nHost: t\r\n\r\n".utf8)], waitAtMost: 5)
        #expect(kept.text.hasPrefix("HTTP/1.1 200") && kept.closed)
        #expect(kept.elapsed >= 0.3 && kept.elapsed < 2.5, "closed after \(kept.elapsed) s")
        // A head sent a byte at a time, never finished.
        let drip = (Array("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "z"), count: 40)).map { [$0] }
        let slow = await RawConnection.exchange(port: port, send: drip, pause: 0.05, waitAtMost: 6)
        #expect(slow.closed, "a head dripping in is cut off")
        #expect(slow.elapsed < 4, "after \(slow.elapsed) s")
        // A body that never comes.
        let stalled = await RawConnection.exchange(port: port, send: [Array("GET /api/coverage HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n".utf8)], waitAtMost: 6)
        #expect(stalled.closed && stalled.elapsed < 3, "closed after \(stalled.elapsed) s")
    }
}

/// A plain TCP client: sends chunks, reads until the server closes or the time is up.
enum RawConnection {
    struct Result: Sendable {
        var bytes: [UInt8] = []
        var closed = false
        var elapsed = 0.0
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func exchange(port: Int, send chunks: [[UInt8]], pause: Double = 0, waitAtMost: Double) async -> Result {
        await withCheckedContinuation { (c: CheckedContinuation<Result, Never>) in
            // A thread of its own: the blocking calls stay off the concurrency pool the server uses.
            Thread { c.resume(returning: run(port: port, chunks: chunks, pause: pause, waitAtMost: waitAtMost)) }.start()
        }
    }

    static func run(port: Int, chunks: [[UInt8]], pause: Double, waitAtMost: Double) -> Result {
        var result = Result()
        let start = Date()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return result }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return result }
        var tv = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        /// Reads what is there; false once the server has closed.
        func drain() -> Bool {
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n > 0 { result.bytes += buffer[0..<n]; continue }
                if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { result.closed = true; return false }
                return true
            }
        }
        for chunk in chunks {
            var sent = 0
            while sent < chunk.count {
                let n = chunk[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            if sent < chunk.count || !drain() { break }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            if Date().timeIntervalSince(start) > waitAtMost { break }
        }
        while !result.closed, Date().timeIntervalSince(start) < waitAtMost { _ = drain() }
        result.elapsed = Date().timeIntervalSince(start)
        return result
    }
}
