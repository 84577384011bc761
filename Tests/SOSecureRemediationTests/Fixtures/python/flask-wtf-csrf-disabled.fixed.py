import os
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET"]
app.config["WTF_CSRF_ENABLED"] = True
