"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from commentsvc import create_app
from commentsvc.classifier import ensure_model_at_start
from commentsvc.queue import rebuild_at_start

app = create_app()
rebuild_at_start(app)
ensure_model_at_start(app)
