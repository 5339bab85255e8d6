import Foundation
import Testing
@testable import VNStore

/// The store backends every store test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// Why a PostgreSQL test cannot run: it fails with this rather than passing unseen.
struct PostgresTestSetupError: Error, CustomStringConvertible {
    var description: String
}

/// A fresh, empty store for one test: an SQLite file in the test's folder, or a new database with
/// a random name on the PostgreSQL server that `VNFACTS_TEST_POSTGRES` names (a postgres:// URL of
/// a user allowed to create databases; `Scripts/test` starts a throwaway server and sets it).
/// `drop()` removes the database.
///
/// Without `VNFACTS_TEST_POSTGRES` the PostgreSQL variants fail, saying how to run them, unless
/// `VNFACTS_SKIP_POSTGRES=1` is set: then `init` returns nil and the test does nothing.
final class TestDatabase: Sendable {
    let backend: Backend
    /// What `--db` and `openStore` take.
    let location: String
    let name: String?
    let server: String?

    static var postgresSkipped: Bool { ProcessInfo.processInfo.environment["VNFACTS_SKIP_POSTGRES"] == "1" }

    /// The test server's URL, or an error saying how to get one.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VNFACTS_TEST_POSTGRES"], !url.isEmpty else {
            throw PostgresTestSetupError(description: """
                VNFACTS_TEST_POSTGRES is not set, so the PostgreSQL store tests cannot run. Run the tests with \
                Scripts/test (or .ci/run), which starts a throwaway PostgreSQL server and sets it; or set \
                VNFACTS_TEST_POSTGRES=postgres://user:password@127.0.0.1:PORT/db (a user that may create databases); \
                or set VNFACTS_SKIP_POSTGRES=1 to test the SQLite store only.
                """)
        }
        return url
    }

    init?(_ backend: Backend, in dir: URL) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            location = dir.appendingPathComponent("store-\(UUID().uuidString.prefix(8)).sqlite").path
            name = nil; server = nil
        case .postgres:
            if Self.postgresSkipped { return nil }
            let server = try Self.serverURL()
            let name = "vnfacts_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try PGConnection(PostgresURL(server))
            defer { admin.close() }
            try admin.execute("CREATE DATABASE \(name)")
            guard var c = URLComponents(string: server) else { throw PostgresTestSetupError(description: "not a URL: \(server)") }
            c.path = "/" + name
            location = c.string!
            self.name = name
            self.server = server
        }
    }

    /// Drops the test's database (closing what is still connected to it).
    func drop() {
        guard let name, let server, let admin = try? PGConnection(PostgresURL(server)) else { return }
        defer { admin.close() }
        do { try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } catch {
            Issue.record("could not drop the test database \(name): \(error)")
        }
    }
}
