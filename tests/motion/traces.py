"""Synthetic motion traces with their true answers, for testing motion.js.

A simple model of the body: the trunk (or the thigh, for a phone in a front
pocket) moves in the world along smooth minimum-jerk paths (rises, weight
shifts), with physiological sway, breathing and impacts added. The phone is
held at a random orientation that may shift part-way; its accelerometer
reports what a phone's `accelerationIncludingGravity` does (the reaction to
gravity plus the motion, in the device's own axes) with noise, a slow bias
drift and a scale error, sampled at 20 to 100 Hz with jittered timestamps.

Run `python -m tests.motion.traces > traces.json` to see them; the browser test
imports `all_traces()`.
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections.abc import Callable
from typing import Any

G = 9.81
FINE_HZ = 200  # the body is modelled on a fine grid, then sampled like a phone
Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]


def min_jerk(u: float) -> float:
    """Position along a minimum-jerk move (Flash & Hogan 1985) at fraction u of its time."""
    u = min(max(u, 0.0), 1.0)
    return u**3 * (10 - 15 * u + 6 * u * u)


class Body:
    """World positions (metres, z up) on a fine grid, as a sum of movements."""

    def __init__(self, seconds: float) -> None:
        self.n = int(seconds * FINE_HZ) + 1
        self.x = [0.0] * self.n
        self.y = [0.0] * self.n
        self.z = [0.0] * self.n
        self.extra_z = [0.0] * self.n  # impacts given directly as acceleration
        self.kept = {id(axis): [0.0] * self.n for axis in (self.x, self.y, self.z)}

    def move(self, axis: list[float], start: float, seconds: float, distance: float) -> None:
        """A smooth move of `distance` that starts at `start` and is then kept."""
        first = int(start * FINE_HZ)
        last = min(first + int(seconds * FINE_HZ) + 1, self.n)
        for i in range(max(first, 0), last):
            axis[i] += distance * min_jerk((i - first) / (seconds * FINE_HZ))
        # Kept afterwards: added once, as a step the positions take from there on.
        if last < self.n:
            self.kept[id(axis)][last] += distance

    def wave(
        self,
        axis: list[float],
        rng: random.Random,
        rms_acc: float,
        start: float,
        end: float,
        low: float = 0.15,
        high: float = 1.5,
    ) -> None:
        """Sway: a sum of slow sines whose acceleration has about `rms_acc` RMS."""
        parts = [(rng.uniform(low, high), rng.uniform(0, 2 * math.tau)) for _ in range(6)]
        # Acceleration amplitude of a sine of amplitude A at f is A (2 pi f)^2.
        amp = [rms_acc * math.sqrt(2 / len(parts)) / (math.tau * f) ** 2 for f, _ in parts]
        for i in range(max(int(start * FINE_HZ), 0), min(int(end * FINE_HZ), self.n)):
            t = i / FINE_HZ
            # Faded in and out over half a second, so that sway never jumps.
            fade = min_jerk((t - start) / 0.5) * min_jerk((end - t) / 0.5)
            axis[i] += fade * sum(a * math.sin(math.tau * f * t + p) for a, (f, p) in zip(amp, parts, strict=True))

    def impact(self, at: float, peak: float, hz: float, decay: float) -> None:
        """A jolt: a damped oscillation of the trunk's vertical acceleration."""
        for i in range(max(int(at * FINE_HZ), 0), self.n):
            t = i / FINE_HZ - at
            if t > 8 * decay:
                break
            self.extra_z[i] += peak * math.sin(math.tau * hz * t) * math.exp(-t / decay)

    def accelerations(self) -> list[Vector]:
        step = 1 / FINE_HZ
        for axis in (self.x, self.y, self.z):
            total = 0.0
            for i, kept in enumerate(self.kept[id(axis)]):
                total += kept
                axis[i] += total
            self.kept[id(axis)] = [0.0] * self.n
        out: list[Vector] = []
        for i in range(self.n):
            j = min(max(i, 1), self.n - 2)
            acc = tuple((a[j + 1] - 2 * a[j] + a[j - 1]) / step**2 for a in (self.x, self.y, self.z))
            out.append((acc[0], acc[1], acc[2] + self.extra_z[i]))
        return out


