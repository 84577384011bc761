import SOSecureCore
import SOSecurePython

/// A recognised source of untrusted data.
struct TaintSourceHit {
    let kind: TaintSourceKind
    /// How the source reads in messages: "request.args", "sys.argv", "input()".
    let description: String
    let guessed: Bool
}

/// What the catalog needs to know about the function an expression runs in.
struct TaintFrame {
    let scope: Scope
    let function: Stmt?
    let handler: WebHandler?
    /// The first parameter of a method (`self`), when the function is defined in a class body.
    let selfName: String?
    /// The file imports tornado, so `self.get_argument` is tornado's.
    let tornadoImported: Bool
}

/// Recognises the sources of the rule-format table, by kind. Cheap identifier checks come first so
/// most names and attributes never reach name resolution.
struct TaintSourceCatalog {
    let kinds: Set<TaintSourceKind>
    let model: SemanticModel

    /// Source kinds for a short phrase in finding messages.
    static func phrase(for kind: TaintSourceKind) -> String {
        switch kind {
        case .web: return "request data"
        case .cli: return "command-line input"
        case .env: return "environment data"
        case .stdin: return "console input"
        case .file: return "file contents"
        case .network: return "network data"
        }
    }

    /// Identifiers that can start a source when read as a bare name.
    static let nameTriggers: Set<String> = [
        "input", "raw_input", "argv", "environ", "getenv", "stdin",
        // module-level `args = parser.parse_args()` read from a function
        "args", "opts", "options", "arguments", "ns", "cli_args", "parsed", "parsed_args", "namespace", "cmd_args",
    ]

    /// Attribute names that can end a source (`x.<attr>`), besides anything read from a `request` object.
    static let attributeTriggers: Set<String> = [
        "argv", "environ", "environb", "getenv", "getenvb", "stdin", "parse_args", "parse_known_args",
        "read", "readline", "readlines", "read_text", "read_bytes", "load",
        "recv", "recvfrom", "text", "content", "json", "raw", "iter_content", "iter_lines", "iter_text", "iter_bytes",
    ]

    /// The kinds of source each identifier can take part in, for the cheap pre-check of whole functions.
    static let triggerKinds: [String: Set<TaintSourceKind>] = {
        var table: [String: Set<TaintSourceKind>] = [:]
        func add(_ kind: TaintSourceKind, _ names: [String]) { for name in names { table[name, default: []].insert(kind) } }
        add(.web, ["request", "get_argument", "get_arguments", "get_query_argument", "get_query_arguments",
                   "get_body_argument", "get_body_arguments"])
        add(.cli, ["argv", "parse_args", "parse_known_args", "args", "opts", "options", "arguments", "ns", "cli_args",
                   "parsed", "parsed_args", "namespace", "cmd_args"])
        add(.env, ["environ", "environb", "getenv", "getenvb"])
        add(.stdin, ["input", "raw_input", "stdin"])
        add(.file, ["open", "read", "readline", "readlines", "read_text", "read_bytes", "load", "Path"])
        add(.network, ["recv", "recvfrom", "text", "content", "json", "raw", "iter_content", "iter_lines", "iter_text",
                       "iter_bytes", "read", "urlopen"])
        return table
    }()

    /// The kinds an identifier can take part in; nil for most identifiers, which a shape test rejects
    /// before any hashing.
    static func triggerKinds(of identifier: String) -> Set<TaintSourceKind>? {
        guard triggerShapes.mayContain(identifier) else { return nil }
        return triggerKinds[identifier]
    }

    private static let triggerShapes = WordShapes(triggerKinds.keys)

    /// `flask.request` members that say nothing the client chose.
    static let quietRequestMembers: Set<String> = [
        "method", "endpoint", "blueprint", "is_json", "is_secure", "scheme", "content_length", "mimetype",
        "url_rule", "routing_exception", "max_content_length",
    ]
    static let djangoRequestMembers: Set<String> = [
        "GET", "POST", "body", "COOKIES", "META", "FILES", "headers", "data", "query_params",
    ]
    static let fastAPIRequestMembers: Set<String> = [
        "query_params", "path_params", "headers", "cookies", "body", "json", "form",
    ]
    static let tornadoMethods: Set<String> = [
        "get_argument", "get_arguments", "get_query_argument", "get_query_arguments",
        "get_body_argument", "get_body_arguments",
    ]
    static let tornadoRequestMembers: Set<String> = ["body", "arguments", "query_arguments", "body_arguments", "files", "query", "uri"]

    /// A bare name that is itself a source (`input`, `argv` from `from sys import argv`).
    func source(name id: String, node: Expr, frame: TaintFrame) -> TaintSourceHit? {
        guard Self.nameTriggers.contains(id) else { return nil }
        switch id {
        case "raw_input":
            guard kinds.contains(.stdin), frame.scope.lookup(id) == nil else { return nil }
            return TaintSourceHit(kind: .stdin, description: "raw_input()", guessed: false)
        default:
            guard let resolved = model.resolve(node, in: frame.scope) else { return nil }
            return hit(for: resolved, description: id)
        }
    }

