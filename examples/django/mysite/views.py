"""A JSON view at / for a quick check, and the same through Django REST framework."""

import functools
import importlib.metadata
import os
import platform

import django
import rest_framework
from django.db import connection
from django.http import JsonResponse
from rest_framework.response import Response
from rest_framework.views import APIView


@functools.cache
def installed_packages():
    """Names of the distributions installed in the venv (requirements.txt pins them all)."""
    return sorted({d.metadata["Name"].lower().replace("_", "-") for d in importlib.metadata.distributions()})


def index(request):
    return JsonResponse(
        {
            "app": "django",
            "python": platform.python_version(),
            "django": django.get_version(),
            "packages": len(installed_packages()),
        },
        json_dumps_params={"separators": (",", ":")},
    )


class InfoView(APIView):
    def get(self, request):
        return Response(
            {
                "uid": os.getuid(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "djangorestframework": rest_framework.VERSION,
                "database": connection.vendor,
                "packages": installed_packages(),
            }
        )
