"""How long the planner takes: 12 weeks for one profile, and for 1,000 random profiles.

Target: under 5 ms a profile on the project's 2-core machine.
Run: .venv/bin/python benchmarks/plan.py
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from footcoach.core.loader import load_library
from footcoach.core.planner import build_plan
from footcoach.core.profile import Profile, Setting
from footcoach.core.schemas import Equipment, GoalId

WEEKS = 12
START = date(2026, 11, 30)
TARGET_MS = 5.0


def random_profile(rng: random.Random, conditions: list[str]) -> Profile:
    return Profile(
        birth_year=rng.randint(1930, 2010),
        goals=tuple(rng.sample(list(GoalId), rng.randint(1, 3))),
        conditions=tuple(rng.sample(conditions, rng.randint(0, 3))),
        equipment=tuple(rng.sample(list(Equipment), rng.randint(0, 6))),
        minutes_per_day=rng.randint(3, 90),
        days_per_week=rng.randint(1, 7),
        setting=rng.choice(list(Setting)),
        start_side=rng.choice(["left", "right"]),
        cleared_by_clinician=rng.random() < 0.5,
    )


def timed_ms(profile: Profile, library: object) -> float:
    began = time.perf_counter()
    build_plan(profile, library, START, WEEKS)  # type: ignore[arg-type]
    return (time.perf_counter() - began) * 1000


def main() -> None:
    library = load_library()
    rng = random.Random(20261124)
    conditions = sorted(library.conditions)
    one = Profile(
        birth_year=1952, goals=(GoalId.BALANCE, GoalId.HEEL_PAIN), conditions=("diabetes-neuropathy",),
        equipment=(Equipment.SOFT_BALL, Equipment.TOWEL), minutes_per_day=20, days_per_week=5,
        setting=Setting.HOME, start_side="left", cleared_by_clinician=False,
    )
    for _ in range(20):  # warm caches before measuring
        timed_ms(one, library)
    single = [timed_ms(one, library) for _ in range(200)]
    profiles = [random_profile(rng, conditions) for _ in range(1000)]
    began = time.perf_counter()
    each = [timed_ms(p, library) for p in profiles]
    total = time.perf_counter() - began
    print(f"planner, {WEEKS} weeks a plan (target: under {TARGET_MS:.0f} ms a profile)")
    print(f"  one profile, 200 runs:   median {statistics.median(single):.2f} ms, "
          f"p95 {sorted(single)[189]:.2f} ms")
    print(f"  1,000 random profiles:   median {statistics.median(each):.2f} ms, p95 {sorted(each)[949]:.2f} ms, "
          f"mean {total:.3f} s / 1,000 = {total:.2f} ms")
    verdict = "meets" if statistics.median(each) < TARGET_MS else "MISSES"
    print(f"  {verdict} the target")


if __name__ == "__main__":
    main()
