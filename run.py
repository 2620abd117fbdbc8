"""Development entry point: `python run.py` (or `flask run`, which finds `app` by itself).

The only module-level application object of the project; production servers import it too
(`gunicorn run:app` with FLASK_CONFIG=production).
"""

from app import create_app

app = create_app()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
