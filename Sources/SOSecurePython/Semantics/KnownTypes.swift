/// What calls to well-known APIs return, so methods called on the result resolve to qualified names
/// (`sqlite3.connect(...).cursor().execute` → `dbapi.Cursor.execute`). Facts about public library APIs.
enum KnownTypes {
    /// Qualified callee → the type of the object it returns.
    static let returnTypes: [String: String] = {
        var table: [String: String] = [:]
        for connect in ["sqlite3.connect", "psycopg2.connect", "psycopg.connect", "pymysql.connect", "MySQLdb.connect",
                        "mysql.connector.connect", "cx_Oracle.connect", "oracledb.connect", "pyodbc.connect",
                        "pymssql.connect", "ibm_db_dbi.connect"] {
            table[connect] = "dbapi.Connection"
        }
        table["dbapi.Connection.cursor"] = "dbapi.Cursor"
        table["django.db.connection.cursor"] = "dbapi.Cursor"
        table["sqlalchemy.create_engine"] = "sqlalchemy.Engine"
        table["sqlalchemy.Engine.connect"] = "sqlalchemy.Connection"
        table["sqlalchemy.Engine.begin"] = "sqlalchemy.Connection"
        table["sqlalchemy.orm.sessionmaker"] = "sqlalchemy.orm.sessionmaker"
        table["sqlalchemy.orm.sessionmaker()"] = "sqlalchemy.orm.Session"
        table["sqlalchemy.orm.Session"] = "sqlalchemy.orm.Session"
        table["requests.Session"] = "requests.Session"
        table["requests.session"] = "requests.Session"
        for verb in ["get", "post", "put", "patch", "delete", "head", "options", "request"] {
            table["requests.\(verb)"] = "requests.Response"
            table["requests.Session.\(verb)"] = "requests.Response"
            table["httpx.\(verb)"] = "httpx.Response"
            table["httpx.Client.\(verb)"] = "httpx.Response"
            table["httpx.AsyncClient.\(verb)"] = "httpx.Response"
        }
        table["httpx.Client"] = "httpx.Client"
        table["httpx.AsyncClient"] = "httpx.AsyncClient"
        table["urllib.request.urlopen"] = "urllib.response.Response"
        table["urllib2.urlopen"] = "urllib.response.Response"
        table["flask.Flask"] = "flask.Flask"
        table["flask.Blueprint"] = "flask.Blueprint"
        table["fastapi.FastAPI"] = "fastapi.FastAPI"
        table["fastapi.APIRouter"] = "fastapi.APIRouter"
        table["bottle.Bottle"] = "bottle.Bottle"
        table["flask.make_response"] = "flask.Response"
        table["hashlib.new"] = "hashlib.Hash"
        for hash in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "sha3_256", "sha3_512"] {
            table["hashlib.\(hash)"] = "hashlib.Hash"
        }
        table["ssl.create_default_context"] = "ssl.SSLContext"
        table["ssl.SSLContext"] = "ssl.SSLContext"
        table["ssl._create_unverified_context"] = "ssl.SSLContext"
        table["subprocess.Popen"] = "subprocess.Popen"
        table["jinja2.Environment"] = "jinja2.Environment"
        table["paramiko.SSHClient"] = "paramiko.SSHClient"
        table["logging.getLogger"] = "logging.Logger"
        table["socket.socket"] = "socket.socket"
        table["socket.create_connection"] = "socket.socket"
        table["socket.socket.accept"] = "tuple[socket.socket]"
        table["xml.etree.ElementTree.XMLParser"] = "xml.etree.ElementTree.XMLParser"
        table["lxml.etree.XMLParser"] = "lxml.etree.XMLParser"
        table["argparse.ArgumentParser"] = "argparse.ArgumentParser"
        table["argparse.ArgumentParser.parse_args"] = "argparse.Namespace"
        table["argparse.ArgumentParser.parse_known_args"] = "argparse.Namespace"
        table["open"] = "io.File"
        table["io.open"] = "io.File"
        table["codecs.open"] = "io.File"
        table["pathlib.Path"] = "pathlib.Path"
        table["zipfile.ZipFile"] = "zipfile.ZipFile"
        table["tarfile.open"] = "tarfile.TarFile"
        table["tarfile.TarFile"] = "tarfile.TarFile"
        table["pymongo.MongoClient"] = "pymongo.MongoClient"
        table["ldap.initialize"] = "ldap.LDAPObject"
        table["ldap3.Connection"] = "ldap3.Connection"
        table["ftplib.FTP"] = "ftplib.FTP"
        table["smtplib.SMTP"] = "smtplib.SMTP"
        table["telnetlib.Telnet"] = "telnetlib.Telnet"
        table["tempfile.NamedTemporaryFile"] = "io.File"
        table["Crypto.Cipher.AES.new"] = "Crypto.Cipher.Cipher"
        table["Cryptodome.Cipher.AES.new"] = "Crypto.Cipher.Cipher"
        return table
    }()

    /// Types whose attributes chain on without a call (`client.db.collection` stays a Mongo collection).
    static let attributeTypes: [String: String] = [
        "pymongo.MongoClient": "pymongo.Database",
        "pymongo.Database": "pymongo.Collection",
    ]

    /// Builtins that rules name directly (`eval`, `open`); an unbound use of these is the builtin.
    static let builtins: Set<String> = [
        "eval", "exec", "compile", "open", "input", "__import__", "getattr", "setattr", "print", "format",
        "int", "float", "str", "bool", "len", "repr", "hash", "vars", "globals", "locals", "type", "id",
        "list", "dict", "set", "tuple", "bytes", "bytearray", "map", "filter", "sorted", "range", "zip",
        "enumerate", "min", "max", "sum", "abs", "round", "isinstance", "issubclass", "callable", "iter",
        "next", "object", "super", "property", "staticmethod", "classmethod", "memoryview", "frozenset",
        "breakpoint", "exit", "quit", "help", "dir", "chr", "ord", "hex", "oct", "bin", "ascii", "any", "all",
        "divmod", "pow", "reversed", "slice", "delattr", "hasattr", "complex",
    ]
}
