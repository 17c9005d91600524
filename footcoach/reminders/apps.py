from __future__ import annotations

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "footcoach.reminders"
    label = "reminders"
    default_auto_field = "django.db.models.BigAutoField"
