import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// Function-local taint: propagation through assignments, declarations and string building, sanitizers,
/// blocks and closures, and the dataflow path of a finding.
@Suite("C-family taint")
struct CFamilyTaintTests {
    typealias Support = CFamilyTestSupport

    static let javascript = """
    taint:
      sources: ["$REQ.query"]
      sinks: ["run($SINK)"]
      sanitizers: ["clean(...)"]
    """

    @Test func flowsThroughAssignmentsConcatenationAndTemplates() throws {
        let code = """
        function handler(req, res) {
          const name = req.query.name;
          let greeting = "hello " + name;
          var page = `<p>${greeting}</p>`;
          run(page);
          run("static");
        }
        """
        let findings = try Support.findings(.javascript, match: Self.javascript, code)
        #expect(findings.map(\.start.line) == [5])
        let finding = try #require(findings.first)
        #expect(finding.dataflow.map(\.role) == [.source, .propagation, .propagation, .propagation, .sink])
        #expect(finding.dataflow.map(\.location.line) == [2, 2, 3, 4, 5])
        #expect(finding.dataflow.map(\.message) == ["`req.query` is untrusted input", "flows into `name`", "flows into `greeting`",
                                                    "flows into `page`", "reaches `run(page)`"])
    }

    @Test func annotatedHandlerParametersAreSourcesInTheirBody() throws {
        let match = """
        taint:
          sources: ["@RequestParam $TYPE $NAME", "@RequestParam(...) $TYPE $NAME"]
          sinks: ["exec($SINK)"]
        """
        let code = """
        class Api {
            @GetMapping("/a")
            public String a(@RequestParam String cmd, int count) {
                String line = "sh -c " + cmd;
                exec(line);
                exec(String.valueOf(count));
                return "ok";
            }
            @GetMapping("/b")
            public String b(@RequestParam("q") List<String> q) {
                exec(q);
                return "ok";
            }
            public String c(String cmd) {
                exec(cmd);
                return "ok";
            }
        }
        """
        let findings = try Support.findings(.java, match: match, code)
        #expect(findings.map(\.start.line) == [5, 11], "only the annotated parameters are untrusted")
        let first = try #require(findings.first)
        #expect(first.dataflow.map(\.role) == [.source, .propagation, .sink])
        #expect(first.dataflow.first?.message == "parameter `cmd` is untrusted input (`@RequestParam String cmd`)")
        #expect(first.dataflow.first?.location.line == 3)
    }

    @Test func swiftOptionalBindingsCarryTaint() throws {
        let match = """
        taint:
          sources: ["$REQ.query[...]"]
          sinks: ["run($SINK)"]
        """
        let code = """
        func search(_ req: Request) throws -> String {
            guard let term = req.query["q"] else { throw Abort(.badRequest) }
            run("SELECT * FROM items WHERE name = '\\(term)'")
            if let page = req.query["page"] {
                run(page)
            }
            guard let fixed = Optional("constant") else { return "" }
            run(fixed)
            return term
        }
        """
        let findings = try Support.findings(.swift, match: match, code)
        #expect(findings.map(\.start.line) == [3, 5])
        #expect(findings.first?.dataflow.map(\.role) == [.source, .propagation, .sink])
    }

    @Test func aCleanAssignmentInOneBranchDoesNotClearTheTaint() throws {
        let code = """
        function handler(req, res) {
          let name = req.query.name;
          if (name.length > 40) {
            name = "guest";
          }
          run(name);
          let other = req.query.other;
          other = "fixed";
          run(other);
        }
        """
        let findings = try Support.findings(.javascript, match: Self.javascript, code)
        #expect(findings.map(\.start.line) == [6], "the branch may not run; the plain reassignment always does")
    }

    @Test func aSourceInACallsArgumentsIsNotAParameterOfTheCallback() throws {
        let match = """
        taint:
          sources: ["$REQ.query.id"]
          sinks: ["run($SINK)"]
        """
        // `req.query.id` is an argument here, not a declaration: `id` inside the callback stays clean.
        let code = """
        register(req.query.id, function (id) {
          run(id);
        });
        """
        #expect(try Support.findings(.javascript, match: match, code).isEmpty)
    }

    @Test func aSanitizerBreaksTheFlowAndAReassignmentClearsIt() throws {
        let code = """
        function handler(req, res) {
          const name = clean(req.query.name);
          run("hello " + name);
          let other = req.query.other;
          other = "fixed";
          run(other);
          let third = req.query.third;
          run(clean(third));
          third += "!";
          run(third);
        }
        """
        #expect(try Support.findings(.javascript, match: Self.javascript, code).map(\.start.line) == [10])
    }

    @Test func blocksShareVariablesAndFunctionsStartFromACopy() throws {
        let code = """
        let global = "ok";
        function a(req) {
          let cmd = "ls";
          if (req.query.x) {
            cmd = req.query.x;
          }
          run(cmd);
        }
        function b() {
          run(cmd);
          run(global);
        }
        app.get("/", (req, res) => {
          const input = req.query.q;
          setTimeout(() => { run(input); }, 10);
        });
        """
        #expect(try Support.findings(.javascript, match: Self.javascript, code).map(\.start.line) == [7, 15])
    }

    @Test func goShortDeclarationsAndMultipleTargets() throws {
        let match = """
        taint:
          sources: ["$R.FormValue(...)"]
          sinks: ["exec.Command(\\"sh\\", \\"-c\\", $SINK)"]
        """
        let code = """
        package main

        func handler(w http.ResponseWriter, r *http.Request) {
            name, ok := r.FormValue("name"), true
            cmd := "echo " + name
            exec.Command("sh", "-c", cmd)
            safe := "echo hi"
            exec.Command("sh", "-c", safe)
        }
        """
        #expect(try Support.findings(.go, match: match, code).map(\.start.line) == [6])
    }

    @Test func cCopyingCallsTaintTheirDestination() throws {
        let match = """
        taint:
          sources: ["argv[$I]"]
          sinks: ["system($SINK)"]
        """
        let code = """
        int main(int argc, char **argv) {
            char buffer[128];
            strcpy(buffer, "ls ");
            strcat(buffer, argv[1]);
            system(buffer);
            char other[16];
            snprintf(other, sizeof other, "%d", 3);
            system(other);
        }
        """
        #expect(try Support.findings(.c, match: match, code).map(\.start.line) == [5])
    }

    @Test func phpInterpolationAndMemberTargets() throws {
        let match = """
        taint:
          sources: ["$_GET"]
          sinks: ["query($SINK)"]
          sanitizers: ["intval(...)"]
        """
        let code = """
        <?php
        class Repo {
            function find() {
                $this->id = $_GET['id'];
                $sql = "SELECT * FROM t WHERE id = {$this->id}";
                query("SELECT * FROM t WHERE id = " . $this->id);
                $n = intval($_GET['n']);
                query("SELECT * FROM t LIMIT $n");
                $name = $_GET['name'];
                query("SELECT * FROM t WHERE name = '$name'");
            }
        }
        """
        #expect(try Support.findings(.php, match: match, code).map(\.start.line) == [6, 10])
    }
}