def random_rotation(rng: random.Random) -> Matrix:
    """Any orientation: a uniformly random unit quaternion as a rotation matrix."""
    w, x, y, z = (rng.gauss(0, 1) for _ in range(4))
    n = math.sqrt(w * w + x * x + y * y + z * z)
    w, x, y, z = w / n, x / n, y / n, z / n
    return (
        (1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
        (2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
        (2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)),
    )


def axis_rotation(axis: Vector, angle: float) -> Matrix:
    x, y, z = axis
    n = math.sqrt(x * x + y * y + z * z)
    x, y, z = x / n, y / n, z / n
    c, s, k = math.cos(angle), math.sin(angle), 1 - math.cos(angle)
    return (
        (c + x * x * k, x * y * k - z * s, x * z * k + y * s),
        (y * x * k + z * s, c + y * y * k, y * z * k - x * s),
        (z * x * k - y * s, z * y * k + x * s, c + z * z * k),
    )


def matmul(a: Matrix, b: Matrix) -> Matrix:
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))  # type: ignore[return-value]


def to_device(rotation: Matrix, world: Vector) -> Vector:
    # rotation maps device axes to the world; its transpose maps back.
    return tuple(sum(rotation[k][i] * world[k] for k in range(3)) for i in range(3))  # type: ignore[return-value]


class Phone:
    """How the phone is held over time, and how it samples."""

    def __init__(self, rng: random.Random, seconds: float, shift_degrees: float = 0.0) -> None:
        self.rng = rng
        self.rotation = random_rotation(rng)
        self.shift_at = rng.uniform(0.3, 0.8) * seconds if shift_degrees else None
        self.shift_seconds = rng.uniform(0.2, 0.5)
        self.shift_axis: Vector = (rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1))
        self.shift_angle = math.radians(shift_degrees) * rng.choice((-1, 1))
        self.hz = rng.choice((20, 25, 30, 50, 60, 100))
        # Phone accelerometers' noise density is about 150-400 µg/√Hz (their
        # data sheets); a sensor read more slowly filters more of it away.
        self.noise = rng.uniform(0.0015, 0.004) * math.sqrt(self.hz / 2)
        self.scale = rng.uniform(0.98, 1.02)
        self.bias = [rng.uniform(-0.15, 0.15) for _ in range(3)]
        self.drift = [rng.uniform(-0.003, 0.003) for _ in range(3)]  # m/s² per second
        self.jitter = rng.uniform(0.0, 0.35)

    def held(self, t: float) -> Matrix:
        if self.shift_at is None or t < self.shift_at:
            return self.rotation
        turned = self.shift_angle * min_jerk((t - self.shift_at) / self.shift_seconds)
        return matmul(self.rotation, axis_rotation(self.shift_axis, turned))

    def sample(self, body: Body, seconds: float) -> list[dict[str, float]]:
        acc = body.accelerations()
        samples: list[dict[str, float]] = []
        t = 0.0
        period = 1 / self.hz
        t0 = self.rng.uniform(1e4, 1e7)  # event times count from the page's opening
        while t < seconds:
            i = min(int(t * FINE_HZ), body.n - 1)
            world = (acc[i][0], acc[i][1], acc[i][2] + G)
            rotation = self.held(t)
            device = to_device(rotation, world)
            reading = [
                self.scale * v + self.bias[k] + self.drift[k] * t + self.rng.gauss(0, self.noise)
                for k, v in enumerate(device)
            ]
            if self.rng.random() > 0.01:  # now and then an event is lost
                samples.append(
                    {
                        "t": round(t0 + t * 1000, 3),
                        "ax": round(reading[0], 4),
                        "ay": round(reading[1], 4),
                        "az": round(reading[2], 4),
                    }
                )
            t += period * (1 + self.rng.uniform(-self.jitter, self.jitter))
        return samples


