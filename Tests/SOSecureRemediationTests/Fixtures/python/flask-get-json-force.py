from flask import Flask, request

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    payload = request.get_json(force=True, silent=True)
    return {"received": bool(payload)}
