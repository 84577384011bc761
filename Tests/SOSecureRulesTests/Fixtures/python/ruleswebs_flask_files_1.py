"""Small file-sharing service: upload, list, download and delete files per user."""
import os
import secrets

from flask import Flask, abort, jsonify, make_response, redirect, request, send_file, send_from_directory, url_for
from markupsafe import escape
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 32 * 1024 * 1024
UPLOAD_ROOT = os.path.join(os.path.dirname(__file__), "uploads")
ALLOWED_EXTENSIONS = {"png", "jpg", "pdf", "txt"}


def allowed_file(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@app.route("/login", methods=["POST"])
def login():
    token = secrets.token_urlsafe(32)
    resp = make_response(redirect(url_for("index")))
    # expect: sensitive-cookie-without-httponly
    resp.set_cookie("session_token", token, secure=True, samesite="Lax")
    return resp


@app.route("/")
def index():
    user = request.args.get("user", "guest")
    files = os.listdir(UPLOAD_ROOT)
    items = "".join(f"<li>{escape(name)}</li>" for name in files)
    # expect: handler-returns-html-with-request-data
    return f"<h1>Files for {user}</h1><ul>{items}</ul>"


@app.route("/upload", methods=["POST"])
def upload():
    if "file" not in request.files:
        return jsonify(error="no file"), 400
    file = request.files["file"]
    if file.filename == "" or not allowed_file(file.filename):
        return jsonify(error="bad file"), 400
    # expect: upload-saved-with-client-filename
    file.save(os.path.join(UPLOAD_ROOT, file.filename))
    return jsonify(saved=file.filename), 201


@app.route("/upload-safe", methods=["POST"])
def upload_safe():
    file = request.files["file"]
    filename = secure_filename(file.filename)
    # ok: upload-saved-with-client-filename
    file.save(os.path.join(UPLOAD_ROOT, filename))
    return jsonify(saved=filename), 201


@app.route("/download")
def download():
    name = request.args.get("name", "")
    # expect: file-response-with-untrusted-path
    return send_file(os.path.join(UPLOAD_ROOT, name), as_attachment=True)


@app.route("/files/<path:name>")
def serve(name):
    # ok: file-response-with-untrusted-path
    return send_from_directory(UPLOAD_ROOT, name)


@app.route("/preview")
def preview():
    name = request.args["name"]
    # expect: path-traversal-open-untrusted-path
    with open(UPLOAD_ROOT + "/" + name, encoding="utf-8") as fh:
        return jsonify(text=fh.read(2000))


@app.route("/delete", methods=["POST"])
def delete():
    name = request.form["name"]
    path = os.path.join(UPLOAD_ROOT, name)
    if not os.path.exists(path):
        abort(404)
    # expect: file-operation-with-untrusted-path
    os.remove(path)
    next_url = request.form.get("next", "/")
    # expect: open-redirect-untrusted-url
    return redirect(next_url)


@app.route("/rename", methods=["POST"])
def rename():
    old = secure_filename(request.form["old"])
    new = secure_filename(request.form["new"])
    # ok: file-operation-with-untrusted-path
    os.rename(os.path.join(UPLOAD_ROOT, old), os.path.join(UPLOAD_ROOT, new))
    # ok: open-redirect-untrusted-url
    return redirect(url_for("index"))


if __name__ == "__main__":
    os.makedirs(UPLOAD_ROOT, exist_ok=True)
    # expect: flask-debug-mode-enabled
    app.run(host="0.0.0.0", port=8080, debug=True)
