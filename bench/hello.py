"""The yardstick: a hello-world Flask app served by the same gunicorn configuration."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """Say hello, and nothing more."""
    return "Hello, world!"
