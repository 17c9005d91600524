"""Whatever a content file holds, the loader answers a list of problems, each naming a file
and a line in it; it never raises and never hangs."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.core.loader import CONTENT_DIR, ContentError, check_content, load_library

# One file of each shape: objects with nested doses and pictures, a program's items, plain rules.
FILES = ["exercises/sole-training.yaml", "programs/sole-training.yaml", "stop-rules/stop-rules.yaml",
         "methods/methods.yaml"]
# The copy holds those files and what they refer to, not the whole folder: the pure-Python YAML
# parser takes about a second for all of it on a busy machine, and each example reads the copy.
COPIED = [*FILES, "sources/clinical.yaml", "sources/research.yaml", "sources/seeds.yaml",
          "tests/self-tests.yaml", "maps/foot-map.yaml"]
BOUNDED = settings(max_examples=30, deadline=None, derandomize=True)

# Pieces of text that have broken YAML loaders: control and non-UTF-8 bytes, tabs, anchors and
# aliases (a bomb among them), tags, merge keys, keys given twice, deep nesting, several documents.
NASTY = [
    b"\x00", b"\x07", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe9", b"\t", b"\r", b"\x85", b"\xe2\x80\xa8",
    b"&a ", b"*a", b"*nowhere", b"<<: *a\n", b"!!binary ", b"!!python/object:os.system ", b"!!int ",
    b"!!timestamp ", b"? ", b": ", b"- ", b"{", b"}", b"[", b"]", b"'", b'"', b"|", b">", b"#", b"%YAML 9.9\n",
    b"---\n", b"...\n", b"\n  id: twice\n  id: twice\n", b"[" * 200, b"{a: " * 200, b"- " * 200,
    b"9" * 5000, b"1e999", b"-.inf", b".nan", b"2024-13-45", b"0x_", b"0o9", b"~", b"null", b"yes",
    b"- &l0 [x, x, x, x, x, x, x, x, x, x]\n"
    + b"".join(b"- &l%d [%s]\n" % (n, b", ".join([b"*l%d" % (n - 1)] * 10)) for n in range(1, 9)),
    b"- &r [*r]\n", "é ünïcödé 🦶".encode(), b"x" * 100_000,
]

# Values of every kind, with the ones that have broken validators: huge, non-finite, nested deep.
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.sampled_from([10**4000, -(10**4000), "\x00", "", "x" * 10_000]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3), max_leaves=10)


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for name in COPIED:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CONTENT_DIR / name, root / name)
    assert check_content(root)[1] == [], "the copy is valid content before it is changed"
    return root


def assert_only_problems_naming_a_line_of_a_file(root: Path) -> None:
    library, problems = check_content(root)
    assert (library is None) == bool(problems)
    for problem in problems:
        path = Path(problem.file)
        assert path.is_relative_to(root) and path.is_file(), problem
        # Counted as YAML counts them: a lone carriage return also ends a line.
        lines = len(path.read_bytes().decode("utf-8", "replace").splitlines()) + 1
        assert 1 <= problem.line <= lines, problem
        assert str(problem).startswith(f"{path}:{problem.line}: ")
    if problems:
        with pytest.raises(ContentError):
            load_library(root)


def mutate(data: Any, where: list[int], change: Callable[[dict[str, Any], str], None]) -> None:
    """Change one key of one object somewhere inside data (the first index picks the object)."""
    objects: list[dict[str, Any]] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            objects.append(value)
            for child in value.values():
                collect(child)
        elif isinstance(value, list):
            for child in value:
                collect(child)

    collect(data)
    target = objects[where[0] % len(objects)]
    keys = sorted(target, key=str)
    change(target, str(keys[where[1] % len(keys)]) if keys else "id")


def drop(target: dict[str, Any], key: str) -> None:
    target.pop(key, None)


def test_it_answers_problems_for_any_change_to_the_values_of_a_real_file(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    originals = {name: (CONTENT_DIR / name).read_text() for name in FILES}
    parsed = {name: yaml.safe_load(text) for name, text in originals.items()}

    @BOUNDED
    @given(name=st.sampled_from(FILES), where=st.lists(st.integers(0, 10_000), min_size=2, max_size=2),
           how=st.sampled_from(["drop", "replace", "add"]), value=values)
    def check(name: str, where: list[int], how: str, value: Any) -> None:
        original, data = originals[name], copy.deepcopy(parsed[name])

        def change(target: dict[str, Any], key: str) -> None:
            if how == "drop":
                target.pop(key, None)
            elif how == "replace":
                target[key] = value
            else:
                target["an_unknown_field"] = value

        mutate(data, where, change)
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True))
        try:
            assert_only_problems_naming_a_line_of_a_file(root)
        finally:
            (root / name).write_text(original)

    check()


def test_it_answers_problems_for_any_bytes_put_into_a_real_file(tmp_path: Path) -> None:
    root = copy_content(tmp_path)

    @BOUNDED
    @given(name=st.sampled_from(FILES), at=st.floats(0, 1), cut=st.integers(0, 40),
           pieces=st.lists(st.sampled_from(NASTY) | st.binary(max_size=8), min_size=1, max_size=3))
    def check(name: str, at: float, cut: int, pieces: list[bytes]) -> None:
        original = (CONTENT_DIR / name).read_bytes()
        position = int(len(original) * at)
        (root / name).write_bytes(original[:position] + b"".join(pieces) + original[position + cut:])
        try:
            assert_only_problems_naming_a_line_of_a_file(root)
        finally:
            (root / name).write_bytes(original)

    check()


@pytest.mark.parametrize("text", [b"", b"\n", b"# only a comment\n", b"---\n", b"[]\n", b"- \n", b"42\n", b"{}\n"])
def test_it_says_a_file_must_hold_a_list_of_objects(tmp_path: Path, text: bytes) -> None:
    root = copy_content(tmp_path)
    (root / FILES[2]).write_bytes(text)
    assert_only_problems_naming_a_line_of_a_file(root)
