"""The validated content as one immutable object, with look-ups by id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from footcoach.core.schemas import (
    Condition,
    Exercise,
    FootMap,
    Goal,
    Method,
    Program,
    SelfTest,
    Source,
    StopRule,
)

T = TypeVar("T")


def _by_id(items: Sequence[Any]) -> Mapping[str, Any]:
    return MappingProxyType({item.id: item for item in items})


@dataclass(frozen=True)
class Library:
    sources: Mapping[str, Source]
    methods: Mapping[str, Method]
    exercises: Mapping[str, Exercise]
    programs: Mapping[str, Program]
    tests: Mapping[str, SelfTest]
    conditions: Mapping[str, Condition]
    maps: Mapping[str, FootMap]
    stop_rules: Mapping[str, StopRule]
    goals: Mapping[str, Goal]

    @classmethod
    def build(cls, kinds: Mapping[str, Sequence[Any]]) -> Library:
        return cls(**{name: _by_id(kinds.get(name.replace("_", "-"), ())) for name in cls.__dataclass_fields__})

    def method_of(self, item: Exercise | Program) -> Method:
        return self.methods[item.method]

    def exercises_of(self, program: Program) -> tuple[Exercise, ...]:
        """The distinct exercises of a program, in the order they first appear."""
        seen: dict[str, Exercise] = {}
        for entry in program.items:
            if entry.exercise is not None and entry.exercise not in seen:
                seen[entry.exercise] = self.exercises[entry.exercise]
        return tuple(seen.values())

    def programs_with(self, exercise: Exercise) -> tuple[Program, ...]:
        return tuple(p for p in self.programs.values() if any(i.exercise == exercise.id for i in p.items))
