from __future__ import annotations

from django.apps import AppConfig


class PlayerConfig(AppConfig):
    name = "footcoach.player"
    label = "player"
