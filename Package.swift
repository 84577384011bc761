// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SOSecure",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sosecure", targets: ["sosecure"]),
        .library(name: "SOSecureCore", targets: ["SOSecureCore"]),
        .library(name: "SOSecurePython", targets: ["SOSecurePython"]),
        .library(name: "SOSecureCFamily", targets: ["SOSecureCFamily"]),
        .library(name: "SOSecureKnowledge", targets: ["SOSecureKnowledge"]),
        .library(name: "SOSecureRules", targets: ["SOSecureRules"]),
        .library(name: "SOSecureReporters", targets: ["SOSecureReporters"]),
        .library(name: "SOSecureRemediation", targets: ["SOSecureRemediation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        .target(name: "SOSecureCore"),
        .target(name: "SOSecurePython", dependencies: ["SOSecureCore"]),
        .target(name: "SOSecureCFamily", dependencies: ["SOSecureCore"]),
        .target(
            name: "SOSecureKnowledge",
            dependencies: [
                "SOSecureCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("DefaultKB")]
        ),
        .target(
            name: "SOSecureRules",
            dependencies: [
                "SOSecureCore", "SOSecurePython", "SOSecureCFamily",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Rules")]
        ),
        .target(name: "SOSecureReporters", dependencies: ["SOSecureCore"]),
        .target(
            name: "SOSecureRemediation",
            dependencies: [
                "SOSecureCore", "SOSecurePython", "SOSecureRules", "SOSecureKnowledge",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "SOSecureServer",
            dependencies: [
                "SOSecureCore", "SOSecurePython", "SOSecureRules", "SOSecureReporters", "SOSecureKnowledge",
                "SOSecureRemediation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "SOSecureSelfPlay",
            dependencies: [
                "SOSecureCore", "SOSecurePython", "SOSecureCFamily", "SOSecureRules", "SOSecureReporters", "SOSecureRemediation",
            ]
        ),
        .executableTarget(
            name: "sosecure",
            dependencies: [
                "SOSecureCore", "SOSecurePython", "SOSecureKnowledge", "SOSecureRules", "SOSecureReporters",
                "SOSecureRemediation", "SOSecureServer", "SOSecureSelfPlay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: loopback servers (a scripted OpenAI-compatible endpoint), a seeded generator.
        .target(name: "SOSecureTestSupport", path: "Tests/SOSecureTestSupport"),
        .testTarget(name: "SOSecureCoreTests", dependencies: ["SOSecureCore"]),
        .testTarget(name: "SOSecureCFamilyTests", dependencies: ["SOSecureCFamily", "SOSecureCore", "SOSecureTestSupport"]),
        .testTarget(
            name: "SOSecurePythonTests",
            dependencies: ["SOSecurePython", "SOSecureCore", "SOSecureTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SOSecureKnowledgeTests",
            dependencies: ["SOSecureKnowledge", "SOSecureCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SOSecureRulesTests",
            dependencies: ["SOSecureRules", "SOSecurePython", "SOSecureCore", "SOSecureTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SOSecureReportersTests",
            dependencies: ["SOSecureReporters", "SOSecureCore"],
            resources: [.copy("Expected")]
        ),
        .testTarget(
            name: "SOSecureIntegrationTests",
            dependencies: ["SOSecureRules", "SOSecureKnowledge", "SOSecurePython", "SOSecureCore"]
        ),
        .testTarget(
            name: "SOSecureRemediationTests",
            dependencies: [
                "SOSecureRemediation", "SOSecureRules", "SOSecureKnowledge", "SOSecurePython", "SOSecureCore",
                "SOSecureTestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SOSecureCLITests", dependencies: ["sosecure", "SOSecureTestSupport"], exclude: ["Expected"]),
        .testTarget(
            name: "SOSecureServerTests",
            dependencies: [
                "SOSecureServer", "SOSecureRemediation", "SOSecureRules", "SOSecureKnowledge", "SOSecureCore",
                "SOSecureTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "SOSecureSelfPlayTests",
            dependencies: ["SOSecureSelfPlay", "SOSecureRemediation", "SOSecureRules", "SOSecureCore", "SOSecureTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
