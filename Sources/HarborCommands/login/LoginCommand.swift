import ArgumentParser
import Foundation
import HarborCore
import HarborCompletion
import HarborCredentials
import HarborRegistry

/// `docker harbor login` / `helm harbor login`: checks a username and CLI secret against
/// Harbor, then stores them where docker and Helm look, so that `docker pull/push`,
/// `helm pull/push/install oci://…` and both plugins just work.
struct LoginCommand: AsyncParsableCommand, CompletionDescribing {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to Harbor for Docker and Helm with a CLI secret",
        discussion: """
            Use your Harbor username and the CLI secret from the Harbor UI (User Profile → CLI \
            secret); the DevOps portal password does not work on the command line. The secret \
            is checked against Harbor before anything is stored, then stored once, where \
            `docker login` would: the credential helper config.json names, else docker's \
            default helper (pass, secretservice, osxkeychain), else config.json. Helm reads \
            docker's store, so Helm's registry config gets no copy (except with --helm-only).

            The secret is read, in this order, from --password-stdin, --password, \
            HARBOR_USERNAME with HARBOR_CLI_SECRET (or HARBOR_PASSWORD), or a prompt.

            Pipelines should use the project's robot account (doaas-PKEY+NAME or robot$PKEY+NAME), \
            never a personal secret.
            """
    )

    @OptionGroup var options: InstanceOptions

    @Option(name: [.short, .long], help: "Harbor username, or a robot account's full name.")
    var username: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The secret (insecure: it shows in the process list; prefer --password-stdin).", visibility: .default))
    var password: String?

    @Flag(help: "Read the secret from stdin.")
    var passwordStdin = false

    @Flag(help: "Store the credentials for docker only, not for Helm.")
    var dockerOnly = false

    @Flag(help: "Store the credentials for Helm only, not for docker.")
    var helmOnly = false

    @Flag(help: "Where config.json names no credential store, keep the secret there in plain text instead of docker's default helper (also: config set store file).")
    var fileStore = false

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "If the secret is rejected, open the Harbor web UI to log in there.")
    var open = false

    @Flag(help: "In a pipeline, refuse personal accounts instead of warning (also HARBOR_STRICT_CI=1).")
    var strict = false

    @Flag(help: "Let docker and Helm ask docker-credential-harbor for this host; with HARBOR_USERNAME and HARBOR_CLI_SECRET nothing secret is written.")
    var helper = false

    static func completePositional(_ index: Int, prefix: String, context: CommandContext) -> CompletionResult {
        guard index == 0 else { return CompletionResult([]) }
        return context.completeInstances(prefix)
    }

    func validate() throws {
        if dockerOnly && helmOnly { throw ValidationError("--docker-only and --helm-only exclude each other") }
    }

    func run() async throws {
        let context = CommandContext.current
        let output = context.output
        let settings = try context.settings()
        let instance = try InstanceArgument.resolve(options.instance, context: context, settings: settings)
        let host = instance.host
        // An explicit http:// is honoured only where a secret cannot cross a network: loopback.
        if options.instance?.lowercased().hasPrefix("http://") == true, !instance.isLoopback {
            throw CommandFailure("cannot log in to \(host)", TransportError.plainHTTPRefused(host: host))
        }
        // `robot$pkey+ci` unquoted reaches us as `robot+ci`: say so before anything is asked or sent.
        if let username { try refuseShellMangledRobotName(username, settings: settings, context: context) }
        let targets = context.credentialPlacement(docker: !helmOnly, helm: !dockerOnly, fileStore: fileStore || settings.storeInFile)
        do {
            try targets.preflight(host: host)
        } catch {
            throw CredentialChainFailure.failure(error)
        }

        let answer = try LoginSecretSource(
            context: context, usernameFlag: username, passwordFlag: password, passwordStdin: passwordStdin,
            storedUsername: { targets.storedUsername(for: host) }
        ).resolve(host: host)
        try refuseShellMangledRobotName(answer.username, settings: settings, context: context)
        let account = AccountKind(username: answer.username, robotPrefixes: settings.robotPrefixes)

        // Pipelines must use robot accounts.
        if let system = CIEnvironment.detect(context.environment), !account.isRobot {
            let strictMode = strict || context.environment["HARBOR_STRICT_CI"] == "1"
            let advice = "use the project's robot account the DevOps portal injects (e.g. doaas-PKEY+jenkins-push-harbor, or robot$PKEY+NAME)"
            if strictMode {
                throw CommandFailure("refusing to log in \(answer.username), a personal account, in \(system)", hint: "personal CLI secrets must not be used in pipelines: \(advice)", exitCode: .pipelinePolicy)
            }
            output.printError("Warning: this looks like \(system), and \(answer.username) is a personal account. Personal CLI secrets must not be used in pipelines: \(advice).")
        }

        let credentials = BasicCredentials(username: answer.username, secret: answer.secret)
        let stack = try InstanceSession.open(for: instance, credentials: credentials, caFile: options.caFile, timeout: options.timeout, context: context, doing: "cannot log in to \(host)")
        // With --helper and the secret in the environment, the helper answers docker from the
        // environment: nothing to store.
        let secretInEnvironment = helper && answer.origin.hasPrefix("HARBOR_") && answer.username == PipelineCredentials(context.environment).username
        try await stack.use { stack in
            try await login(credentials, account: account, instance: instance, targets: targets, storeSecret: !secretInEnvironment, stack: stack, context: context)
        }
    }

    private func refuseShellMangledRobotName(_ username: String, settings: EffectiveSettings, context: CommandContext) throws {
        if let hint = AccountKind.shellMangledRobotHint(username, robotPrefixes: settings.robotPrefixes) {
            throw CommandFailure(hint.message, hint: hint.fix, exitCode: .usage)
        }
    }

    private func login(_ credentials: BasicCredentials, account: AccountKind, instance: Instance, targets: CredentialPlacement, storeSecret: Bool, stack: TransportStack, context: CommandContext) async throws {
        let host = instance.host
        let output = context.output
        let freshness = CredentialFreshnessFile(environment: context.environment)
        let outcome: CredentialVerifier.Outcome
        do {
            outcome = try await CredentialVerifier.verify(using: stack)
        } catch {
            throw CommandFailure.doing("cannot log in to \(host)", error)
        }
        let endpoint: HarborEndpoint
        switch outcome {
        case .accepted(let accepted):
            endpoint = accepted
        case .rejected(let rejectedAt):
            let uiURL = RejectionAdvice.uiURL(host: host, plainHTTP: rejectedAt.scheme == .http)
            if open { BrowserOpener.open(uiURL, environment: context.environment) }
            throw RejectionAdvice.failure(
                uiURL: uiURL, host: host, username: credentials.username, account: account,
                lastWorked: freshness.record(host: host, username: credentials.username)?.lastSuccess, now: context.clock.now(), opened: open, usernameHints: true)
        case .unexpected(_, let status, let detail):
            throw CommandFailure(
                "\(host) answered \(status) to the registry check (GET /v2/)\(detail.isEmpty ? "" : ": \(detail)")",
                hint: status == 404 ? "is \(host) a Harbor registry? DevOps-as-a-Service hosts look like registry-CUSTOMER.devops.t-systems.net" : "Harbor may be in trouble; try again later",
                exitCode: .unexpectedAnswer)
        }

        var locations = CredentialPlacement.Locations()
        if storeSecret {
            do {
                locations = try targets.store(host: host, username: credentials.username, secret: credentials.revealSecret())
            } catch {
                throw CredentialChainFailure.failure(error)
            }
        }
        let helperConfig = helper ? try CredentialHelperRegistration.register(host: host, context: context) : nil
        try? freshness.recordSuccess(host: host, username: credentials.username, now: context.clock.now())

        for case .file(let path) in [locations.docker, locations.helm].compactMap({ $0 }) {
            // What docker itself prints after saving a password in plain text (docker/cli
            // cli/command/registry/login.go `storeCredentials`, v28.2.2).
            output.printError("WARNING! Your credentials are stored unencrypted in '\(path)'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/")
        }
        if let problem = locations.helmProblem {
            output.printError("Warning: could not check Helm's registry config for an older login to \(host): \(problem)")
        }
        if quiet { return }
        output.print("Login Succeeded")
        var kind = account.description
        if let project = account.project(of: credentials.username) { kind += " of project \(project)" }
        output.print("Logged in to \(host) as \(credentials.username) (\(kind))")
        if let docker = locations.docker {
            output.print("Credentials stored in \(docker) (docker\(dockerOnly ? "" : " and Helm, which reads docker's store"))")
        }
        if let helm = locations.helm { output.print("Credentials stored in \(helm) (Helm only)") }
        for removed in locations.helmShadowsRemoved {
            output.print("Removed the older login for \(host) from Helm's registry config (\(removed)): Helm would have used it instead of this one")
        }
        if let helperConfig {
            output.print("docker and Helm ask \(CredentialHelperMain.executableName) for \(host) (credHelpers in \(helperConfig))"
                + (storeSecret ? "" : "; it answers from HARBOR_USERNAME and \(PipelineCredentials(context.environment).secretVariable), nothing secret was written"))
        }
        let cacheRoot = CompletionCache.root(environment: context.environment)
        CompletionCache.recordLastUser(root: cacheRoot, host: host, username: credentials.username)
        let cache = CompletionCache(root: cacheRoot, host: host, username: credentials.username)
        await ProjectAccessReport.print(for: credentials, account: account, endpoint: endpoint, stack: stack, output: output, cache: cache, now: context.clock.now())
    }
}
