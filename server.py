"""The WSGI entry point: `app` is what gunicorn or any WSGI server loads; `python server.py` serves it."""

from kg.config import DEFAULT_HOST, DEFAULT_PORT
from kg.web import create_app

app = create_app()

if __name__ == "__main__":
    print(f"filmkg at http://{DEFAULT_HOST}:{DEFAULT_PORT}/")
    app.run(host=DEFAULT_HOST, port=DEFAULT_PORT)
