from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from footcoach.core.dose import describe_dose
from footcoach.core.drawing import foot_map_svg, picture_svg
from footcoach.core.schemas import (
    EQUIPMENT_NAMES,
    EVIDENCE_LABEL_NAMES,
    REGION_NAMES,
    Claim,
    Dose,
    Equipment,
    FootMap,
    Picture,
    Region,
    Source,
)

register = template.Library()


@register.simple_tag
def picture(drawing: Picture, title: str) -> SafeString:
    # The drawing module escapes every text it puts into the SVG.
    return mark_safe(picture_svg(drawing, title=title))  # noqa: S308


@register.simple_tag
def foot_map(drawing: FootMap) -> SafeString:
    return mark_safe(foot_map_svg(drawing, title=drawing.name))  # noqa: S308


@register.filter
def dose_text(dose: Dose) -> str:
    return describe_dose(dose)


@register.filter
def equipment_name(item: Equipment) -> str:
    return EQUIPMENT_NAMES[item]


@register.filter
def region_name(region: Region) -> str:
    return REGION_NAMES[region]


@register.simple_tag
def evidence(claim: Claim, sources: Mapping[str, Source]) -> SafeString:
    source = sources[claim.source]
    if claim.grade:
        grade = format_html(" (grade {})", claim.grade)
    elif claim.strength:
        grade = format_html(" ({})", claim.strength[0].lower() + claim.strength[1:])
    else:
        grade = ""
    link = (
        format_html(' <a href="{}" rel="noreferrer">{}</a>', source.url, "Read the source")
        if source.url
        else ""
    )
    return format_html(
        '<span class="label label-{}">{}</span>{} <span class="source">Source: {}.{}</span>',
        claim.label.value,
        EVIDENCE_LABEL_NAMES[claim.label],
        grade,
        source.citation.rstrip("."),
        link,
    )


@register.filter
def get_item(mapping: Mapping[str, object], key: str) -> object:
    return mapping.get(key)


# What Django's json_script escapes, so that the data cannot end its <script>
# element or open a comment in it.
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.filter
def script_data(value: Any, element_id: str) -> SafeString:
    """The same element as Django's json_script, escaped with str.replace.

    json_script escapes with str.translate, which looks up every character in
    Python: on the player's 35 KB of data (its pictures are SVG, full of < and
    >) that took 2 ms a page, twenty times what three replaces take.
    """
    text = json.dumps(value, cls=DjangoJSONEncoder)
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308


@register.simple_tag
def score_buttons(submit: str = "", pressed: int | None = None) -> SafeString:
    """The buttons of a score from 0 to 10: buttons the player's script reads, or,
    given `submit`, buttons that send the form with the score under that name,
    the one `pressed` marked so."""
    return _score_buttons(submit, pressed if isinstance(pressed, int) else None)


# The same for everyone, so drawn once a process for each kind: drawn on each
# page, the player's three scales were a third of its template's time, and
# the plan's morning scale 40 % of its form's, every number going through
# Django's locale formatting.
@lru_cache(maxsize=32)
def _score_buttons(submit: str, pressed: int | None) -> SafeString:
    context = {"scale": range(11), "submit": submit, "pressed": pressed}
    return mark_safe(render_to_string("_score_buttons.html", context))  # noqa: S308


@register.filter
def long_day(day: date) -> str:
    """A day as "Monday 7 December": what the date filter writes with "l j F"."""
    return _long_day(day)


# The same few days are worded on every plan page (today, the next session,
# the week), and Django's date formatting looks up each name anew: a day's
# words are written once.
@lru_cache(maxsize=1024)
def _long_day(day: date) -> str:
    return dateformat.format(day, "l j F")
