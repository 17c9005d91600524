"""Checks that a drawn picture is one well-formed SVG that stands on its own."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well formed


def assert_self_contained(svg: str) -> ET.Element:
    """Every id once, every reference to an id defined, no broken numbers; the parsed root."""
    root = parse(svg)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(root.get("aria-labelledby", "").split())
    assert referenced <= set(ids)
    assert "nan" not in svg and "inf" not in svg
    return root
