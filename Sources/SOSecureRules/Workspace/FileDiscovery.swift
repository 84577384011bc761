import Foundation
import SOSecureCore

/// A path that could not be scanned: missing, unreadable, a broken link, a symbolic link loop…
public struct DiscoveryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

public struct DiscoveredFile: Sendable, Hashable {
    /// The path as the user will see it: the argument joined with the names below it.
    public let path: String
    /// nil for a Markdown document: its fenced code blocks name their own languages.
    public let language: Language?

    public init(path: String, language: Language?) {
        self.path = path
        self.language = language
    }
}

public struct DiscoveryResult: Sendable {
    /// Sorted by path.
    public let files: [DiscoveredFile]
    /// Sorted by path.
    public let errors: [DiscoveryError]
}

/// Expands `scan` arguments into the files to scan.
///
/// Folders are walked, skipping version-control folders, virtualenvs, dependency and build
/// folders, what `.gitignore` files ignore and the config's `exclude` globs. A path named on
/// the command line is always taken, whatever those rules say. Symbolic links are followed;
/// a link back into a folder being walked is reported as a loop instead of being walked forever.
/// Standard input (`-`) is for the caller to handle.
public struct FileDiscovery: Sendable {
    public var languages: Set<Language>
    /// A file named explicitly is scanned as this language whatever its extension.
    public var forcedLanguage: Language?
    public var config: ScanConfig
    public var respectGitIgnore: Bool
    /// Also take Markdown files (`.md`), whose fenced code blocks are scanned.
    public var includeMarkdown: Bool

    /// Folders never worth scanning: tool caches, dependencies and build output.
    public static let skippedFolderNames: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", "__pycache__", "build", "dist", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache",
    ]

    public init(languages: Set<Language> = [.python], forcedLanguage: Language? = nil,
                config: ScanConfig = ScanConfig(), respectGitIgnore: Bool = true, includeMarkdown: Bool = false) {
        self.languages = languages
        self.includeMarkdown = includeMarkdown
        self.forcedLanguage = forcedLanguage
        self.config = config
        self.respectGitIgnore = respectGitIgnore
    }

    public func discover(_ paths: [String]) -> DiscoveryResult {
        var walk = Walk(discovery: self)
        for argument in paths {
            walk.visitArgument(Self.trimmingTrailingSlashes(argument))
        }
        walk.followPendingLinks()
        let files = walk.files.sorted { $0.path < $1.path }
        let errors = walk.errors.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
        return DiscoveryResult(files: files, errors: errors)
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}

/// File identity that survives different spellings and links of the same path.
private struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// One `.gitignore` (or `.git/info/exclude`) and the depth of the folder it applies to.
private struct IgnoreLevel {
    let rules: GitIgnore
    /// Number of absolute path components of the folder holding the file.
    let depth: Int
}

private struct Walk {
    let discovery: FileDiscovery
    var files: [DiscoveredFile] = []
    var errors: [DiscoveryError] = []
    /// Each file once: where it sits in `files` and whether that name came through a link.
    var seenFiles: [FileIdentity: (index: Int, throughLink: Bool)] = [:]
    var walkedFolders: Set<FileIdentity> = []

    init(discovery: FileDiscovery) {
        self.discovery = discovery
    }

    mutating func visitArgument(_ path: String) {
        var info = stat()
        guard let kind = follow(path, &info) else { return }
        switch kind {
        case .file:
            if discovery.forcedLanguage == nil, discovery.includeMarkdown, MarkdownCodeBlocks.isMarkdown(path: path) {
                addFile(path, language: nil, info, throughLink: false)
                return
            }
            let language = discovery.forcedLanguage ?? Language(path: path)
            guard let language else {
                errors.append(DiscoveryError(path: path, message: "unknown language; name it with --language"))
                return
            }
            guard discovery.languages.contains(language) else {
                errors.append(DiscoveryError(path: path, message: "\(language.rawValue) files are not scanned"))
                return
            }
            addFile(path, language: language, info, throughLink: false)
        case .directory:
            let components = PathNormalizer.absolute(path).split(separator: "/")
            let levels = discovery.respectGitIgnore ? Self.enclosingIgnoreLevels(of: components) : []
            walkFolder(path, components: components, info: info, ancestors: [], levels: levels)
        case .other:
            errors.append(DiscoveryError(path: path, message: "not a regular file or folder"))
        }
    }

