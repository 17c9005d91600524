"""The production settings the README documents hold up: Django's deployment
checks are clean with them, and they switch on HTTPS and trust the proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
FOOTCOACH = str(Path(sys.executable).with_name("footcoach"))


def documented_settings() -> dict[str, str]:
    """The block of NAME=value lines under "Running in production" in the README."""
    part = README.read_text().split("## Running in production", 1)[1]
    lines = [line.strip() for line in part.splitlines() if line.startswith("    ")]
    block = []
    for line in lines:
        if "=" not in line or " " in line.split("=", 1)[0]:
            break
        block.append(line)
    assert len(block) >= 5, "the README lost its production settings"
    return dict(line.split("=", 1) for line in block)


def server_environment(tmp_path: Path) -> dict[str, str]:
    # The browser tests' switch for Django's async check is the test run's,
    # not the server's; Django rightly flags it in a deployment.
    env = {**os.environ, "FOOTCOACH_DATA": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def footcoach(tmp_path: Path, *args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {**server_environment(tmp_path), **documented_settings(), **overrides}
    env["SECRET_KEY"] = "a-test-key-" + "x" * 50
    return subprocess.run([FOOTCOACH, *args], capture_output=True, text=True, env=env, timeout=120)


def test_it_passes_the_deployment_checks_with_the_documented_settings(tmp_path: Path) -> None:
    checked = footcoach(tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_the_deployment_checks_find_a_plain_http_setup_lacking(tmp_path: Path) -> None:
    env = server_environment(tmp_path)
    env.pop("HTTPS", None)
    checked = subprocess.run([FOOTCOACH, "manage", "check", "--deploy", "--fail-level", "WARNING"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert checked.returncode != 0 and "SECURE_SSL_REDIRECT" in checked.stderr + checked.stdout


PROBE = """
from django.test import Client
plain = Client(HTTP_HOST="footcoach.example.org").get("/library")
print("plain", plain.status_code, plain.get("Location"))
proxied = Client(HTTP_HOST="footcoach.example.org", HTTP_X_FORWARDED_PROTO="https").get("/library")
print("proxied", proxied.status_code, proxied.get("Strict-Transport-Security"))
print("csp", proxied.get("Content-Security-Policy"))
"""


def test_the_documented_settings_redirect_to_https_and_send_hsts_and_a_policy(tmp_path: Path) -> None:
    # The documented database is not there to reach; pages are answered from a local one.
    migrated = footcoach(tmp_path, "manage", "migrate", "-v0", DATABASE_URL="")
    assert migrated.returncode == 0, migrated.stderr
    ran = footcoach(tmp_path, "manage", "shell", "-c", PROBE, DATABASE_URL="")
    assert ran.returncode == 0, ran.stderr
    said = dict(line.split(" ", 1) for line in ran.stdout.splitlines() if " " in line)
    assert said["plain"] == "301 https://footcoach.example.org/library"
    assert said["proxied"].startswith("200 max-age=31536000; includeSubDomains; preload")
    assert "script-src 'self'" in said["csp"] and "unsafe-inline" not in said["csp"]
