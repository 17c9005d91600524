"""Read the content folder into one validated, immutable Library.

Every content file is a YAML list of objects of one kind; the folder names the
kind (exercises/, programs/, tests/, conditions/, methods/, sources/, maps/).
All problems are collected and reported together, each with its file, line
and field, so an author fixes a whole file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from footcoach.core.library import Library
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

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

KINDS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "methods": Method,
    "exercises": Exercise,
    "programs": Program,
    "tests": SelfTest,
    "conditions": Condition,
    "maps": FootMap,
    "stop-rules": StopRule,
    "goals": Goal,
}

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ContentProblem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class _Located:
    """A parsed object with where it came from, kept until cross-checks are done."""

    obj: BaseModel
    file: str
    index: int
    lines: Mapping[Path_, int]

    def line_of(self, path: Path_) -> int:
        full: Path_ = (self.index, *path)
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        return 1


# Bounds on one content file, far above what real content needs (the largest
# shipped file holds under 1,000 values, 6 levels deep). Aliases let a few lines
# stand for billions of values ("billion laughs"), and deep nesting exhausts
# Python's recursion; both are refused before anything walks the document.
MAX_DEPTH = 20
MAX_VALUES = 20_000


class _ShapeError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


class _ContentLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses a document too deep or too big, and
    reports a value it cannot build as a YAML error at its place.

    The size is checked on each event as the composer takes it, adding up each
    anchor's expanded size, so a bomb is measured without ever being expanded
    and before anything walks the document."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.counts = [0]  # values inside each open list or mapping, aliases expanded
        self.open_anchors: list[str | None] = []  # the anchor of each open list or mapping
        self.sizes: dict[str, int] = {}

    def get_event(self) -> yaml.Event:
        event: yaml.Event = super().get_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.CollectionStartEvent):
            if len(self.open_anchors) >= MAX_DEPTH:
                raise _ShapeError(line, f"nested more than {MAX_DEPTH} levels deep")
            self.counts.append(0)
            self.open_anchors.append(event.anchor)
            return event
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = self.counts.pop() + 1, self.open_anchors.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise _ShapeError(line, f"the alias *{event.anchor} is inside what it refers to")
            size, anchor = self.sizes.get(event.anchor or "", 1), None
        else:
            return event
        if anchor is not None:
            self.sizes[anchor] = size
        self.counts[-1] += size
        if self.counts[-1] > MAX_VALUES:
            raise _ShapeError(line, f"more than {MAX_VALUES} values, counting what each alias (*name) stands for")
        return event

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            # An integer past Python's digit limit, or a date like 2024-13-45.
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {_shorten(str(node.value))}: {exc}", node.start_mark
            ) from exc


def _shorten(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _parse_yaml(text: str, shown: str, problems: list[ContentProblem]) -> tuple[yaml.Node | None, Any] | None:
    """The document's node (for lines) and data, or None with the problem recorded."""
    loader: _ContentLoader | None = None
    try:
        loader = _ContentLoader(text)
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except _ShapeError as exc:
        problems.append(ContentProblem(shown, exc.line, "", f"not accepted as content: {exc.message}"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(ContentProblem(shown, line, "", f"not valid YAML: {exc.problem or exc}"))
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow, such as NUL: PyYAML gives only its offset.
        line = text.count("\n", 0, exc.position) + 1
        problems.append(ContentProblem(shown, line, "", f"not valid YAML: character #x{exc.character:04x} "
                                                       f"is not allowed ({exc.reason})"))
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _index_lines(node: yaml.Node, path: Path_, out: dict[Path_, int], dupes: list[tuple[Path_, int]]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                dupes.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            out[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, out, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out, dupes)


def _field_name(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def _read_file(
    path: Path, shown: str, model: type[BaseModel], problems: list[ContentProblem], raw_ids: set[str]
) -> list[_Located]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ContentProblem(shown, 1, "", f"cannot read the file: {exc}"))
        return []
    parsed = _parse_yaml(text, shown, problems)
    if parsed is None:
        return []
    node, data = parsed
    if node is None or not isinstance(data, list):
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(ContentProblem(shown, line, "", "the file must hold a YAML list of objects"))
        return []
    lines: dict[Path_, int] = {}
    dupes: list[tuple[Path_, int]] = []
    _index_lines(node, (), lines, dupes)
    for dupe_path, line in dupes:
        problems.append(ContentProblem(shown, line, _field_name(dupe_path[1:]), "this key is given twice"))
    located: list[_Located] = []
    for index, raw in enumerate(data):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            # Known even when the object is invalid, so references to it are
            # not reported as dangling on top of its own problem.
            raw_ids.add(raw["id"])
        where = _Located(obj=model.model_construct(), file=shown, index=index, lines=lines)
        try:
            obj = model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(part for part in err["loc"] if not str(part).startswith("function-"))
                problems.append(
                    ContentProblem(shown, where.line_of(loc), _item_field(raw, index, loc), _message(err))
                )
            continue
        located.append(_Located(obj=obj, file=shown, index=index, lines=lines))
    return located


def _item_field(raw: Any, index: int, loc: Path_) -> str:
    name = raw.get("id") if isinstance(raw, dict) else None
    head = f"{name}" if isinstance(name, str) else f"item {index + 1}"
    return f"{head}.{_field_name(loc)}" if loc else head


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return "this field is required but missing"
    if err["type"] == "extra_forbidden":
        return "unknown field (check its spelling)"
    message = str(err["msg"])
    return message.removeprefix("Value error, ")


def _walk_sources(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Yield every `source` reference anywhere inside a dumped object."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "source" and isinstance(child, str):
                yield (*path, key), child
            else:
                yield from _walk_sources(child, (*path, key))
    elif isinstance(value, list | tuple):
        for i, child in enumerate(value):
            yield from _walk_sources(child, (*path, i))


def _cross_check(
    found: dict[str, list[_Located]], ids: dict[str, set[str]], problems: list[ContentProblem]
) -> None:
    def dangling(item: _Located, path: Path_, kind: str, target: str) -> None:
        label = kind.rstrip("s") if kind != "tests" else "self-test"
        problems.append(
            ContentProblem(
                item.file,
                item.line_of(path),
                f"{item.obj.id}.{_field_name(path)}",  # type: ignore[attr-defined]
                f"no {label} has the id {target!r}",
            )
        )

    for items in found.values():
        seen: dict[str, _Located] = {}
        for item in items:
            obj_id = item.obj.id  # type: ignore[attr-defined]
            if obj_id in seen:
                first = seen[obj_id]
                problems.append(
                    ContentProblem(item.file, item.line_of(("id",)), f"{obj_id}.id",
                                   f"this id is already used at {first.file}:{first.line_of(('id',))}")
                )
            seen[obj_id] = item
            dumped = item.obj.model_dump(mode="json")
            for path, target in _walk_sources(dumped, ()):
                if target not in ids["sources"]:
                    dangling(item, path, "sources", target)
            if "method" in dumped and dumped["method"] not in ids["methods"]:
                dangling(item, ("method",), "methods", dumped["method"])

    for item in found["programs"]:
        program: Program = item.obj  # type: ignore[assignment]
        for i, entry in enumerate(program.items):
            if entry.exercise is not None and entry.exercise not in ids["exercises"]:
                dangling(item, ("items", i, "exercise"), "exercises", entry.exercise)
            if entry.test is not None and entry.test not in ids["tests"]:
                dangling(item, ("items", i, "test"), "tests", entry.test)
        if program.foot_map is not None and program.foot_map not in ids["maps"]:
            dangling(item, ("foot_map",), "maps", program.foot_map)

    for item in found["goals"]:
        goal: Goal = item.obj  # type: ignore[assignment]
        for g, target in enumerate(goal.programs):
            if target not in ids["programs"]:
                dangling(item, ("programs", g), "programs", target)
        for t, target in enumerate(goal.tests):
            if target not in ids["tests"]:
                dangling(item, ("tests", t), "tests", target)

    for item in found["conditions"]:
        condition: Condition = item.obj  # type: ignore[assignment]
        for r, rule in enumerate(condition.rules):
            for e, target in enumerate(rule.applies_to.exercises):
                if target not in ids["exercises"]:
                    dangling(item, ("rules", r, "applies_to", "exercises", e), "exercises", target)
            for p, target in enumerate(rule.applies_to.programs):
                if target not in ids["programs"]:
                    dangling(item, ("rules", r, "applies_to", "programs", p), "programs", target)


def check_content(root: Path = CONTENT_DIR) -> tuple[Library | None, list[ContentProblem]]:
    """Load every content file under root; return the library and all problems found."""
    problems: list[ContentProblem] = []
    found: dict[str, list[_Located]] = {kind: [] for kind in KINDS}
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    if not root.is_dir():
        return None, [ContentProblem(str(root), 1, "", "no such content folder")]
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root)
        kind = relative.parts[0]
        shown = str(path)
        if kind not in KINDS or len(relative.parts) < 2:
            problems.append(ContentProblem(shown, 1, "", f"not inside one of the folders {', '.join(KINDS)}"))
            continue
        found[kind].extend(_read_file(path, shown, KINDS[kind], problems, ids[kind]))
    _cross_check(found, ids, problems)
    if problems:
        return None, problems
    library = Library.build({kind: [item.obj for item in items] for kind, items in found.items()})
    return library, []


def load_library(root: Path = CONTENT_DIR) -> Library:
    library, problems = check_content(root)
    if library is None:
        raise ContentError(problems)
    return library
