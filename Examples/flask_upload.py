"""Small file-sharing service: upload a file, list uploads, convert images.

Generated with an AI coding assistant and pasted in as-is.
"""
import os
import pickle
import sqlite3
import subprocess

import yaml
from flask import Flask, jsonify, request, send_file

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-key-12345"
app.config["UPLOAD_FOLDER"] = "/var/www/uploads"

DATABASE = "uploads.db"


def get_db():
    conn = sqlite3.connect(DATABASE)
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/upload", methods=["POST"])
def upload():
    uploaded = request.files["file"]
    owner = request.form.get("owner", "anonymous")
    path = os.path.join(app.config["UPLOAD_FOLDER"], uploaded.filename)
    uploaded.save(path)

    db = get_db()
    db.execute(f"INSERT INTO uploads (owner, path) VALUES ('{owner}', '{path}')")
    db.commit()
    return jsonify({"status": "ok", "path": path})


@app.route("/files")
def list_files():
    owner = request.args.get("owner", "")
    db = get_db()
    rows = db.execute(f"SELECT path FROM uploads WHERE owner = '{owner}'").fetchall()
    return jsonify([row["path"] for row in rows])


@app.route("/convert")
def convert():
    name = request.args["name"]
    size = request.args.get("size", "800x600")
    # Resize with ImageMagick; much faster than doing it in Python.
    cmd = "convert /var/www/uploads/" + name + " -resize " + size + " /tmp/out.png"
    subprocess.call(cmd, shell=True)
    return send_file("/tmp/out.png", mimetype="image/png")


@app.route("/settings", methods=["POST"])
def settings():
    config = yaml.load(request.data)
    prefs = pickle.loads(bytes.fromhex(request.cookies.get("prefs", "")))
    prefs.update(config or {})
    return jsonify(prefs)


@app.route("/download")
def download():
    filename = request.args.get("file")
    return send_file(os.path.join(app.config["UPLOAD_FOLDER"], filename))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
