from __future__ import annotations

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "footcoach.coaching"
    label = "coaching"
    default_auto_field = "django.db.models.BigAutoField"
