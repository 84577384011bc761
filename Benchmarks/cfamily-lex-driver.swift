// Driver for Benchmarks/cfamily-lex.sh: lexes and nests C-family files in release mode and prints
// throughput. Built by the script in a scratch package beside Core and CFamily; not part of SOSecure.
//
//   cfamily-lex-bench corpus <dialect> <file-list> [--show-diagnostics]
//                                                    one file at a time: read (untimed), lex + trees (timed)
//   cfamily-lex-bench badinput                       the three bad inputs of the lexer's issue, timed
import Foundation
import SOSecureCFamily
import SOSecureCore

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU time of the calling thread: throughput per core stays meaningful on a loaded machine.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func runCorpus(dialect: Dialect, listPath: String, showDiagnostics: Bool) throws {
    let paths = try String(contentsOfFile: listPath, encoding: .utf8).split(separator: "\n").map(String.init)
    let clock = ContinuousClock()
    var best = Double.infinity
    var bestCPU = Double.infinity
    var shown = 0
    var bytes = 0
    var tokens = 0
    var diagnostics = 0
    var filesWithDiagnostics = 0
    var files = 0
    // Two passes: the first warms the page cache and allocator; the second is reported.
    for _ in 0..<2 {
        var elapsed: Duration = .zero
        var cpu = 0.0
        bytes = 0; tokens = 0; diagnostics = 0; filesWithDiagnostics = 0; files = 0
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let file = SourceFile(path: path, bytes: [UInt8](data))
            var syntax: CFamilySyntax?
            let cpuStart = threadCPUSeconds()
            elapsed += clock.measure { syntax = CFamilySyntax.parse(file, dialect: dialect) }
            cpu += threadCPUSeconds() - cpuStart
            guard let syntax else { continue }
            if showDiagnostics, shown < 40 {
                for diagnostic in syntax.diagnostics.prefix(40 - shown) {
                    print("\(path):\(file.location(of: diagnostic.range.start).line): \(diagnostic.message)")
                    shown += 1
                }
            }
            files += 1
            bytes += file.bytes.count
            tokens += syntax.tokens.count
            diagnostics += syntax.diagnostics.count
            if !syntax.diagnostics.isEmpty { filesWithDiagnostics += 1 }
        }
        best = min(best, seconds(elapsed))
        bestCPU = min(bestCPU, cpu)
        shown = 40
    }
    let megabytes = Double(bytes) / 1_000_000
    print("dialect: \(dialect.rawValue)")
    print("files: \(files)")
    print("bytes: \(bytes)")
    print("tokens: \(tokens)")
    print("seconds: \(String(format: "%.3f", best))")
    print("MB/s: \(String(format: "%.1f", megabytes / best))")
    print("cpu seconds: \(String(format: "%.3f", bestCPU))")
    print("MB/s per core: \(String(format: "%.1f", megabytes / bestCPU))")
    print("files with diagnostics: \(filesWithDiagnostics) (\(diagnostics) diagnostics)")
}

func timed(_ label: String, _ bytes: [UInt8], _ dialect: Dialect) {
    let clock = ContinuousClock()
    var syntax: CFamilySyntax?
    let cpuStart = threadCPUSeconds()
    let elapsed = clock.measure { syntax = CFamilySyntax.parse(SourceFile(path: label, bytes: bytes), dialect: dialect) }
    let cpu = threadCPUSeconds() - cpuStart
    let first = syntax?.diagnostics.first.map { d in
        let location = syntax!.file.location(of: d.range.start)
        return "first at line \(location.line): \(d.message)"
    } ?? "none"
    print(String(format: "%-40@ %5.2f MB  %6.3f s wall  %6.3f s cpu  %8d tokens  %4d diagnostics (%@)", label as NSString,
                 Double(bytes.count) / 1_000_000, seconds(elapsed), cpu, syntax?.tokens.count ?? 0, syntax?.diagnostics.count ?? 0,
                 first as NSString))
}

func runBadInput() {
    let chunk = Array("function a(b,c){var d=b/2/c,e=/[/]x+/g.test(b)?`t${b+{k:[1,2]}.k}`:'s';return d++/e||c?.x??null}".utf8)
    var minified: [UInt8] = []
    while minified.count < 5 << 20 { minified += chunk }
    timed("5 MB minified JavaScript on one line", minified, .javascript)

    timed("10,000 unbalanced '{'", Array(("function f() " + String(repeating: "{ x; ", count: 10_000)).utf8), .javascript)

    let body = "function g(x) {\n  return `a ${x} b` + f(x) / 2;\n}\n"
    var large = Array("const t = `open\n".utf8)
    while large.count < 5 << 20 { large += Array(body.utf8) }
    timed("unterminated template before 5 MB of JS", large, .javascript)

    var comments = Array("/* never closed\n".utf8)
    while comments.count < 5 << 20 { comments += Array("int f(int x) { return x / 2; } // c\n".utf8) }
    timed("unterminated comment before 5 MB of C", comments, .c)
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "corpus" where arguments.count == 4 || (arguments.count == 5 && arguments[4] == "--show-diagnostics"):
    guard let dialect = Dialect(rawValue: arguments[2]) else {
        FileHandle.standardError.write(Data("unknown dialect \(arguments[2]); expected one of \(Dialect.allCases.map(\.rawValue))\n".utf8))
        exit(2)
    }
    do { try runCorpus(dialect: dialect, listPath: arguments[3], showDiagnostics: arguments.count == 5) } catch {
        FileHandle.standardError.write(Data("\(arguments[3]): \(error)\n".utf8))
        exit(2)
    }
case "badinput":
    runBadInput()
default:
    FileHandle.standardError.write(Data("usage: cfamily-lex-bench corpus <dialect> <file-list> [--show-diagnostics] | badinput\n".utf8))
    exit(2)
}
