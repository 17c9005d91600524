from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "footcoach.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"
