from __future__ import annotations

from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "footcoach.progress"
    label = "progress"
    default_auto_field = "django.db.models.BigAutoField"
