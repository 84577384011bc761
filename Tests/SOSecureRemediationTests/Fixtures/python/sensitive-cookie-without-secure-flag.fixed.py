import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/session")
def start_session():
    response = make_response("ok")
    response.set_cookie("session_token", secrets.token_hex(16), httponly=True, samesite="Strict", secure=True)
    return response