def heel_raises(seed: int, pocket: bool = False) -> dict[str, Any]:
    """Rises at a tempo, of a height, some partial, with sway and perhaps a shifting hand."""
    rng = random.Random(seed)  # noqa: S311 (seeded, so that every run makes the same traces)
    reps = rng.randint(5, 30)
    rise = rng.uniform(0.45, 1.4)  # seconds up, and about as long down
    pause = rng.uniform(0.0, 0.8)  # at the bottom between rises
    top = rng.uniform(0.0, 0.4)
    # The heel lifts 5-10 cm; the trunk (and a pocket on the straight leg) rises by most of it.
    height = rng.uniform(0.04, 0.08)
    lead, tail = rng.uniform(1.0, 3.0), rng.uniform(2.0, 4.0)
    partial_at = set(rng.sample(range(3, reps), k=min(rng.randint(0, 3), max(reps - 3, 0))))
    seconds = lead + reps * (2 * rise + pause + top) * 1.2 + tail
    body = Body(seconds)
    t = lead
    full = 0
    for index in range(reps):
        fatigue = 1 - 0.2 * index / reps
        up = height * fatigue * rng.uniform(0.88, 1.12)
        if index in partial_at:
            up *= rng.uniform(0.3, 0.45)
        else:
            full += 1
        tempo = rng.uniform(0.9, 1.15)
        body.move(body.z, t, rise * tempo, up)
        t += rise * tempo + top
        body.move(body.z, t, rise * tempo, -up)
        t += rise * tempo + pause * rng.uniform(0.7, 1.3)
    body.wave(body.x, rng, rng.uniform(0.03, 0.15), 0, seconds)
    body.wave(body.y, rng, rng.uniform(0.03, 0.15), 0, seconds)
    if not pocket:
        body.wave(body.z, rng, 0.004, 0, seconds, 0.2, 0.35)  # breathing moves the breastbone a few mm
    shift = rng.choice((0.0, 0.0, rng.uniform(8, 25)))
    phone = Phone(rng, t + tail, shift)
    samples = phone.sample(body, t + tail)
    name = (
        f"heel-raises-{seed}: {reps} rises of {height * 100:.0f} cm, {2 * rise:.1f} s each, "
        f"{len(partial_at)} partial, {phone.hz} Hz, hand shift {shift:.0f}°{', pocket' if pocket else ''}"
    )
    return {
        "name": name,
        "kind": "heel-raises",
        "samples": samples,
        "truth": {"count": full, "partial": len(partial_at)},
    }


