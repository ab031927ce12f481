"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from commentsvc import create_app
from commentsvc.queue import rebuild_at_start

app = create_app()
rebuild_at_start(app)
