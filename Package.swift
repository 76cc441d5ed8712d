// swift-tools-version:6.1
import PackageDescription

// Targets, from the bottom up (each lists exactly the modules its sources import):
//   HarborCore         references, digests, instances, settings, atomic files, child processes: Foundation only, no terminal I/O
//   HarborCredentials  docker config.json, credential helpers, Helm's registry config, freshness records
//   HarborRegistry     the HTTP transport stack (TLS trust, proxies, auth challenges and tokens, retries, the deadline) over AsyncHTTPClient
//   HarborAPI          Harbor's REST API (/api/v2.0) client and Codable models, over HarborRegistry's transport
//   HarborCompletion   shell completion: candidates for references, projects, instances; the per-user cache
//   CZlib              the system's zlib, for gzip in chart archives
//   HarborCharts       chart archives (.tgz), Helm's OCI layout, the chart upload engine
//   HarborDoctor       doctor's checks: facts gathered about an instance and one judgement per line, no terminal I/O
//   HarborCommands     the ArgumentParser commands and the Docker/Helm plugin protocols
//   DockerPluginEarlyAnswer  docker-harbor's `docker-cli-plugin-metadata` answer, given from a C constructor before the Swift runtime starts
//   docker-harbor      Docker CLI plugin (main.swift only)
//   helm-harbor        Helm plugin (main.swift only)
//   HarborSandbox      the local Harbor stand-in (Hummingbird in front of the CNCF registry)
//   harbor-sandbox     its executable (main.swift only); not installed as a plugin
//   HarborTestSupport  the tests' harness: runs programs, starts the sandbox, Helm, dockerd, tinyproxy
//   HarborCommandsTestSupport  CapturedOutput, for tests that run commands in-process
//   harbor-store-worker  a child process for a credentials concurrency test (main.swift only)

// Release links on Linux put the Swift runtime inside the program (-static-stdlib): it starts in
// milliseconds and runs without the toolchain. Only the link: the modules compile against the
// toolchain's shared runtime, exactly as the tests compile them, so that `swift test -c release`
// reuses install.sh's release build instead of compiling every module a second time. Modules
// compiled against the static runtime (SwiftPM's --static-swift-stdlib) also name, for the linker,
// the libraries that the shared Foundation loads itself; here the link names them: swift-corelibs-
// foundation's static libFoundation.a needs CoreFoundation and _FoundationICU, and swift-foundation's
// libFoundationEssentials.a needs _FoundationCShims, _FoundationCollections and swiftSynchronization
// (the autolink entries of a module compiled with -static-stdlib, read with swift-autolink-extract,
// Swift 6.3). A toolchain without one of them fails the link, loudly.
//
// The plugins' release links also search .build/static-link first: scripts/release-build-flags.sh
// puts the static archives of the C++ runtime, the unwinder and zlib there under the shared
// libraries' names, so that the dynamic loader maps only libc and libm at every start (the reasons
// are in that script). No directory, no effect.
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(
        ["-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization"],
        .when(platforms: [.linux], configuration: .release)
    )
]
let staticLink: [LinkerSetting] = staticRuntime + [
    .unsafeFlags(["-L", Context.packageDirectory + "/.build/static-link"], .when(platforms: [.linux], configuration: .release))
]

// The tests' own modules compile without optimisation in a release build too (`swift test -c
// release`, scripts/test): they are compiled once and run once, so -O would only cost build time.
let testCode: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "harbor-plugins",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docker-harbor", targets: ["docker-harbor"]),
        .executable(name: "helm-harbor", targets: ["helm-harbor"]),
        .executable(name: "harbor-sandbox", targets: ["harbor-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio", "2.101.2"..<"3.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .target(name: "HarborCore"),
        .target(name: "HarborCredentials", dependencies: ["HarborCore"]),
        .target(
            name: "HarborRegistry",
            dependencies: [
                "HarborCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "HarborAPI",
            dependencies: [
                "HarborCore",
                "HarborRegistry",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HarborCompletion",
            dependencies: [
                "HarborCore",
                "HarborCredentials",
                "HarborRegistry",
                "HarborAPI",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(
            name: "HarborCharts",
            dependencies: [
                "HarborCore",
                "HarborRegistry",
                "HarborAPI",
                "CZlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HarborDoctor",
            dependencies: [
                "HarborCore",
                "HarborCredentials",
                "HarborRegistry",
                "HarborAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HarborCommands",
            dependencies: [
                "HarborCore",
                "HarborCharts",
                "HarborDoctor",
                "HarborCredentials",
                "HarborRegistry",
                "HarborAPI",
                "HarborCompletion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "DockerPluginEarlyAnswer"),
        .executableTarget(name: "docker-harbor", dependencies: ["HarborCommands", "DockerPluginEarlyAnswer"], linkerSettings: staticLink),
        .executableTarget(name: "helm-harbor", dependencies: ["HarborCommands"], linkerSettings: staticLink),

        .target(
            name: "HarborSandbox",
            dependencies: [
                "HarborCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "harbor-sandbox",
            dependencies: [
                "HarborSandbox",
                "HarborCredentials",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: staticRuntime
        ),
        .target(name: "HarborTestSupport", dependencies: ["HarborCore"], swiftSettings: testCode),
        .target(name: "HarborCommandsTestSupport", dependencies: ["HarborCommands"], swiftSettings: testCode),
        // A child process for HarborCredentialsTests' concurrency test (stores one credential); not a product.
        .executableTarget(name: "harbor-store-worker", dependencies: ["HarborCredentials"], swiftSettings: testCode),

        .testTarget(name: "HarborCoreTests", dependencies: ["HarborCore"], exclude: ["Fixtures"]),
        .testTarget(name: "HarborTestSupportTests", dependencies: ["HarborTestSupport"]),
        .testTarget(name: "HarborCredentialsTests", dependencies: ["HarborCredentials", "HarborTestSupport"]),
        .testTarget(
            name: "HarborRegistryTests",
            dependencies: [
                "HarborCore",
                "HarborRegistry",
                "HarborTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HarborAPITests",
            dependencies: [
                "HarborAPI",
                "HarborRegistry",
                "HarborTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HarborCompletionTests",
            dependencies: [
                "HarborCompletion",
                "HarborAPI",
                "HarborRegistry",
                "HarborCore",
                "HarborTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HarborCommandsTests",
            dependencies: ["HarborCommands", "HarborCommandsTestSupport", "HarborTestSupport", "DockerPluginEarlyAnswer", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "HarborSandboxTests",
            dependencies: [
                "HarborCore",
                "HarborSandbox",
                "HarborTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "HarborChartsTests",
            dependencies: [
                "HarborCharts",
                "HarborCore",
                "HarborRegistry",
                "HarborTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HarborDoctorTests",
            dependencies: ["HarborDoctor", "HarborCore", "HarborCredentials", "HarborRegistry", "HarborTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "HarborCore",
                "HarborCharts",
                "HarborCommands",
                "HarborCommandsTestSupport",
                "HarborTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type == .test {
    target.swiftSettings = (target.swiftSettings ?? []) + testCode
}
