import SOSecurePython

/// The source kinds a file can produce at all, gathered while the analyzer walks it. Untrusted data enters
/// the taint analysis only where the source catalog recognises a name or attribute, a file is iterated,
/// or a handler or click command receives parameters; a taint rule whose kinds none of these can give
/// finds nothing in the file. Names are classified as the catalog does (they resolve in the scope the
/// interpreter uses); attributes the catalog may resolve count as every kind.
struct ReachableSourceKinds {
    /// File iteration is left to the catalog: counted as always possible.
    private(set) var kinds: Set<TaintSourceKind> = [.file]
    private let catalog: TaintSourceCatalog
    private static let nameTriggerShapes = WordShapes(TaintSourceCatalog.nameTriggers)

    init(model: SemanticModel) {
        catalog = TaintSourceCatalog(kinds: Set(TaintSourceKind.allCases), model: model)
    }

    mutating func see(name expr: Expr, id: String, scope: Scope) {
        guard kinds.count < TaintSourceKind.allCases.count, Self.nameTriggerShapes.mayContain(id), TaintSourceCatalog.nameTriggers.contains(id) else { return }
        let frame = TaintFrame(scope: scope, function: nil, handler: nil, selfName: nil, tornadoImported: false)
        if let hit = catalog.source(name: id, node: expr, frame: frame) { kinds.insert(hit.kind) }
    }

    mutating func see(attribute attr: String, base: Expr) {
        guard kinds.count < TaintSourceKind.allCases.count else { return }
        if Self.attributeShapes.mayContain(attr) {
            if TaintSourceCatalog.attributeTriggers.contains(attr) {
                // Resolved through imports, instance types and known attribute types: any kind.
                kinds.formUnion(TaintSourceKind.allCases)
            } else if TaintSourceCatalog.tornadoMethods.contains(attr) {
                kinds.insert(.web)
            }
        }
        // `request.x` and `self.request.x` resolve like the triggers above.
        if TaintSourceCatalog.endsWithRequest(base) { kinds.formUnion(TaintSourceKind.allCases) }
    }

    private static let attributeShapes = WordShapes(TaintSourceCatalog.attributeTriggers.union(TaintSourceCatalog.tornadoMethods))

    /// Handlers' request parameters (web) and click commands' options (cli).
    mutating func see(handlers: Bool, clickImport: Bool) {
        if handlers { kinds.insert(.web) }
        if clickImport { kinds.insert(.cli) }
    }
}
