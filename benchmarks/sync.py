"""How many session logs a second POST /api/logs/sync stores on the SQLite default.

A real gunicorn (`footcoach serve`) on a fresh data folder, real HTTP with
keep-alive, batches of 10 logs with 8 entries each, 1, 8 and 32 clients at once.
Target: at least 500 logs a second with 8 clients on the project's 2-core machine.
Run: .venv/bin/python benchmarks/sync.py [--seconds 5] [--rounds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

FOOTCOACH = str(Path(sys.executable).with_name("footcoach"))
LOGS_PER_BATCH = 10
ENTRIES_PER_LOG = 8
CLIENTS = (1, 8, 32)
TARGET = 500  # logs a second with 8 clients

ENTRY = {"exercise": "heel-raise", "side": "left", "reps": 8, "seconds": None, "pressure": None, "pain": 2,
         "skipped": False, "skip_reason": "", "note": ""}
LOG = {"id": "LOG-ID", "program": "sole-training", "started_at": "2025-03-03T07:30:00Z",
       "ended_at": "2025-03-03T07:36:00Z", "feeling": 7, "note": "", "entries": [ENTRY] * ENTRIES_PER_LOG}
LOG_JSON = json.dumps(LOG)


def batch_body() -> tuple[bytes, list[str]]:
    ids = [str(uuid.uuid4()) for _ in range(LOGS_PER_BATCH)]
    logs = ",".join(LOG_JSON.replace("LOG-ID", log_id) for log_id in ids)
    return f'{{"logs": [{logs}]}}'.encode(), ids


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run([FOOTCOACH, *args], input=stdin, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"footcoach {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def client(port: int, token: str, stop_at: float, stored: list[int], latencies: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    count = 0
    while time.perf_counter() < stop_at:
        body, ids = batch_body()
        began = time.perf_counter()
        connection.request("POST", "/api/logs/sync", body=body, headers=headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
        latencies.append(time.perf_counter() - began)
        if response.status != 200 or answer["stored"] != ids:
            raise SystemExit(f"unexpected answer {response.status}: {answer}")
        count += len(ids)
    connection.close()
    stored.append(count)


def server_cpu_seconds(session: int) -> float:
    """CPU time used so far by the server's processes (gunicorn master and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # the session id, after state, ppid and pgrp
            total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def measure(port: int, token: str, clients: int, seconds: float) -> tuple[float, list[float]]:
    stored: list[int] = []
    latencies: list[float] = []
    began = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(port, token, began + seconds, stored, latencies))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return sum(stored) / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per number of clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS), help="numbers of clients to try")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="footcoach-bench-") as data:
        env = {**os.environ, "FOOTCOACH_DATA": data, "DATABASE_URL": ""}
        run(["manage", "migrate", "--noinput", "-v0"], env)
        run(["user", "create", "bench@example.org"], env, stdin="a long benchmark password\n")
        token = run(["token", "create", "bench@example.org", "--name", "benchmark"], env).strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [FOOTCOACH, "serve", "--port", str(port), "--workers", str(options.workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/programs", timeout=1).close()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            measure(port, token, 4, 1.0)  # warm up every worker before measuring

            print(f"POST /api/logs/sync on SQLite: gunicorn {options.workers} workers x 4 threads, "
                  f"{LOGS_PER_BATCH} logs of {ENTRIES_PER_LOG} entries a batch, {os.cpu_count()} CPUs")
            print(f"{'clients':>7}  " + "  ".join(f"{'run ' + str(i + 1):>8}" for i in range(options.rounds))
                  + f"  {'median':>8}  {'p50 ms':>7}  {'p95 ms':>7}  {'cpu ms/log':>11}")
            medians = {}
            for clients in options.clients:
                rates, latencies = [], []
                cpu_before = server_cpu_seconds(server.pid)
                for _ in range(options.rounds):
                    rate, times = measure(port, token, clients, options.seconds)
                    rates.append(rate)
                    latencies.extend(times)
                cpu_ms_per_log = 1000 * (server_cpu_seconds(server.pid) - cpu_before) / (
                    len(latencies) * LOGS_PER_BATCH
                )
                medians[clients] = statistics.median(rates)
                latencies.sort()
                print(f"{clients:>7}  " + "  ".join(f"{rate:>8.0f}" for rate in rates)
                      + f"  {medians[clients]:>8.0f}  {1000 * latencies[len(latencies) // 2]:>7.1f}"
                      + f"  {1000 * latencies[int(len(latencies) * 0.95)]:>7.1f}  {cpu_ms_per_log:>11.2f}")
            print("(logs stored a second; p50 and p95: milliseconds a batch; cpu: server CPU time per log stored)")
            if 8 in medians:
                verdict = "meets" if medians[8] >= TARGET else "MISSES"
                print(f"median with 8 clients: {medians[8]:.0f} logs/s, {verdict} the target of {TARGET}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
