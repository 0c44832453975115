"""The project's Celery app. Defining it connects to nothing: a worker would be started
with `celery -A mysite worker` from the same image, next to a broker (CELERY_BROKER_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")

app = Celery("mysite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task
def add(x, y):
    return x + y
