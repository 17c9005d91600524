"""A real footcoach server for the tests that need one: gunicorn on a SQLite
file in a data folder of its own, started, killed and restarted like production."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

FOOTCOACH = str(Path(sys.executable).with_name("footcoach"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RealServer:
    def __init__(self, data_dir: Path, *, workers: int = 2) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # DATABASE_URL is emptied so the server uses the SQLite default.
        self.env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    def footcoach(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run the command line against this server's data folder."""
        return subprocess.run(
            [FOOTCOACH, *args], input=stdin, capture_output=True, text=True, timeout=120, env=self.env
        )

    def prepare(self, email: str) -> str:
        """Migrate the database, make an account and return an API token for it."""
        assert self.footcoach("manage", "migrate", "--noinput", "-v0").returncode == 0
        created = self.footcoach("user", "create", email, stdin="walking barefoot on sand\n")
        assert created.returncode == 0, created.stderr
        token = self.footcoach("token", "create", email, "--name", "test client")
        assert token.returncode == 0, token.stderr
        return token.stdout.strip().splitlines()[-1]

    def start(self) -> None:
        with self.log.open("ab") as log:
            # A session of its own, so that killing the group kills the
            # master and its workers together, as a crash of the machine would.
            self.process = subprocess.Popen(
                [FOOTCOACH, "serve", "--port", str(self.port), "--workers", str(self.workers)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/programs", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start; see {self.log}:\n{self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL the whole server at once: no graceful shutdown, no flush."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> RealServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
