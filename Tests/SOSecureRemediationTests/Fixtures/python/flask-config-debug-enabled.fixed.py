from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = False
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
