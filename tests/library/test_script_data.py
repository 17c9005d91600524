"""The data a page hands to its scripts: the same element Django's json_script writes, and it cannot break out."""

from __future__ import annotations

import json
import re
from datetime import date

from django.utils.html import json_script
from hypothesis import given
from hypothesis import strategies as st

from footcoach.library.templatetags.footcoach import script_data

# Texts like the ones the pages carry: pictures' SVG, notes a person typed, and
# what an attacker would type to end the script element early.
TEXTS = st.one_of(
    st.text(),
    st.sampled_from(["</script><script>alert(1)</script>", "<!-- <script>", "a & b", "<svg><path d='M 0 0'/></svg>",
                     "\u2028\u2029", "caf\u00e9 \U0001f9b6"]),
)
DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=20,
)


@given(DATA)
def test_it_writes_what_djangos_json_script_writes(value: object) -> None:
    assert script_data(value, "session-data") == json_script(value, "session-data")


@given(DATA)
def test_the_data_reads_back_whole_and_never_ends_its_element(value: object) -> None:
    element = str(script_data(value, "data"))
    inside = re.fullmatch(r'<script id="data" type="application/json">(.*)</script>', element, re.S)
    assert inside is not None
    assert "<" not in inside.group(1) and ">" not in inside.group(1)
    assert json.loads(inside.group(1)) == value


def test_dates_are_written_as_django_writes_them() -> None:
    assert script_data({"day": date(2026, 12, 1)}, "d") == json_script({"day": date(2026, 12, 1)}, "d")
