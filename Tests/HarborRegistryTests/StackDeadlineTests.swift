import HarborCore
import HarborRegistry
import NIOCore
import Testing

/// One deadline per command: the stack sets it once from `--timeout`, and the bottom layer and
/// every client above the stack use that same instant.
struct StackDeadlineTests {
    struct Unused: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw CancellationError() }
    }

    static let environment = ProcessEnvironment(variables: [:], homeDirectory: "/nonexistent")

    @Test func theTimeoutSetsTheStacksDeadlineOnce() throws {
        let before = NIODeadline.now()
        let connection = InstanceConnection(instance: Instance(host: "harbor.example.com"), timeout: .seconds(5), environment: Self.environment)
        let stack = TransportStack(connection: connection, bottom: Unused())
        let after = NIODeadline.now()
        let deadline = try #require(stack.deadline)
        #expect(deadline >= before + .seconds(5) && deadline <= after + .seconds(5))
    }

    @Test func noTimeoutNoDeadline() {
        let connection = InstanceConnection(instance: Instance(host: "harbor.example.com"), environment: Self.environment)
        #expect(TransportStack(connection: connection, bottom: Unused()).deadline == nil)
    }

    @Test func theNetworkLayerStopsAtTheDeadlineItIsGiven() throws {
        let deadline = NIODeadline.now() + .seconds(9)
        let connection = InstanceConnection(instance: Instance(host: "harbor.example.com"), timeout: .seconds(9), environment: Self.environment)
        let bottom = try TransportStack.network(for: connection, deadline: deadline)
        #expect(bottom.settings.deadline == deadline)
        #expect(bottom.settings.commandTimeout == .seconds(9))
    }
}