def stance(seed: int) -> dict[str, Any]:
    """Quiet on both feet, a weight shift and foot lift, single-leg sway, then an end."""
    rng = random.Random(seed)  # noqa: S311 (seeded, so that every run makes the same traces)
    quiet = rng.uniform(1.0, 3.0)
    lift = rng.uniform(0.5, 1.0)
    hold = rng.uniform(3.0, 45.0)
    ending = rng.choice(("touch-down", "touch-down", "firm touch-down", "hop", "step"))
    tail = rng.uniform(1.5, 3.0)
    seconds = quiet + lift + hold + tail
    body = Body(seconds)
    # Standing on both feet sways little; the shift of weight onto one leg moves the trunk sideways.
    body.wave(body.x, rng, rng.uniform(0.02, 0.06), 0, seconds, 0.4, 1.5)
    body.wave(body.y, rng, rng.uniform(0.02, 0.06), 0, seconds, 0.4, 1.5)
    side = rng.choice((-1, 1))
    shifted = rng.uniform(0.05, 0.09)
    body.move(body.x, quiet, lift, side * shifted)
    body.move(body.z, quiet + 0.2 * lift, 0.6 * lift, rng.uniform(-0.01, 0.01))
    settled = quiet + lift
    end = settled + hold
    sway = rng.uniform(0.06, 0.25)
    # On one leg the trunk sways more, corrected at 1-3 Hz, by a centimetre or so.
    body.wave(body.x, rng, sway, settled - 0.1, end, 0.7, 3.0)
    body.wave(body.y, rng, sway, settled - 0.1, end, 0.7, 3.0)
    if ending in ("touch-down", "firm touch-down"):
        # The foot drops to the floor; the trunk feels the contact.
        body.impact(
            end,
            rng.uniform(2.0, 4.0) if ending == "touch-down" else rng.uniform(4.0, 8.0),
            rng.uniform(6, 12),
            rng.uniform(0.05, 0.1),
        )
        # The weight goes back between the feet.
        body.move(body.x, end, rng.uniform(0.4, 0.8), -side * shifted * rng.uniform(0.6, 1.0))
    elif ending == "hop":
        # The push-off starts the end: a dip, a lift, a flight and a landing.
        body.move(body.z, end, 0.25, -0.04)
        body.move(body.z, end + 0.25, 0.2, 0.10)
        body.move(body.z, end + 0.45, 0.2, -0.06)
        body.impact(end + 0.65, rng.uniform(6.0, 12.0), rng.uniform(5, 10), 0.06)
        body.move(body.x, end, 0.6, rng.uniform(-0.2, 0.2))
    else:
        # A step: a quick sideways lunge to catch the balance, then the contact.
        body.move(body.x, end, 0.4, side * rng.uniform(0.12, 0.25))
        body.impact(end + 0.3, rng.uniform(2.0, 5.0), rng.uniform(5, 12), 0.05)
    shift = rng.choice((0.0, 0.0, rng.uniform(2, 5)))
    phone = Phone(rng, seconds, shift)
    samples = phone.sample(body, seconds)
    name = (
        f"stance-{seed}: {hold:.1f} s ended by {ending}, sway {sway:.2f} m/s², {phone.hz} Hz, hand shift {shift:.0f}°"
    )
    t0 = samples[0]["t"] if samples else 0.0
    return {
        "name": name,
        "kind": "stance",
        "samples": samples,
        "truth": {"seconds": hold, "settled": t0 + settled * 1000, "end": t0 + end * 1000},
    }


def garbage() -> list[Any]:
    """Inputs neither function may throw on or hang over."""
    many = [{"t": i * 20.0, "ax": 0.0, "ay": 0.0, "az": 9.81 + math.sin(i / 7)} for i in range(30_000)]
    return [
        [],
        None,
        42,
        "text",
        [None],
        [1, 2, 3],
        [{"t": 0, "ax": 0, "ay": 0, "az": 9.81}],
        [{"t": "x", "ax": "not a number", "ay": None, "az": {}}],
        [{"t": float("nan"), "ax": float("nan"), "ay": 0, "az": 0}] * 50,
        [{"t": 5, "ax": 0, "ay": 0, "az": 9.81}] * 1000,  # every sample at the same instant
        [{"t": (i * 7919) % 1000 * 10, "ax": 0.1, "ay": -0.2, "az": 9.8} for i in range(1000)],  # unsorted
        [{"t": 0, "ax": 0, "ay": 0, "az": 9.81}, {"t": 1e15, "ax": 0, "ay": 0, "az": 9.81}],  # a huge gap
        [{"t": i * 10, "ax": 1e300, "ay": -1e300, "az": 0} for i in range(100)],
        [{"t": i * 10, "ax": 0, "ay": 0, "az": 0} for i in range(500)],  # free fall, or a dead sensor
        [{"t": -i * 10, "ax": 0, "ay": 0, "az": 9.81} for i in range(500)],
        many,
    ]


def all_traces(count: int = 60) -> list[dict[str, Any]]:
    builders: list[Callable[[int], dict[str, Any]]] = [lambda seed: heel_raises(seed, pocket=seed % 2 == 0), stance]
    return [build(seed) for seed in range(count) for build in builders]


if __name__ == "__main__":
    json.dump(all_traces(int(sys.argv[1]) if len(sys.argv) > 1 else 60), sys.stdout)
