/// Generated code often leaves out its imports. When a name is bound nowhere in the file, these guesses say
/// what it most likely means; findings that depend on a guess carry a lower confidence.
enum SnippetGuesses {
    /// Unbound names that are almost always this module or object.
    static let names: [String: String] = {
        var table: [String: String] = [
            "request": "flask.request",
            "render_template_string": "flask.render_template_string",
            "redirect": "flask.redirect",
            "make_response": "flask.make_response",
            "send_file": "flask.send_file",
            "jsonify": "flask.jsonify",
            "Markup": "markupsafe.Markup",
            "mark_safe": "django.utils.safestring.mark_safe",
            "HttpResponse": "django.http.HttpResponse",
            "ET": "xml.etree.ElementTree",
            "etree": "lxml.etree",
            "np": "numpy",
            "pd": "pandas",
        ]
        for module in ["os", "sys", "subprocess", "pickle", "cPickle", "marshal", "shelve", "dill", "yaml", "json",
                       "hashlib", "hmac", "random", "secrets", "sqlite3", "psycopg2", "pymysql", "MySQLdb", "requests",
                       "httpx", "urllib", "urllib2", "re", "shutil", "tempfile", "ssl", "socket", "jwt", "xml",
                       "lxml", "telnetlib", "ftplib", "smtplib", "paramiko", "logging", "flask", "django", "jinja2",
                       "base64", "zipfile", "tarfile", "ldap", "pymongo", "torch", "numpy", "pandas", "uuid",
                       "time", "stat", "shlex", "commands", "popen2", "Crypto", "Cryptodome", "cryptography",
                       "sqlalchemy", "fastapi", "bottle", "tornado", "pathlib", "glob", "io", "codecs", "csv"] {
            table[module] = module
        }
        return table
    }()

    /// `names[id]`, with most identifiers turned away by their shape before any hashing.
    static func name(_ id: String) -> String? { nameShapes.mayContain(id) ? names[id] : nil }
    private static let nameShapes = WordShapes(names.keys)

    /// `instanceNames[id]`, likewise.
    static func instanceName(_ id: String) -> String? { instanceNameShapes.mayContain(id) ? instanceNames[id] : nil }
    private static let instanceNameShapes = WordShapes(instanceNames.keys)

    /// Variables whose name alone says what they hold, used when nothing in the file says otherwise.
    static let instanceNames: [String: String] = [
        "cursor": "dbapi.Cursor", "cur": "dbapi.Cursor", "c": "dbapi.Cursor", "db_cursor": "dbapi.Cursor",
        "conn": "dbapi.Connection", "connection": "dbapi.Connection", "db": "dbapi.Connection",
        "db_conn": "dbapi.Connection", "con": "dbapi.Connection",
        "app": "flask.Flask", "bp": "flask.Blueprint", "blueprint": "flask.Blueprint",
        "router": "fastapi.APIRouter",
        "logger": "logging.Logger", "log": "logging.Logger",
        "ssh": "paramiko.SSHClient", "client": "paramiko.SSHClient",
    ]
}
