import Foundation
import VNExtract
import VNInput
#if canImport(Glibc)
import Glibc
#endif

/// How to start a worker process: an executable that runs `WorkerLoop.serve` (for the tool,
/// itself with its hidden `_worker` subcommand and the reading options).
public struct WorkerCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    /// Set in the workers' environment (over this process's own).
    public var environment: [String: String]
    public init(executable: String, arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable; self.arguments = arguments; self.environment = environment
    }

    /// This process's own executable (Linux: `/proc/self/exe`).
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? (CommandLine.arguments.first ?? "vnfacts")
    }
}

/// Extraction in supervised worker processes, one per core. An input that makes its worker die
/// (a trap, a signal) or run past its time limit is reported as `.extractorFailed` with its name
/// and what the worker said; the worker is replaced and the other inputs go on.
///
/// Example:
/// ```swift
/// let engine = SupervisedEngine(command: WorkerCommand(executable: exe, arguments: ["_worker"]), workers: 2)
/// for outcome in engine.run(items) { … }
/// ```
public final class SupervisedEngine: ExtractionEngine, @unchecked Sendable {
    let slots: [WorkerSlot]
    /// Restarts after failures, and failures, for the summary line.
    public var restarts: Int { slots.reduce(0) { $0 + $1.restarts } }

    /// `timeout`: seconds an input may take, from its size in bytes (default 60 s + 10 s per MB).
    public init(command: WorkerCommand, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                timeout: @escaping @Sendable (Int) -> Double = { 60 + Double($0) / 100_000 }) {
        signal(SIGPIPE, SIG_IGN)   // a worker that dies while we write to it is a failed input, not our death
        slots = (0..<max(1, workers)).map { _ in WorkerSlot(command: command, timeout: timeout) }
    }

    deinit { for s in slots { s.stop() } }

    public func run(_ items: [RawItem]) -> [Outcome] {
        let work = SharedQueue(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(slots.count, max(1, items.count))) { w in
            while let k = work.next() { work.set(k, slots[w].process(items[k])) }
        }
        return work.outcomes()
    }
}

/// One worker process and its pipes, used by one thread at a time.
final class WorkerSlot: @unchecked Sendable {
    let command: WorkerCommand
    let timeout: @Sendable (Int) -> Double
    var pid: pid_t = 0
    var requestFD: Int32 = -1, responseFD: Int32 = -1, errorFD: Int32 = -1
    var restarts = 0
    /// The last bytes the worker wrote to its stderr (the runtime's message when it traps).
    var stderrTail: [UInt8] = []

    init(command: WorkerCommand, timeout: @escaping @Sendable (Int) -> Double) {
        self.command = command
        self.timeout = timeout
    }

