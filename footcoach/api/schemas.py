"""What the library API answers: the content objects plus a few derived fields."""

from __future__ import annotations

from pydantic import BaseModel

from footcoach.core.schemas import Condition, Exercise, Program, SelfTest


class ExerciseOut(Exercise):
    minutes: int
    method_name: str
    credit: str
    url: str


class ProgramOut(Program):
    minutes: int
    method_name: str
    credit: str
    url: str


class SelfTestOut(SelfTest):
    url: str


class ConditionOut(Condition):
    pass


class ErrorOut(BaseModel):
    detail: str | list[str]


class InputProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class InputErrorOut(BaseModel):
    """The 422 answer to a query or path value that does not fit, one problem per value."""

    detail: list[InputProblem]
