import SOSecureCore
import SOSecurePython

/// Turns a rule's `fix:` into edits on the matched node.
enum RuleFixBuilder {
    /// `flaggedKeywords`: keywords the rule's constraints test. A rename that leaves such a keyword in
    /// the call (`yaml.safe_load(t, Loader=yaml.FullLoader)`) would not run, so it is only shown.
    static func fix(_ spec: FixSpec, target: FixTarget?, ruleID: String, context: PythonFileContext, scope: Scope,
                    flaggedKeywords: Set<String> = []) -> Fix? {
        guard let target else { return nil }
        var applicability = spec.applicability
        let edits: [Edit]
        switch (spec.operation, target) {
        case let (.renameCallee(newName), .call(call)):
            guard case let .call(function, _, keywords) = call.kind else { return nil }
            if keywords.contains(where: { $0.arg.map(flaggedKeywords.contains) ?? false }) { applicability = .displayOnly }
            if newName.contains(".") {
                // `eval` → `ast.literal_eval`: applicable only when the module is already imported here.
                let module = String(newName.split(separator: ".")[0])
                if case .module? = context.model.moduleScope.localBinding(module) {} else { applicability = .displayOnly }
                edits = [Edit(range: function.range, replacement: newName)]
                break
            }
            switch function.kind {
            case let .attribute(_, attr, _):
                // The attribute name is the last bytes of the attribute expression.
                let end = function.range.end
                edits = [Edit(range: TextRange(start: end - attr.utf8.count, end: end), replacement: newName)]
            case .name:
                // `from yaml import load` would also need its import changed: show, don't apply.
                edits = [Edit(range: function.range, replacement: newName)]
                applicability = .displayOnly
            default:
                return nil
            }
        case let (.removeKeyword(name), .call(call)):
            guard let edit = removal(of: name, in: call, context: context) else { return nil }
            edits = [edit]
        case let (.setKeyword(name, value), .call(call)):
            guard let edit = setting(name, to: value, in: call, context: context) else { return nil }
            edits = [edit]
        case let (.replaceValue(value), .value(expr)):
            edits = [Edit(range: expr.range, replacement: value)]
        default:
            return nil
        }
        return try? Fix(title: spec.title, edits: edits, applicability: applicability, origin: .rule(id: ruleID))
    }

    /// Deletes `name=value` and the comma that separates it from its neighbour.
    static func removal(of name: String, in call: Expr, context: PythonFileContext) -> Edit? {
        guard case let .call(_, args, keywords) = call.kind,
              let index = keywords.firstIndex(where: { $0.arg == name }) else { return nil }
        let keyword = keywords[index]
        let text = context.parse.text
        // Preceding comma: scan back over whitespace from the keyword.
        var start = keyword.range.start
        var cursor = start - 1
        while cursor >= 0, isSpace(text[cursor]) { cursor -= 1 }
        if cursor >= 0, text[cursor] == UInt8(ascii: ","), !(args.isEmpty && index == 0) {
            start = cursor
            return Edit(range: TextRange(start: start, end: keyword.range.end), replacement: "")
        }
        // First argument: remove it with the following comma and spaces instead.
        var end = keyword.range.end
        var forward = end
        while forward < text.count, isSpace(text[forward]) { forward += 1 }
        if forward < text.count, text[forward] == UInt8(ascii: ",") {
            forward += 1
            while forward < text.count, isSpace(text[forward]) { forward += 1 }
            end = forward
        }
        return Edit(range: TextRange(start: keyword.range.start, end: end), replacement: "")
    }

    /// Replaces the keyword's value, or adds `name=value` before the closing parenthesis.
    static func setting(_ name: String, to value: String, in call: Expr, context: PythonFileContext) -> Edit? {
        guard case let .call(_, args, keywords) = call.kind else { return nil }
        if let keyword = keywords.first(where: { $0.arg == name }) {
            return Edit(range: keyword.value.range, replacement: value)
        }
        let text = context.parse.text
        let close = call.range.end - 1
        guard close >= 0, close < text.count, text[close] == UInt8(ascii: ")") else { return nil }
        if args.isEmpty && keywords.isEmpty { return .insert("\(name)=\(value)", at: close) }
        var cursor = close - 1
        while cursor >= 0, isSpace(text[cursor]) { cursor -= 1 }
        let hasTrailingComma = cursor >= 0 && text[cursor] == UInt8(ascii: ",")
        return .insert(hasTrailingComma ? " \(name)=\(value)" : ", \(name)=\(value)", at: cursor + 1)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\\")
    }
}
