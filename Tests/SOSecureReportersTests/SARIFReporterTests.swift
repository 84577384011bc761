import Foundation
import SOSecureCore
@testable import SOSecureReporters
import Testing

/// What SARIF consumers rely on beyond schema validity: indexes that point at the right entries,
/// UTF-16 columns, code flows, fixes, fingerprints and notifications.
@Suite struct SARIFReporterTests {
    static func run(_ report: ScanReport = ReportFixtures.report, sources: [String: String] = ReportFixtures.sources) throws -> [String: Any] {
        let text = SARIFReporter().render(report, sources: sources)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        #expect(root["$schema"] as? String == SARIFReporter.schemaURI)
        let runs = try #require(root["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return runs[0]
    }

    static func results(_ run: [String: Any]) throws -> [[String: Any]] {
        try #require(run["results"] as? [[String: Any]])
    }

    static func region(_ result: [String: Any]) throws -> [String: Any] {
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        return try #require((location["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
    }

    @Test func ruleIndexAndTaxaPointAtMatchingEntries() throws {
        let run = try Self.run()
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ReportFixtures.rules.map(\.id).sorted())
        let taxa = try #require((run["taxonomies"] as? [[String: Any]])?.first?["taxa"] as? [[String: Any]])
        for result in try Self.results(run) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            for taxon in result["taxa"] as? [[String: Any]] ?? [] {
                let taxonIndex = try #require(taxon["index"] as? Int)
                #expect(taxa[taxonIndex]["id"] as? String == taxon["id"] as? String)
            }
        }
        for rule in rules {
            for relationship in rule["relationships"] as? [[String: Any]] ?? [] {
                let target = try #require(relationship["target"] as? [String: Any])
                #expect(taxa[target["index"] as? Int ?? -1]["id"] as? String == target["id"] as? String)
            }
        }
    }

    @Test func ruleDescriptorCarriesMetadata() throws {
        let run = try Self.run()
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sosecure")
        #expect(driver["semanticVersion"] as? String == ToolInfo.sosecure.version)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let shell = try #require(rules.first { $0["id"] as? String == ReportFixtures.shellRule.id })
        #expect(shell["name"] as? String == "SubprocessShellWithRequestData")
        #expect((shell["shortDescription"] as? [String: Any])?["text"] as? String == ReportFixtures.shellRule.summary)
        #expect(((shell["fullDescription"] as? [String: Any])?["text"] as? String)?.hasPrefix("A shell parses") == true)
        #expect((shell["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        let properties = try #require(shell["properties"] as? [String: Any])
        #expect(properties["security-severity"] as? String == "9.5")
        #expect(properties["precision"] as? String == "high")
        #expect((properties["tags"] as? [String])?.contains("external/cwe/cwe-078") == true)
        #expect(shell["helpUri"] as? String == ReportFixtures.shellRule.references.first)
    }

    @Test func regionsUseUTF16Columns() throws {
        let results = try Self.results(try Self.run())
        let md5 = try #require(results.first { $0["ruleId"] as? String == ReportFixtures.md5Rule.id })
        let region = try Self.region(md5)
        let finding = ReportFixtures.md5Finding
        #expect(finding.start.column != finding.start.utf16Column)
        #expect(region["startLine"] as? Int == 5)
        #expect(region["startColumn"] as? Int == finding.start.utf16Column)
        #expect(region["endColumn"] as? Int == finding.end.utf16Column)
        #expect((region["snippet"] as? [String: Any])?["text"] as? String == "hashlib.md5(data)")
        #expect((md5["partialFingerprints"] as? [String: String])?["sosecure/v1"] == finding.fingerprint)
    }

    @Test func taintPathBecomesACodeFlow() throws {
        let results = try Self.results(try Self.run())
        let shell = try #require(results.first { $0["ruleId"] as? String == ReportFixtures.shellRule.id })
        let flow = try #require((shell["codeFlows"] as? [[String: Any]])?.first)
        let thread = try #require((flow["threadFlows"] as? [[String: Any]])?.first)
        let locations = try #require(thread["locations"] as? [[String: Any]])
        #expect(locations.count == 3)
        #expect(locations.map { ($0["properties"] as? [String: Any])?["role"] as? String } == ["source", "propagation", "sink"])
        #expect(locations.map { $0["executionOrder"] as? Int } == [1, 2, 3])
        let lines = try locations.map { location -> Int? in
            let physical = try #require((location["location"] as? [String: Any])?["physicalLocation"] as? [String: Any])
            return (physical["region"] as? [String: Any])?["startLine"] as? Int
        }
        #expect(lines == [10, 11, 12])
        // Plain findings carry no code flow.
        let debug = try #require(results.first { $0["ruleId"] as? String == ReportFixtures.debugRule.id })
        #expect(debug["codeFlows"] == nil)
        #expect(debug["fixes"] == nil)
    }

    @Test func fixBecomesReplacementsThatApply() throws {
        let results = try Self.results(try Self.run())
        let shell = try #require(results.first { $0["ruleId"] as? String == ReportFixtures.shellRule.id })
        let fix = try #require((shell["fixes"] as? [[String: Any]])?.first)
        #expect((fix["description"] as? [String: Any])?["text"] as? String == "Pass an argument list and drop shell=True")
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        #expect((change["artifactLocation"] as? [String: Any])?["uri"] as? String == "app.py")
        let replacements = try #require(change["replacements"] as? [[String: Any]])
        let edits = try replacements.map { replacement -> Edit in
            let deleted = try #require(replacement["deletedRegion"] as? [String: Any])
            let offset = try #require(deleted["byteOffset"] as? Int)
            let length = try #require(deleted["byteLength"] as? Int)
            let inserted = try #require((replacement["insertedContent"] as? [String: Any])?["text"] as? String)
            return Edit(range: TextRange(start: offset, end: offset + length), replacement: inserted)
        }
        let fixed = try EditApplier.apply(edits, to: ReportFixtures.appSource)
        let expected = try EditApplier.apply(ReportFixtures.shellFinding.fix!.edits, to: ReportFixtures.appSource)
        #expect(fixed == expected)
    }

    @Test func errorsBecomeNotificationsAndArtifacts() throws {
        let run = try Self.run()
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.map { $0["level"] as? String } == ["warning", "error"])
        #expect(notifications.map { ($0["message"] as? [String: Any])?["text"] as? String }
            == [ReportFixtures.syntaxError.message, ReportFixtures.ioError.message])
        let artifacts = try #require(run["artifacts"] as? [[String: Any]])
        let uris = artifacts.compactMap { ($0["location"] as? [String: Any])?["uri"] as? String }
        #expect(uris == ["app.py", "broken.py", "lib/utils.py", "vendor/missing.py"])

        // Only syntax problems: the scan itself still succeeded.
        let syntaxOnly = ScanReport(findings: [], errors: [ReportFixtures.syntaxError], rules: [], stats: ReportFixtures.report.stats)
        let successful = try #require((try Self.run(syntaxOnly)["invocations"] as? [[String: Any]])?.first)
        #expect(successful["executionSuccessful"] as? Bool == true)
    }

    @Test func artifactsAreTheFilesResultsPointInto() throws {
        let report = ScanReport(findings: [ReportFixtures.debugFinding], errors: [], rules: [], stats: ReportFixtures.report.stats)
        var sources = ReportFixtures.sources
        sources["clean.py"] = "print('nothing to see')\n"
        let artifacts = try #require(try Self.run(report, sources: sources)["artifacts"] as? [[String: Any]])
        #expect(artifacts.compactMap { ($0["location"] as? [String: Any])?["uri"] as? String } == ["app.py"])
        #expect(artifacts.first?["length"] as? Int == ReportFixtures.appSource.utf8.count)
    }

    @Test func pathsBecomeRelativeOrFileURIs() {
        #expect(SARIFReporter.location(forPath: "./src/app.py") == ["uri": .string("src/app.py"), "uriBaseId": .string("%SRCROOT%")])
        #expect(SARIFReporter.location(forPath: "dir with space/a:b.py")["uri"] == .string("dir%20with%20space/a%3Ab.py"))
        #expect(SARIFReporter.location(forPath: "<stdin>")["uri"] == .string("%3Cstdin%3E"))
        #expect(SARIFReporter.location(forPath: "/tmp/ü.py") == ["uri": .string("file:///tmp/%C3%BC.py")])
        #expect(SARIFReporter.location(forPath: #"src\win.py"#)["uri"] == .string("src/win.py"))
    }

    @Test func severityMappings() {
        #expect(Severity.allCases.map(SARIFReporter.level) == ["note", "note", "warning", "error", "error"])
        let scores = Severity.allCases.map { Double(SARIFReporter.securitySeverity($0))! }
        #expect(scores == scores.sorted())
        #expect(scores.last! > 9.0)
        #expect(SARIFReporter.cweTag(CWE(id: 1004)) == "external/cwe/cwe-1004")
        #expect(SARIFReporter.pascalCase("yaml-load-without-safe-loader") == "YamlLoadWithoutSafeLoader")
    }

    @Test func findingOfAnUnlistedRuleGetsADescriptor() throws {
        let finding = SARIFSchemaTests.oddPathFinding(path: "x.py")
        let run = try Self.run(ScanReport(findings: [finding], errors: [], rules: [], stats: ReportFixtures.report.stats), sources: [:])
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["llm-reported-issue"])
        let result = try #require(try Self.results(run).first)
        #expect(result["ruleIndex"] as? Int == 0)
        #expect(result["level"] as? String == "note")
        // Without the source there is no snippet, but the region is still complete.
        let region = try Self.region(result)
        #expect(region["snippet"] == nil)
        #expect(region["startLine"] as? Int == 1 && region["endColumn"] as? Int == 5)
    }
}
