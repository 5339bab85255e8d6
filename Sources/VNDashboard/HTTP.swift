import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import VNText

/// The limits a dashboard server keeps to.
public struct ServerLimits: Sendable {
    /// A connection with no request in progress is closed after this long (a new connection
    /// too, so a request's head must arrive within it).
    public var idleTimeout: Duration = .seconds(60)
    /// A request whose head has arrived must arrive whole (its body) within this long, else the
    /// connection is closed (after a 408 when nothing was answered yet).
    public var requestTimeout: Duration = .seconds(30)
    /// The largest request body taken (by Content-Length): every route is read-only.
    public var maxBodyBytes = 16 * 1024
    public init() {}
}

/// One route of the dashboard, from the path's segments: literal segments are compared as they
/// come, a parameter segment is percent-decoded (so `%2F` is a `/` inside an id).
enum Route {
    case overview, search, stylesheet
    case unit(String), article(String)
    case apiCoverage, apiSearch
    case apiUnit(String), apiArticle(String)

    /// The route of a raw path (as the request line has it); nil when none matches. A unit or
    /// article may also be named by `?id=` on `/units`, `/articles` and their API routes (the
    /// links use that for the ids "." and "..").
    static func match(_ path: String, id: String?) throws(RouteError) -> Route? {
        guard path.hasPrefix("/") else { return nil }
        let s = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        func param(_ i: Int) throws(RouteError) -> String {
            guard let v = URLText.decode(s[i]) else { throw RouteError.malformedPath }
            return v
        }
        switch s.count {
        case 1:
            switch s[0] {
            case "": return .overview
            case "search": return .search
            case "units": return id.map { .unit($0) }
            case "articles": return id.map { .article($0) }
            default: return nil
            }
        case 2:
            switch (s[0], s[1]) {
            case ("units", _): return .unit(try param(1))
            case ("articles", _): return .article(try param(1))
            case ("static", "style.css"): return .stylesheet
            case ("api", "coverage"): return .apiCoverage
            case ("api", "search"): return .apiSearch
            case ("api", "units"): return id.map { .apiUnit($0) }
            case ("api", "articles"): return id.map { .apiArticle($0) }
            default: return nil
            }
        case 3:
            switch (s[0], s[1]) {
            case ("api", "units"): return .apiUnit(try param(2))
            case ("api", "articles"): return .apiArticle(try param(2))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Whether a raw path is the API's: its errors are JSON.
    static func isAPI(_ path: Substring) -> Bool { path == "/api" || path.hasPrefix("/api/") }
}

enum RouteError: Error { case malformedPath }

extension Dashboard {
    /// Headers on every response: pages, API, stylesheet and errors alike.
    static let securityHeaders: HTTPFields = {
        var h = HTTPFields()
        h[.contentSecurityPolicy] = "default-src 'self'"
        h[.xContentTypeOptions] = "nosniff"
        if let n = HTTPField.Name("Referrer-Policy") { h[n] = "no-referrer" }
        if let n = HTTPField.Name("X-Frame-Options") { h[n] = "DENY" }
        return h
    }()

    /// An error's headers and body: `{"error": message}` under `/api/`, else a page that says
    /// it and links home. Never empty.
    static func errorContent(_ status: HTTPResponse.Status, _ message: String, api: Bool) -> (HTTPFields, ByteBuffer) {
        var headers = securityHeaders
        let text: String
        if api {
            headers[.contentType] = "application/json; charset=utf-8"
            text = JSONValue.object([("error", .string(message))]).serialized() + "\n"
        } else {
            headers[.contentType] = "text/html; charset=utf-8"
            // Before the route is known, in both languages.
            text = Page.document("<h1>\(status.code) \(esc(status.reasonPhrase))</h1><p>\(esc(message))</p><p><a href=\"/\">\(Words.vi.home) (\(Words.en.home))</a></p>",
                                 title: status.reasonPhrase, words: .vi)
        }
        let body = ByteBuffer(string: text)
        headers[.contentLength] = String(body.readableBytes)
        return (headers, body)
    }

    static func errorResponse(_ status: HTTPResponse.Status, _ message: String, api: Bool) -> Response {
        let (headers, body) = errorContent(status, message, api: api)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The answer to a request, before the security headers are added.
    func respond(_ request: Request) throws -> Response {
        let path = request.uri.path
        let api = Route.isAPI(path[...])
        if let length = request.headers[.contentLength], (Int(length) ?? Int.max) > limits.maxBodyBytes {
            var r = Dashboard.errorResponse(.contentTooLarge, "a request body is at most \(limits.maxBodyBytes) bytes (every route is read-only)", api: api)
            r.headers[.connection] = "close"
            return r
        }
        let q = Query(request.uri.query, cookie: request.headers[.cookie])
        let route: Route?
        do { route = try Route.match(path, id: q.id) } catch {
            return Dashboard.errorResponse(.badRequest, "the path is not percent-encoded UTF-8", api: api)
        }
        guard let route else {
            let message = ["/units", "/articles", "/api/units", "/api/articles"].contains(path) ? "\(path) needs an id: \(path)/{id} or \(path)?id=…" : "nothing at \(path)"
            return Dashboard.errorResponse(.notFound, message, api: api)
        }
        guard request.method == .get || request.method == .head else {
            var r = Dashboard.errorResponse(.methodNotAllowed, "\(request.method.rawValue) is not allowed here: the dashboard only reads (GET, HEAD)", api: api)
            r.headers[.allow] = "GET, HEAD"
            return r
        }
        if let e = q.error { return Dashboard.errorResponse(.badRequest, e, api: api) }
        var response = try answer(route, q)
        if q.langChosen, !api { response.headers[.setCookie] = "vnfacts_lang=\(q.lang.rawValue); Path=/; Max-Age=31536000; SameSite=Strict" }
        return response
    }

    func answer(_ route: Route, _ q: Query) throws -> Response {
        switch route {
        case .overview: return try overview(q)
        case .search: return try search(q)
        case .stylesheet: return Page.stylesheetResponse()
        case .unit(let code): return try unit(code, q)
        case .article(let id): return try article(id, q)
        case .apiCoverage: return try coverageJSON(q)
        case .apiSearch: return try searchJSON(q)
        case .apiUnit(let code): return try unitJSON(code, q)
        case .apiArticle(let id): return try articleJSON(id)
        }
    }

    /// The server: HTTP/1.1 with the limits, answering through `DashboardResponder`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        let limits = self.limits
        let requestTimeout = TimeAmount(limits.requestTimeout)
        let server = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuard(requestTimeout: requestTimeout)],
            idleTimeout: TimeAmount(limits.idleTimeout)))
        return Application(responder: DashboardResponder(dashboard: self), server: server,
                           configuration: .init(address: .hostname(host, port: port), serverName: "vnfacts"))
    }
}