    func process(_ item: RawItem) -> Outcome {
        // A worker that died between inputs (or never started) is started again first.
        if pid == 0, let why = start() { return failed(item, "could not start a worker process: \(why)") }
        guard let frame = try? Frames.request(item) else { return failed(item, "the input is too large to hand to a worker", kind: .tooLarge) }
        stderrTail.removeAll()
        if !writeAll(requestFD, frame) {
            // It died before reading: once more with a fresh worker.
            _ = collect()
            if let why = start() { return failed(item, "could not start a worker process: \(why)") }
            if !writeAll(requestFD, frame) { return failed(item, "the extractor failed on this article (\(collect()))") }
        }
        let limit = timeout(item.bytes.count)
        let deadline = Date().addingTimeInterval(limit)
        var parser = FrameParser(withStatus: true)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 {
                kill(pid, SIGKILL)
                _ = collect()
                return failed(item, "the extractor failed on this article: it did not finish within \(Int(limit)) s and was stopped")
            }
            var fds = [pollfd(fd: responseFD, events: Int16(POLLIN), revents: 0), pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)]
            let rc = poll(&fds, nfds_t(fds.count), Int32(min(left * 1000, 1000)) + 1)
            if rc < 0 { if errno == EINTR { continue }; break }
            if fds[1].revents != 0 { drainStderr(&chunk) }
            if fds[0].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(responseFD, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }   // the worker is gone
                parser.buffer.append(contentsOf: chunk[0..<n])
                do {
                    if let f = try parser.next() {
                        if let o = try? Frames.decodeResponse(status: f.status, header: f.header, body: f.body) { return o }
                        kill(pid, SIGKILL)
                        _ = collect()
                        return failed(item, "the extractor failed on this article: its worker answered something unreadable")
                    }
                } catch {
                    kill(pid, SIGKILL)
                    _ = collect()
                    return failed(item, "the extractor failed on this article: \(error)")
                }
            }
        }
        return failed(item, "the extractor failed on this article (\(collect()))")
    }

    func failed(_ item: RawItem, _ reason: String, kind: InputFailure.Kind = .extractorFailed) -> Outcome {
        .failed(InputFailure(path: item.name, reason: reason, kind: kind, hash: item.hash))
    }

    private func drainStderr(_ chunk: inout [UInt8]) {
        let n = chunk.withUnsafeMutableBytes { read(errorFD, $0.baseAddress, $0.count) }
        guard n > 0 else { return }
        stderrTail.append(contentsOf: chunk[0..<n])
        if stderrTail.count > 8192 { stderrTail.removeFirst(stderrTail.count - 8192) }
    }

    /// Reaps the worker after it died or was killed: what it said and how it ended.
    func collect() -> String {
        guard pid != 0 else { return "no worker" }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // What is left in its stderr (it is closed once the process is gone).
        var fds = [pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)]
        var rounds = 0
        while rounds < 64, poll(&fds, 1, 200) > 0, fds[0].revents & Int16(POLLIN) != 0 {
            let before = stderrTail.count
            drainStderr(&chunk)
            if stderrTail.count == before { break }
            rounds += 1
        }
        var status: Int32 = 0
        var waited = waitpid(pid, &status, WNOHANG)
        if waited == 0 {
            kill(pid, SIGKILL)
            waited = waitpid(pid, &status, 0)
        }
        let how: String
        if waited == pid, status & 0x7F != 0 {
            let sig = status & 0x7F
            how = "the worker was killed by signal \(sig)\(WorkerSlot.signalName(sig).map { " (\($0))" } ?? "")"
        } else if waited == pid {
            how = "the worker exited with status \((status >> 8) & 0xFF)"
        } else {
            how = "the worker is gone"
        }
        closeAll()
        restarts += 1
        let said = WorkerSlot.message(in: stderrTail)
        return said.map { "\($0); \(how)" } ?? how
    }

    /// The runtime's one-line reason from a worker's stderr ("Fatal error: Index out of range").
    static func message(in tail: [UInt8]) -> String? {
        let lines = String(decoding: tail, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.first { $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("error:") } ?? lines.last
        return line.map { String($0.prefix(300)) }
    }

    static func signalName(_ s: Int32) -> String? {
        switch s {
        case SIGILL: "SIGILL, a Swift runtime trap"
        case SIGTRAP: "SIGTRAP, a runtime trap"
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGABRT: "SIGABRT"
        case SIGKILL: "SIGKILL"
        case SIGFPE: "SIGFPE"
        default: nil
        }
    }

    /// Pipes and spawns one at a time: a descriptor is marked close-on-exec before any other
    /// worker is spawned, so no worker inherits another's pipes (which would hide its death).
    static let spawnLock = NSLock()

    /// A pipe whose two ends are closed in spawned processes (unless dup'ed onto 0–3).
    static func pipeCloseOnExec() -> [Int32]? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// Starts the worker; nil on success, else why not.
    func start() -> String? {
        WorkerSlot.spawnLock.lock()
        defer { WorkerSlot.spawnLock.unlock() }
        guard let req = WorkerSlot.pipeCloseOnExec() else { return String(cString: strerror(errno)) }
        guard let resp = WorkerSlot.pipeCloseOnExec() else { for f in req { close(f) }; return String(cString: strerror(errno)) }
        guard let err = WorkerSlot.pipeCloseOnExec() else { for f in req + resp { close(f) }; return String(cString: strerror(errno)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, req[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        posix_spawn_file_actions_adddup2(&actions, resp[1], WorkerLoop.responseDescriptor)
        var env = ProcessInfo.processInfo.environment.merging(command.environment) { _, given in given }
        env["SWIFT_BACKTRACE"] = "enable=no"   // the one-line reason is enough, and a backtrace takes seconds
        let argv = [command.executable] + command.arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var child: pid_t = 0
        let rc = cArgs.withUnsafeBufferPointer { a -> Int32 in
            cEnv.withUnsafeBufferPointer { e -> Int32 in
                guard let av = a.baseAddress, let ev = e.baseAddress else { return EINVAL }
                return posix_spawn(&child, command.executable, &actions, nil, av, ev)
            }
        }
        close(req[0]); close(resp[1]); close(err[1])
        guard rc == 0 else {
            close(req[1]); close(resp[0]); close(err[0])
            return "\(command.executable): \(String(cString: strerror(rc)))"
        }
        pid = child
        requestFD = req[1]; responseFD = resp[0]; errorFD = err[0]
        return nil
    }

    private func closeAll() {
        for fd in [requestFD, responseFD, errorFD] where fd >= 0 { close(fd) }
        requestFD = -1; responseFD = -1; errorFD = -1
        pid = 0
    }

    /// Ends the worker: closing its input ends its loop; one that does not end is killed.
    func stop() {
        guard pid != 0 else { return }
        close(requestFD)
        requestFD = -1
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { closeAll(); return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        closeAll()
    }
}
