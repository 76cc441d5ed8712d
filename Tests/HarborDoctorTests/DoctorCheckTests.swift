import Foundation
import HarborCore
import HarborCredentials
import HarborDoctor
import HarborRegistry
import Testing

/// Each doctor check judged on facts chosen by the test: the lines a user sees for each situation.
struct DoctorCheckTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func facts(host: String = "registry-acme.devops.t-systems.net", environment: [String: String] = [:], project: String? = nil) -> DoctorFacts {
        DoctorFacts(
            instance: Instance(host: host, customer: "acme"), now: now, environment: ProcessEnvironment(variables: environment, homeDirectory: "/nonexistent"),
            defaultProject: project)
    }

    static func answered(scheme: HarborEndpoint.Scheme = .https, date: Date? = now, challenge: String?, contentType: String? = "application/json") -> DoctorFacts.RegistryReach {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return .answered(.init(status: 401, scheme: scheme, date: date.map(formatter.string(from:)), challenge: challenge, contentType: contentType))
    }

    static let alice = ResolvedCredential(username: "alice", secret: "s3cret", source: .docker(.file("/home/a/.docker/config.json")))

    // MARK: clock

    @Test(arguments: [(0.0, DoctorStatus.ok), (25, .ok), (-120, .warning), (3600, .failure), (-3600, .failure)])
    func clockSkewIsJudgedByItsSize(skew: Double, expected: DoctorStatus) {
        var facts = Self.facts()
        facts.registry = Self.answered(date: Self.now.addingTimeInterval(-skew), challenge: nil)
        let finding = ClockSkewCheck().evaluate(facts)
        #expect(finding.status == expected, "\(finding)")
        if expected != .ok { #expect(finding.fix?.contains("NTP") == true) }
    }

    @Test func clockSaysAheadOrBehind() {
        var facts = Self.facts()
        facts.registry = Self.answered(date: Self.now.addingTimeInterval(600), challenge: nil)
        #expect(ClockSkewCheck().evaluate(facts).summary.contains("10 min behind"))
        facts.registry = Self.answered(date: Self.now.addingTimeInterval(-600), challenge: nil)
        #expect(ClockSkewCheck().evaluate(facts).summary.contains("10 min ahead of"))
    }

    @Test func unreadableDateIsAWarning() {
        var facts = Self.facts()
        facts.registry = Self.answered(date: nil, challenge: nil)
        #expect(ClockSkewCheck().evaluate(facts).status == .warning)
    }

    // MARK: realm

    @Test func sameHostHTTPSRealmIsOK() {
        var facts = Self.facts()
        facts.registry = Self.answered(challenge: #"Bearer realm="https://registry-acme.devops.t-systems.net/service/token",service="harbor-registry""#)
        #expect(TokenRealmCheck().evaluate(facts).status == .ok)
    }

    @Test func plainHTTPRealmBehindHTTPSNamesExternalURL() {
        var facts = Self.facts()
        facts.registry = Self.answered(challenge: #"Bearer realm="http://registry-acme.devops.t-systems.net/service/token",service="harbor-registry""#)
        let finding = TokenRealmCheck().evaluate(facts)
        #expect(finding.status == .failure)
        #expect(finding.fix?.contains("external_url") == true && finding.fix?.contains("https://registry-acme.devops.t-systems.net") == true)
    }

    @Test func realmOnAnotherHostFails() {
        var facts = Self.facts()
        facts.registry = Self.answered(challenge: #"Bearer realm="https://harbor-core.internal:8443/service/token",service="harbor-registry""#)
        let finding = TokenRealmCheck().evaluate(facts)
        #expect(finding.status == .failure && finding.summary.contains("another host"))
        #expect(finding.fix?.contains("harbor-core.internal:8443") == true)
    }

    @Test func defaultPortInTheRealmIsTheSameHost() {
        var facts = Self.facts()
        facts.registry = Self.answered(challenge: #"Bearer realm="https://registry-acme.devops.t-systems.net:443/service/token""#)
        #expect(TokenRealmCheck().evaluate(facts).status == .ok)
    }

    // MARK: answer

    @Test func htmlWhereJSONWasExpectedNamesAProxyOrLoginPage() {
        var facts = Self.facts()
        facts.registry = Self.answered(challenge: nil)
        facts.systemInfo = .answered(status: 200, contentType: "text/plain", body: Array("\n  <!DOCTYPE html><html>".utf8))
        let finding = AnswerFormatCheck().evaluate(facts)
        #expect(finding.status == .failure && finding.summary.contains("a proxy or login page answered"))
        facts.systemInfo = .answered(status: 200, contentType: "application/json", body: Array(#"{"harbor_version":"v2.7.0"}"#.utf8))
        #expect(AnswerFormatCheck().evaluate(facts).status == .ok)
    }

    // MARK: proxy

    @Test func deadProxyIsBlamedOnTheProxyLine() {
        var facts = Self.facts()
        facts.proxy = .proxy(ProxyServer(host: "proxy.corp", port: 3128), variable: "HTTPS_PROXY")
        facts.registry = .failed(.proxyFailure(proxy: "http://proxy.corp:3128", host: "registry-acme.devops.t-systems.net", reason: "connection refused"))
        let finding = ProxyCheck().evaluate(facts)
        #expect(finding.status == .failure && finding.summary.contains("HTTPS_PROXY"))
        facts.addresses = .failed("Name or service not known")
        #expect(HostResolutionCheck().evaluate(facts).status == .warning)
        facts.proxy = .direct(reason: "no HTTPS_PROXY is set")
        #expect(HostResolutionCheck().evaluate(facts).status == .failure)
    }

    // MARK: credentials and the tools

    @Test func rejectedPersonalSecretGetsTheThirtyDayAdvice() {
        var facts = Self.facts()
        facts.credential = .found(Self.alice)
        facts.lastWorked = Self.now.addingTimeInterval(-31 * 86_400)
        facts.verification = .rejected
        let finding = CredentialCheck().evaluate(facts)
        #expect(finding.status == .failure && finding.summary.contains("31 days ago"))
        #expect(finding.fix?.contains("30 days") == true && finding.fix?.contains("docker harbor login registry-acme.devops.t-systems.net -u alice") == true)
        #expect(!finding.summary.contains("s3cret") && finding.fix?.contains("s3cret") == false)
    }

    @Test func acceptedButOldSecretWarns() {
        var facts = Self.facts()
        facts.credential = .found(Self.alice)
        facts.lastWorked = Self.now.addingTimeInterval(-27 * 86_400)
        facts.verification = .accepted
        #expect(CredentialCheck().evaluate(facts).status == .warning)
        facts.lastWorked = Self.now.addingTimeInterval(-2 * 86_400)
        #expect(CredentialCheck().evaluate(facts).status == .ok)
    }

    @Test func helmEntryWithAnotherLoginShadowsDockers() {
        var facts = Self.facts()
        facts.credential = .found(Self.alice)
        facts.helmStore = .store(location: "/home/a/.config/helm/registry/config.json", username: "bob", sameSecret: false)
        let finding = HelmLoginCheck().evaluate(facts)
        #expect(finding.status == .failure && finding.summary.contains("as bob"))
        facts.helmStore = .store(location: "/home/a/.config/helm/registry/config.json", username: "alice", sameSecret: false)
        #expect(HelmLoginCheck().evaluate(facts).summary.contains("another secret for alice"))
        facts.helmStore = .store(location: "/home/a/.config/helm/registry/config.json", username: nil, sameSecret: false)
        #expect(HelmLoginCheck().evaluate(facts).status == .ok)
    }

    @Test func pipelineVariablesDockerCannotSeeAreAWarning() {
        var facts = Self.facts()
        facts.credential = .found(ResolvedCredential(username: "robot$pkey+ci", secret: "x", source: .pipeline(secretVariable: "HARBOR_CLI_SECRET")))
        facts.dockerStore = .store(location: "auths in /home/a/.docker/config.json", username: nil, sameSecret: false)
        let finding = DockerLoginCheck().evaluate(facts)
        #expect(finding.status == .warning && finding.fix?.contains("--helper") == true)
    }

    // MARK: role

    @Test func roleLines() {
        var facts = Self.facts(project: "pkey")
        facts.credential = .found(Self.alice)
        facts.projectRole = .member(.developer)
        #expect(ProjectRoleCheck().evaluate(facts).status == .ok)
        facts.projectRole = .notMember(isPublic: true)
        #expect(ProjectRoleCheck().evaluate(facts).status == .failure)
        facts.projectRole = .notListed
        #expect(ProjectRoleCheck().evaluate(facts).status == .failure)
        facts.defaultProject = nil
        #expect(ProjectRoleCheck().evaluate(facts).status == .ok)
    }

    @Test func findingsOfOKLinesCarryNoFix() {
        #expect(DoctorFinding(check: "x", status: .ok, summary: "fine", fix: "nothing").fix == nil)
        #expect(DoctorChecks.all.map(\.key) == ["instance", "proxy", "tls", "clock", "realm", "answer", "version", "credentials", "docker", "helm", "role"])
    }
}
