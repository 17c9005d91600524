"""Arbitrary JSON through the real sync endpoint: whatever a device sends, the answer is
JSON and never a 500, the good logs beside a bad one are stored, and the person's logs
can still be read back afterwards."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach.training.models import SessionLog
from tests.training.conftest import Person
from tests.training.support import call, make_log

pytestmark = pytest.mark.django_db(transaction=True)

# Written into the body as text after json.dumps, which cannot write them:
# a number past Python's 4300-digit limit, and lists nested past its recursion limit.
BIG = "@@big{}@@"
DEEP = "@@deep{}@@"
ODD_TEXT = [
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff tail", "NaN", "Infinity", "-0", "1e999", "٣", "²", "１０",
    "10", "true", "yes", "null", "left", "LEFT", "heel-raise", "sole-training", "pain-over-7", "x" * 2001,
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2025-02-30T07:30:00Z", "2025-03-03T24:00:00Z",
    "2025-03-03T07:30:00", "1970-01-01T00:00:00Z", "2025-03-03T07:30:00+99:00", "２０２５-03-03T07:30:00Z",
    "2999-01-01T00:00:00Z", "1999-12-31T23:59:59.999999Z", str(uuid.UUID(int=0)),
]
leaves = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40), st.integers(min_value=-3, max_value=12),
    st.floats(), st.text(max_size=12), st.sampled_from(ODD_TEXT),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.integers(min_value=4301, max_value=6000).map(BIG.format),
    st.sampled_from([70, 2_000]).map(DEEP.format),
)
json_values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)
LOG_FIELDS = [*make_log(), "stopped_reason", "unknown"]
ENTRY_FIELDS = [*make_log()["entries"][1], "kind", "moment", "value", "unknown"]


def written(body: Any) -> bytes:
    text = json.dumps(body)
    text = re.sub(r'"@@big(\d+)@@"', lambda found: "-" + "7" * int(found.group(1)), text)
    text = re.sub(r'"@@deep(\d+)@@"', lambda found: "[" * int(found.group(1)) + "]" * int(found.group(1)), text)
    return text.encode()


@st.composite
def bad_logs(draw: st.DrawFn) -> Any:
    """A valid log with one or two of its fields, or of an entry's, made arbitrary; or anything at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    log = make_log()
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.booleans()):
            log[draw(st.sampled_from(LOG_FIELDS))] = draw(json_values)
        elif isinstance(log.get("entries"), list) and log["entries"]:
            entry = log["entries"][draw(st.integers(0, len(log["entries"]) - 1))]
            if isinstance(entry, dict):
                entry[draw(st.sampled_from(ENTRY_FIELDS))] = draw(json_values)
    return log


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bad=st.lists(bad_logs(), min_size=1, max_size=3), whole=st.integers(0, 19))
def test_it_answers_any_json_in_json_and_stores_the_good_logs_beside_it(
    live_server: Any, alice: Person, bad: list[Any], whole: int
) -> None:
    good = [make_log(), make_log()]
    # Now and then the body itself is not the object a sync expects.
    body = bad[0] if whole == 0 else {"logs": [good[0], *bad, good[1]]}

    status, answer = call(live_server.url, "POST", "/api/logs/sync", token=alice.token, raw=written(body))

    assert status in (200, 400), answer
    if status == 400:
        assert isinstance(answer["detail"], str) and answer["detail"]
    elif whole != 0:
        assert sorted(answer) == ["already", "refused", "stored"]
        assert answer["stored"][0] == good[0]["id"] and answer["stored"][-1] == good[1]["id"]
        assert SessionLog.objects.filter(id__in=[log["id"] for log in good]).count() == 2
    status, listed = call(live_server.url, "GET", "/api/logs?limit=1000", token=alice.token)
    assert status == 200
    assert {log["id"] for log in listed} == {str(key) for key in SessionLog.objects.values_list("id", flat=True)}