    private enum Kind { case file, directory, other }

    /// `stat` through links, with link problems turned into errors.
    private mutating func follow(_ path: String, _ info: inout stat) -> Kind? {
        var linkInfo = stat()
        guard lstat(path, &linkInfo) == 0 else {
            errors.append(DiscoveryError(path: path, message: Self.reason(errno)))
            return nil
        }
        guard stat(path, &info) == 0 else {
            let code = errno
            let isLink = linkInfo.st_mode & S_IFMT == S_IFLNK
            let message = code == ELOOP ? "symbolic link loop"
                : isLink && code == ENOENT ? "broken symbolic link" : Self.reason(code)
            errors.append(DiscoveryError(path: path, message: message))
            return nil
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The same file reached under two names is scanned once, under its own name rather than a link's.
    private mutating func addFile(_ path: String, language: Language?, _ info: stat, throughLink: Bool) {
        let identity = FileIdentity(info)
        if let seen = seenFiles[identity] {
            if seen.throughLink, !throughLink {
                files[seen.index] = DiscoveredFile(path: path, language: language)
                seenFiles[identity] = (seen.index, false)
            }
            return
        }
        seenFiles[identity] = (files.count, throughLink)
        files.append(DiscoveredFile(path: path, language: language))
    }

    /// A link met during a walk, followed only after every real folder was walked, so a file
    /// reachable both directly and through a link keeps its own name.
    private struct PendingLink {
        let path: String
        let name: String
        let components: [Substring]
        /// The folders above the link, including the one holding it.
        let ancestors: Set<FileIdentity>
        let levels: [IgnoreLevel]
    }

    private var pendingLinks: [PendingLink] = []

    mutating func followPendingLinks() {
        var next = 0
        while next < pendingLinks.count {
            let link = pendingLinks[next]
            next += 1
            var info = stat()
            guard let kind = follow(link.path, &info), kind != .other else { continue }
            visitEntry(link.path, name: link.name, components: link.components, info: info, ancestors: link.ancestors,
                       levels: link.levels, throughLink: true)
        }
        pendingLinks.removeAll()
    }

    private mutating func walkFolder(_ path: String, components: [Substring], info: stat,
                                     ancestors: Set<FileIdentity>, levels: [IgnoreLevel], throughLink: Bool = false) {
        let identity = FileIdentity(info)
        if ancestors.contains(identity) {
            errors.append(DiscoveryError(path: path, message: "symbolic link loop"))
            return
        }
        // Reached before by another route (two links to one folder): walk it once.
        guard walkedFolders.insert(identity).inserted else { return }
        let names: [String]
        switch Self.listFolder(path) {
        case let .success(list): names = list
        case let .failure(error):
            errors.append(DiscoveryError(path: path, message: "cannot read folder: \(error.message)"))
            return
        }
        var levels = levels
        if discovery.respectGitIgnore, names.contains(".gitignore"),
           let text = try? String(contentsOfFile: path + "/.gitignore", encoding: .utf8) {
            levels.append(IgnoreLevel(rules: GitIgnore(text: text), depth: components.count))
        }
        var ancestors = ancestors
        ancestors.insert(identity)
        for name in names.sorted() {
            let childPath = path == "/" ? "/" + name : path + "/" + name
            let childComponents = components + [Substring(name)]
            var childInfo = stat()
            guard lstat(childPath, &childInfo) == 0 else { continue }
            if childInfo.st_mode & S_IFMT == S_IFLNK {
                pendingLinks.append(PendingLink(path: childPath, name: name, components: childComponents,
                                                ancestors: ancestors, levels: levels))
                continue
            }
            visitEntry(childPath, name: name, components: childComponents, info: childInfo, ancestors: ancestors,
                       levels: levels, throughLink: throughLink)
        }
    }

    /// One folder entry, with `info` describing what it is (the link's target for links).
    private mutating func visitEntry(_ path: String, name: String, components: [Substring], info: stat,
                                     ancestors: Set<FileIdentity>, levels: [IgnoreLevel], throughLink: Bool) {
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if FileDiscovery.skippedFolderNames.contains(name) || Self.isVirtualEnvironment(path, name: name) { return }
            if isIgnored(path, components: components, isDirectory: true, levels: levels) { return }
            walkFolder(path, components: components, info: info, ancestors: ancestors, levels: levels, throughLink: throughLink)
        case S_IFREG:
            let language = Language(path: name)
            if let language {
                guard discovery.languages.contains(language) else { return }
            } else {
                guard discovery.includeMarkdown, MarkdownCodeBlocks.isMarkdown(path: name) else { return }
            }
            if isIgnored(path, components: components, isDirectory: false, levels: levels) { return }
            addFile(path, language: language, info, throughLink: throughLink)
        default:
            return
        }
    }

    /// The deepest `.gitignore` with a matching rule decides; then the config's `exclude` globs.
    private func isIgnored(_ path: String, components: [Substring], isDirectory: Bool, levels: [IgnoreLevel]) -> Bool {
        for level in levels.reversed() where components.count > level.depth {
            switch level.rules.verdict(for: Array(components[level.depth...]), isDirectory: isDirectory) {
            case .ignored: return true
            case .included: return discovery.config.isExcluded(path: path, isDirectory: isDirectory)
            case .unmatched: continue
            }
        }
        return discovery.config.isExcluded(path: path, isDirectory: isDirectory)
    }

    /// `.gitignore` files above the scanned folder, up to the repository root, and the repository's
    /// `.git/info/exclude`. Outside a repository only the scanned tree's own files count.
    private static func enclosingIgnoreLevels(of components: [Substring]) -> [IgnoreLevel] {
        var depth = components.count
        var folders: [Int] = []
        var repositoryDepth: Int?
        while depth >= 0 {
            let folder = "/" + components[..<depth].joined(separator: "/")
            if depth < components.count { folders.append(depth) }
            if FileManager.default.fileExists(atPath: (folder == "/" ? "" : folder) + "/.git") {
                repositoryDepth = depth
                break
            }
            depth -= 1
        }
        guard let repositoryDepth else { return [] }
        var levels: [IgnoreLevel] = []
        let root = "/" + components[..<repositoryDepth].joined(separator: "/")
        let rootPrefix = root == "/" ? "" : root
        if let text = try? String(contentsOfFile: rootPrefix + "/.git/info/exclude", encoding: .utf8) {
            levels.append(IgnoreLevel(rules: GitIgnore(text: text), depth: repositoryDepth))
        }
        for folderDepth in folders.reversed() {
            let folder = "/" + components[..<folderDepth].joined(separator: "/")
            if let text = try? String(contentsOfFile: (folder == "/" ? "" : folder) + "/.gitignore", encoding: .utf8) {
                levels.append(IgnoreLevel(rules: GitIgnore(text: text), depth: folderDepth))
            }
        }
        return levels
    }

    /// A folder with `pyvenv.cfg`, or a conventionally named one with an activate script.
    private static func isVirtualEnvironment(_ path: String, name: String) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: path + "/pyvenv.cfg") { return true }
        guard name == ".venv" || name == "venv" || name == "env" else { return false }
        return manager.fileExists(atPath: path + "/bin/activate") || manager.fileExists(atPath: path + "/Scripts/activate")
    }

    private struct ListError: Error {
        let message: String
    }

    private static func listFolder(_ path: String) -> Result<[String], ListError> {
        guard let handle = opendir(path) else { return .failure(ListError(message: reason(errno))) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return .success(names)
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or folder"
        case EACCES: return "permission denied"
        case ELOOP: return "symbolic link loop"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
