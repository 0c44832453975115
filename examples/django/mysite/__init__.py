# Load the Celery app whenever Django starts, so that @shared_task uses it
# (the usual layout of a Django project with Celery).
from .celery import app as celery_app

__all__ = ("celery_app",)