/// Answers every request: the route's page or JSON, an error in the route's format (JSON under
/// `/api/`) for anything else, the security headers on all of them, and for HEAD the GET
/// answer's headers without its body.
public struct DashboardResponder: HTTPResponder {
    public typealias Context = BasicRequestContext
    let dashboard: Dashboard

    public func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        do {
            response = try dashboard.respond(request)
        } catch {
            context.logger.error("dashboard: \(request.method) \(request.uri.path): \(error)")
            response = Dashboard.errorResponse(.internalServerError, "the dashboard could not answer (the server's log says why)", api: Route.isAPI(request.uri.path[...]))
        }
        for field in Dashboard.securityHeaders { response.headers[field.name] = field.value }
        return request.method == .head ? response.createHeadResponse() : response
    }
}

/// Inspects the raw bytes of a connection for the start of a request line, so an answer to a
/// request HTTP could not parse (no head to read its path from) is JSON when it was for the API.
final class RequestLineSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    /// Whether the latest request line seen was for `/api/`.
    var api = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let target = RequestLineSniffer.target(buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 64)) ?? []) {
            api = Route.isAPI(target[...])
        }
        context.fireChannelRead(data)
    }

    /// The request target's beginning when the bytes start a request line ("GET /api/…").
    static func target(_ bytes: [UInt8]) -> String? {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), space > 0, space <= 20,
              bytes[..<space].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return nil }
        let rest = bytes[(space + 1)...].prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "\r") }
        return String(decoding: rest, as: UTF8.self)
    }
}

