/// A sandbox started once per test process, by the first test that asks, and shared by every
/// test that asks the same value afterwards: one `static let` per fixture a suite needs.
///
/// ```swift
/// static let sandbox = SharedSandbox(fixture: LoginFixture.fixture, tls: true)
/// let running = try await Self.sandbox.get()
/// ```
/// Every caller gets the same sandbox, or the same start-up error. It stops when the test process
/// exits (its stdin pipe closes); tests that change it (faults, users) undo what they change.
public actor SharedSandbox {
    private let fixture: SandboxFixture
    private let tls: Bool
    private let extraArguments: [String]
    private var starting: Task<SandboxProcess, any Error>?

    public init(fixture: SandboxFixture, tls: Bool = false, extraArguments: [String] = []) {
        self.fixture = fixture
        self.tls = tls
        self.extraArguments = extraArguments
    }

    /// The running sandbox, started on the first call.
    public func get() async throws -> SandboxProcess {
        if let starting { return try await starting.value }
        let (fixture, tls, extraArguments) = (self.fixture, self.tls, self.extraArguments)
        let task = Task { try await SandboxProcess.start(fixture: fixture, tls: tls, extraArguments: extraArguments) }
        starting = task
        return try await task.value
    }
}
