import SOSecurePython

/// Calls whose result cannot carry attacker-chosen text, and the rule's own sanitizers.
struct TaintCleaners {
    /// Conversions and predicates that always return numbers, booleans or fixed-format values.
    static let cleanFunctions: Set<String> = [
        "int", "float", "bool", "len", "hash", "id", "isinstance", "issubclass", "abs", "round", "ord", "callable",
        "hasattr", "complex", "divmod", "sum", "any", "all", "range",
        "uuid.UUID", "decimal.Decimal",
        "datetime.datetime.strptime", "datetime.datetime.fromisoformat", "datetime.date.fromisoformat",
        "datetime.datetime.fromtimestamp", "datetime.date.fromtimestamp", "datetime.time.fromisoformat",
        "time.strptime", "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize",
        "math.floor", "math.ceil", "math.isnan", "ipaddress.ip_address", "ipaddress.ip_network",
        // Rows loaded by a key hold stored data, not the key.
        "django.shortcuts.get_object_or_404", "django.shortcuts.get_list_or_404",
    ]

    /// Django ORM manager methods (`Model.objects.<method>(...)`): they return rows, not their arguments.
    static let managerMethods: Set<String> = [
        "get", "filter", "exclude", "all", "first", "last", "get_or_create", "update_or_create", "count", "exists",
        "order_by", "select_related", "prefetch_related", "annotate", "aggregate", "in_bulk",
    ]

    /// Methods that return numbers or booleans whatever their receiver holds.
    static let cleanMethods: Set<String> = [
        "isdigit", "isalnum", "isalpha", "isnumeric", "isdecimal", "isspace", "islower", "isupper", "isidentifier",
        "startswith", "endswith", "count", "find", "rfind", "index", "rindex", "__len__", "exists", "is_file", "is_dir",
    ]

    /// Methods that put their arguments into the receiver (a container).
    static let containerAdders: Set<String> = [
        "append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft",
    ]

    let sanitizers: [NamePattern]

    /// Whether a call with this callee returns clean data.
    func cleans(callee: ResolvedName?, function: Expr) -> Bool {
        if let name = callee?.name, Self.cleanFunctions.contains(name) { return true }
        // A snippet calling `get_object_or_404(...)` without importing it.
        if callee == nil, case let .name(id, _) = function.kind, Self.cleanFunctions.contains(id) { return true }
        if case let .attribute(base, attr, _) = function.kind {
            if Self.cleanMethods.contains(attr) { return true }
            if Self.managerMethods.contains(attr), case .attribute(_, "objects", _) = base.kind { return true }
        }
        return isSanitizer(callee: callee, function: function)
    }

    func isSanitizer(callee: ResolvedName?, function: Expr) -> Bool {
        guard !sanitizers.isEmpty else { return false }
        for name in Self.candidateNames(callee: callee, function: function) where sanitizers.contains(where: { $0.matches(name) }) {
            return true
        }
        return false
    }

    /// The names a callee can be matched under: its resolved name, else `?.chain.method` as the analyzer
    /// names unknown receivers (so `*.escape` patterns still apply), else the bare name as written.
    static func candidateNames(callee: ResolvedName?, function: Expr) -> [String] {
        if let callee { return [callee.name] }
        if let unknown = PythonAnalyzer.unknownReceiverCallee(function) { return [unknown.name] }
        if case let .name(id, _) = function.kind { return [id] }
        return []
    }
}
