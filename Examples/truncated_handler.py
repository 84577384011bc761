"""A model's answer that stopped mid-function (the token limit was reached).

Everything before the cut still parses; `sosecure ast` shows the tree of the
complete statements and points at where the code breaks off.
"""
import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    output = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return output.decode()


@app.route("/cleanup")
def cleanup():
    target = request.args["dir"]
    if os.path.isdir(target):
        subprocess.run(["rm", "-rf", target]
