"""Auth and account API: LDAP login, profile lookups, audit search."""
import logging
import re
import traceback

from flask import Flask, Response, jsonify, make_response, render_template_string, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars
from pymongo import MongoClient

app = Flask(__name__)
app.config["SECRET_KEY"] = __import__("os").environ["SECRET_KEY"]
# expect: flask-wtf-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = False
# expect: flask-config-debug-enabled
app.config["DEBUG"] = True
log = logging.getLogger("auth")
profiles = MongoClient().accounts.profiles
LDAP_SERVER = Server("ldaps://ldap.corp.example", get_info=ALL)


@app.route("/login", methods=["POST"])
def login():
    # expect: flask-get-json-force
    body = request.get_json(force=True)
    username = body.get("username", "")
    # expect: log-injection-untrusted-input
    log.info(f"login attempt for {username}")
    conn = Connection(LDAP_SERVER, auto_bind=True)
    # expect: ldap-filter-with-untrusted-input
    conn.search("dc=corp,dc=example", f"(uid={username})", attributes=["cn", "mail"])
    safe_name = escape_filter_chars(username)
    # ok: ldap-filter-with-untrusted-input
    # expect: ldap-filter-built-by-formatting
    conn.search("dc=corp,dc=example", f"(manager=uid={safe_name})", attributes=["cn"])
    resp = make_response(jsonify(found=len(conn.entries)))
    # expect: sensitive-cookie-without-secure-flag
    resp.set_cookie("auth_session", "pending", httponly=True)
    return resp


@app.route("/profile", methods=["POST"])
def profile():
    try:
        data = request.get_json()
        # expect: mongodb-query-with-untrusted-input
        doc = profiles.find_one({"email": data["email"]})
        return jsonify(name=doc["name"])
    except Exception:
        # expect: traceback-sent-in-response
        return jsonify({"error": traceback.format_exc()}), 500


@app.route("/welcome")
def welcome():
    name = request.args.get("name", "there")
    # expect: template-injection-untrusted-input
    return render_template_string("<p>Welcome back, " + name + "</p>")


@app.route("/welcome-safe")
def welcome_safe():
    name = request.args.get("name", "there")
    # ok: template-injection-untrusted-input
    return render_template_string("<p>Welcome back, {{ name }}</p>", name=name)


@app.route("/users/search")
def search_users():
    # expect: regex-compiled-from-untrusted-input
    pattern = re.compile(request.args.get("q", ""), re.IGNORECASE)
    names = [d["name"] for d in profiles.find({}, {"name": 1}) if pattern.search(d["name"])]
    return jsonify(names=names)


@app.route("/export")
def export():
    filename = request.args.get("filename", "export.csv")
    resp = Response("id,name\n", mimetype="text/csv")
    # expect: http-header-with-untrusted-input
    resp.headers.add("Content-Disposition", "attachment; filename=" + filename)
    return resp


@app.route("/import", methods=["POST"])
def import_rows():
    # expect: request-stream-read-without-limit
    raw = request.stream.read()
    return jsonify(size=len(raw))