/// Per connection, after the HTTP codec: answers a request HTTP could not parse (400, or 431
/// for headers over the limits) with a body instead of an empty 400; closes a connection whose
/// request does not arrive whole within the request timeout (408 when nothing was answered yet);
/// ends the connection after a response that says `Connection: close` (an oversized body is not
/// read on).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let requestTimeout: TimeAmount
    let sniffer = RequestLineSniffer()
    private var timer: Scheduled<Void>?
    /// A request's head has arrived and its end not yet.
    private var requestInProgress = false
    private var requestIsAPI = false
    /// A response's head was written for the request in progress.
    private var answered = false
    /// A response's head was written and its end not yet.
    private var responding = false
    private var closeAfterResponse = false
    private var closing = false

    init(requestTimeout: TimeAmount) { self.requestTimeout = requestTimeout }

    func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(sniffer, position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel(); timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel(); timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Once answered for good, what the client still sends is dropped (the rest of an
        // oversized body, the parts of a request that could not be read).
        if closing { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestInProgress = true
            answered = false
            requestIsAPI = Route.isAPI((head.path ?? "/")[...])
            timer?.cancel()
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) { [self] in
                timer = nil
                requestTimedOut(context: context)
            }
        case .body:
            break
        case .end:
            requestInProgress = false
            timer?.cancel(); timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            responding = true
            answered = true
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            responding = false
            guard closeAfterResponse else { context.write(data, promise: promise); return }
            let written = promise ?? context.eventLoop.makePromise()
            context.writeAndFlush(data, promise: written)
            closeWhenWritten(written.futureResult, context: context, linger: requestInProgress)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once closing, what the decoder still says about the bytes that follow is moot.
        if closing { return }
        let status: HTTPResponse.Status
        switch error {
        case let e as HTTPParserError where e == .headerOverflow: status = .requestHeaderFieldsTooLarge
        case is HTTPParserError, is HTTP1TypeConversionError: status = .badRequest
        default: context.fireErrorCaught(error); return
        }
        guard !responding else { closing = true; context.close(promise: nil); return }
        let message = status == .badRequest ? "the request is not well-formed HTTP/1.1"
            : "the request's line and headers are over the server's limit (80 KiB)"
        answer(context: context, status: status, message: message, api: sniffer.api)
    }

    private func requestTimedOut(context: ChannelHandlerContext) {
        guard requestInProgress else { return }
        if answered || responding || closing {
            closing = true
            context.close(promise: nil)
        } else {
            answer(context: context, status: .requestTimeout, message: "the request did not arrive whole within \(requestTimeout.nanoseconds / 1_000_000) ms", api: requestIsAPI)
        }
    }

    /// Writes an error response of its own, then closes the connection.
    private func answer(context: ChannelHandlerContext, status: HTTPResponse.Status, message: String, api: Bool) {
        closing = true
        var (headers, body) = Dashboard.errorContent(status, message, api: api)
        headers[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        closeWhenWritten(written.futureResult, context: context, linger: true)
    }

    /// Closes once a response is written: at once when nothing more is coming; else (`linger`)
    /// the output first, so the client reads the answer before it sees the connection end, and
    /// the rest a moment later (closing on bytes not read yet would reset the connection, and
    /// the client could lose the answer).
    private func closeWhenWritten(_ future: EventLoopFuture<Void>, context: ChannelHandlerContext, linger: Bool) {
        closing = true
        let lingerTime = min(requestTimeout, .seconds(2))
        future.assumeIsolated().whenComplete { _ in
            guard linger else { context.close(promise: nil); return }
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: lingerTime) { context.close(promise: nil) }
        }
    }
}