    /// An attribute that is a source (`request.args`, `os.environ`, `f.read`, `resp.json`).
    func source(attribute node: Expr, base: Expr, attr: String, frame: TaintFrame) -> TaintSourceHit? {
        // Request objects handed to a Django view or a FastAPI handler.
        if case let .name(baseName, _) = base.kind {
            if kinds.contains(.web), let handler = frame.handler, baseName == handler.requestParameter {
                let members = handler.framework == .fastapi ? Self.fastAPIRequestMembers : Self.djangoRequestMembers
                if members.contains(attr) {
                    return TaintSourceHit(kind: .web, description: "\(baseName).\(attr)", guessed: handler.guessed)
                }
            }
            if kinds.contains(.web), baseName == frame.selfName, Self.tornadoMethods.contains(attr) {
                return TaintSourceHit(kind: .web, description: "self.\(attr)()", guessed: !frame.tornadoImported)
            }
        }
        if kinds.contains(.web), let selfName = frame.selfName, Self.tornadoRequestMembers.contains(attr),
           case let .attribute(inner, "request", _) = base.kind, case .name(selfName, _) = inner.kind, frame.tornadoImported {
            return TaintSourceHit(kind: .web, description: "self.request.\(attr)", guessed: false)
        }
        let requestMember = Self.endsWithRequest(base)
        guard requestMember || Self.attributeTriggers.contains(attr) else { return nil }
        if let resolved = model.resolve(node, in: frame.scope), let found = hit(for: resolved, description: nil) {
            return found
        }
        return guessedSource(attr: attr, node: node, base: base, frame: frame)
    }

    /// Iterating these yields untrusted lines (`for line in f` over an opened file).
    func iterationSource(of iterable: Expr, frame: TaintFrame) -> TaintSourceHit? {
        guard kinds.contains(.file) else { return nil }
        switch iterable.kind {
        case .name, .attribute, .call: break
        default: return nil
        }
        guard let resolved = model.resolve(iterable, in: frame.scope), resolved.name == "io.File" else { return nil }
        return TaintSourceHit(kind: .file, description: "lines of a file", guessed: resolved.guessed)
    }

    static func endsWithRequest(_ base: Expr) -> Bool {
        switch base.kind {
        case .name("request", _): return true
        case .attribute(_, "request", _): return true
        default: return false
        }
    }

    /// Classifies a resolved qualified name.
    private func hit(for resolved: ResolvedName, description: String?) -> TaintSourceHit? {
        let name = resolved.name
        func make(_ kind: TaintSourceKind, _ text: String) -> TaintSourceHit? {
            kinds.contains(kind) ? TaintSourceHit(kind: kind, description: description ?? text, guessed: resolved.guessed) : nil
        }
        for prefix in ["flask.request.", "bottle.request."] where name.hasPrefix(prefix) {
            let member = name.dropFirst(prefix.count).prefix { $0 != "." }
            if Self.quietRequestMembers.contains(String(member)) { return nil }
            return make(.web, "request.\(member)")
        }
        switch name {
        case "sys.argv": return make(.cli, "sys.argv")
        case "argparse.ArgumentParser.parse_args", "argparse.ArgumentParser.parse_known_args", "argparse.Namespace":
            return make(.cli, "parsed command-line arguments")
        case "os.environ", "os.environb": return make(.env, "os.environ")
        case "os.getenv", "os.getenvb": return make(.env, "os.getenv()")
        case "input": return make(.stdin, "input()")
        case "sys.stdin", "sys.stdin.buffer": return make(.stdin, "sys.stdin")
        case "io.File.read", "io.File.readline", "io.File.readlines":
            return make(.file, "\(name.dropFirst("io.File.".count))() of an opened file")
        case "pathlib.Path.read_text", "pathlib.Path.read_bytes": return make(.file, "Path.\(name.dropFirst("pathlib.Path.".count))()")
        case "json.load": return make(.file, "json.load()")
        case "socket.socket.recv", "socket.socket.recvfrom": return make(.network, "socket \(name.dropFirst("socket.socket.".count))()")
        case "urllib.response.Response.read": return make(.network, "urlopen(...).read()")
        default: break
        }
        for member in ["text", "content", "json", "raw", "iter_content", "iter_lines"] where name == "requests.Response.\(member)" {
            return make(.network, "response.\(member)")
        }
        if name.hasPrefix("httpx.Response.") { return make(.network, "response.\(name.dropFirst("httpx.Response.".count))") }
        return nil
    }

    /// Sources recognised from the method name alone when the receiver's type is unknown.
    private func guessedSource(attr: String, node: Expr, base: Expr, frame: TaintFrame) -> TaintSourceHit? {
        switch attr {
        case "recv", "recvfrom":
            // A socket's receive methods have no common namesake.
            guard kinds.contains(.network), model.resolve(base, in: frame.scope)?.guessed ?? true else { return nil }
            return TaintSourceHit(kind: .network, description: "\(attr)()", guessed: true)
        case "parse_args", "parse_known_args":
            guard kinds.contains(.cli), model.resolve(base, in: frame.scope)?.guessed ?? true else { return nil }
            return TaintSourceHit(kind: .cli, description: "parsed command-line arguments", guessed: true)
        default:
            return nil
        }
    }
}

