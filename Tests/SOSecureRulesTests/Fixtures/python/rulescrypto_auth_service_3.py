"""Flask auth service: login with JWT, password reset by e-mail code, profile import."""
import datetime
import os
import random
import secrets

import jwt
from flask import Flask, jsonify, request
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
# expect: hardcoded-secret-key
app.config["SECRET_KEY"] = "change-this-in-production"
# ok: hardcoded-secret-key
app.config["JWT_SIGNING_KEY"] = os.environ.get("JWT_SIGNING_KEY")

USERS = {}
RESET_CODES = {}


def make_token(username):
    payload = {"sub": username, "exp": datetime.datetime.utcnow() + datetime.timedelta(hours=2)}
    # expect: jwt-hardcoded-secret
    return jwt.encode(payload, "jwt-secret-123", algorithm="HS256")


def read_token_claims(token):
    # expect: jwt-decode-without-key
    return jwt.decode(token, options={"verify_signature": False})


def verify_token(token):
    # ok: jwt-decode-without-key
    return jwt.decode(token, app.config["JWT_SIGNING_KEY"], algorithms=["HS256"])


@app.route("/register", methods=["POST"])
def register():
    data = request.get_json()
    USERS[data["username"]] = generate_password_hash(data["password"])
    return jsonify({"status": "created"}), 201


@app.route("/login", methods=["POST"])
def login():
    data = request.get_json()
    username, password = data.get("username"), data.get("password")
    # expect: hardcoded-password
    if username == "admin" and password == "letmein!":
        return jsonify({"token": make_token("admin")})
    stored = USERS.get(username)
    if stored and check_password_hash(stored, password):
        return jsonify({"token": make_token(username)})
    return jsonify({"error": "invalid credentials"}), 401


@app.route("/reset/request", methods=["POST"])
def request_reset():
    username = request.get_json()["username"]
    # expect: random-numeric-otp
    code = random.randint(100000, 999999)
    RESET_CODES[username] = code
    return jsonify({"status": "sent"})


@app.route("/reset/request-v2", methods=["POST"])
def request_reset_v2():
    username = request.get_json()["username"]
    # ok: random-numeric-otp
    code = secrets.randbelow(900000) + 100000
    RESET_CODES[username] = code
    return jsonify({"status": "sent"})


@app.route("/me")
def me():
    token = request.headers.get("Authorization", "").replace("Bearer ", "")
    claims = verify_token(token)
    return jsonify({"user": claims["sub"]})
