import ArgumentParser
import Foundation
import Hummingbird
import VNDashboard
import VNGazetteer
import VNReconcile
import VNStore
import VNText

extension VNFactsCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The press office's dashboard: coverage, units, articles with their facts highlighted, search, and a JSON API.",
            discussion: """
            Read-only over the facts; bound to 127.0.0.1 unless --host says otherwise. Articles \
            ingested while it runs appear on the next request (their coverage roll-ups are built then). \
            Lists take ?page=N, the API also ?limit=&offset=; coverage pages and /api/coverage take \
            ?from=YYYY-MM-DD&to=YYYY-MM-DD.
            Pages: /  /units/{code}  /articles/{id}  /search?q=…   API: /api/coverage  /api/units/{code}
            /api/articles/{id}  /api/search?q=…   (a code or id percent-encoded, `/` as %2F; GET and HEAD)

            Example:
              vnfacts serve --db press.sqlite --tracker tracker.csv --port 8080   # then open http://127.0.0.1:8080/
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The tracker (CSV or .xlsx), for contradictions and timelines.") var tracker: String?
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on.") var port = 8080
        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }
        @Option(help: "Seconds after which a connection with nothing to do is closed (a request's head must arrive within it).") var idleTimeout = 60.0
        @Option(help: "Seconds a request may take to arrive whole once its head has.") var requestTimeout = 30.0

        func validate() throws {
            guard idleTimeout > 0, idleTimeout.isFinite, requestTimeout > 0, requestTimeout.isFinite else {
                throw ValidationError("--idle-timeout and --request-timeout are positive numbers of seconds")
            }
        }

        func run() async throws {
            let s = try store.openForReading()
            let g = try loadGazetteer(gazetteer)
            let t = try tracker.map { try loadTracker($0, gazetteer: g) }
            try rollUp(s, g)
            print("vnfacts dashboard on http://\(host):\(port)/ (store \(store.name)\(s.readOnly ? ", read-only" : "")); Ctrl-C to stop")
            var dashboard = Dashboard(store: s, gazetteer: g, tracker: t)
            dashboard.limits.idleTimeout = .milliseconds(max(1, Int64(min(idleTimeout, 86_400) * 1000)))
            dashboard.limits.requestTimeout = .milliseconds(max(1, Int64(min(requestTimeout, 86_400) * 1000)))
            _ = try dashboard.coverage(from: nil, to: nil)   // the overview's first answer is ready before the first visit
            try await dashboard.application(host: host, port: port).runService()
        }
    }
}
