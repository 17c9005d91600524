// The self-tests measured by the phone's own accelerometer: how long a
// single-leg stance lasted (and how much the trunk swayed), and how many heel
// raises were done. Pure functions of the samples the page collected from
// `devicemotion` events ({t in ms, ax, ay, az: accelerationIncludingGravity in
// m/s², in the phone's own axes, held any way up}); nothing here touches the page.
//
// The methods follow published work on body-worn accelerometers, written here
// in our own words:
// - Resampling to one fixed rate first: browsers deliver events at 20-100 Hz
//   with jittered timestamps and the odd lost event, and every filter below
//   assumes equal steps (standard practice in inertial-sensor processing).
// - Gravity by low-pass filtering and projecting the acceleration on it
//   (Mizell 2003, "Using gravity to estimate accelerometer orientation"): the
//   slowly changing part of the signal is gravity, whatever way the phone is
//   held, and its direction tells vertical from horizontal.
// - Zero-phase Butterworth filters, each run forwards and then backwards, so
//   that no event is moved in time; second-order sections from the bilinear
//   transform, as in R. Bristow-Johnson's "Audio EQ Cookbook".
// - The vertical movement of a rise from doubly integrated vertical
//   acceleration, high-pass filtered after each integration so that drift does
//   not build up (Zijlstra & Hof 2003, trunk accelerometry of the body's
//   centre of mass).
// - Repetitions as peaks with a minimum time between them, as exercise
//   repetition counters from wearable accelerometers count them (e.g. Morris
//   et al. 2014, "RecoFit"), each peak kept only with hysteresis (a rise counts
//   once the height has gone up and come back down by a set amount, the
//   Schmitt trigger's rule), so that noise on a slope is not a second rise.
// - Sway as the spread (root mean square) of the trunk's horizontal
//   acceleration, low-pass filtered at 4 Hz, as in instrumented balance tests
//   with a sensor on the trunk (Moe-Nilssen 1998; Mancini et al. 2012,
//   "ISway", who low-pass filtered at 3.5 Hz); a handheld device's own
//   accelerometer measures it much as research sensors do (e.g. Kosse et al.
//   2015, an iPod touch worn at the lower back).
// - The stance's start as the end of the sideways shift of weight that lifting
//   the foot makes, whose speed rises and falls in a bell as smooth movements'
//   do (Flash & Hogan 1985), and its end as a jolt, a speed or a horizontal
//   acceleration that standing on one leg does not reach.
//
// Both functions return an answer for any input, however broken: bad samples
// are dropped, and the work is bounded by MAX_SAMPLES and MAX_SECONDS.

export const RATE = 50; // Hz: the analysis rate, and the most a kept trace holds
const MAX_SAMPLES = 200_000; // about half an hour of events at 100 Hz
const MAX_SECONDS = 20 * 60;
const MAX_ACCELERATION = 300; // m/s², about 30 g: beyond any phone's sensor

// ---- samples ----------------------------------------------------------------

// The usable samples, in time order, one per instant.
export function cleanSamples(samples) {
  if (!Array.isArray(samples)) return [];
  const kept = [];
  const limit = Math.min(samples.length, MAX_SAMPLES);
  for (let i = 0; i < limit; i += 1) {
    const s = samples[i];
    if (s === null || typeof s !== "object") continue;
    const t = Number(s.t);
    const ax = Number(s.ax);
    const ay = Number(s.ay);
    const az = Number(s.az);
    if (![t, ax, ay, az].every(Number.isFinite)) continue;
    if (Math.abs(ax) > MAX_ACCELERATION || Math.abs(ay) > MAX_ACCELERATION || Math.abs(az) > MAX_ACCELERATION) continue;
    kept.push({ t, ax, ay, az });
  }
  kept.sort((a, b) => a.t - b.t);
  const unique = [];
  for (const s of kept) {
    if (unique.length && s.t <= unique[unique.length - 1].t) continue;
    unique.push(s);
  }
  // A clock that jumps far ahead (hours) ends the trace there.
  const end = unique.length ? unique[0].t + MAX_SECONDS * 1000 : 0;
  return unique.filter((s) => s.t <= end);
}

// The samples at `rate` Hz, linearly interpolated, as three axes and a start time.
export function resample(samples, rate = RATE) {
  const clean = cleanSamples(samples);
  const empty = { t0: 0, step: 1000 / rate, x: [], y: [], z: [] };
  if (clean.length < 2) return empty;
  const step = 1000 / rate;
  const t0 = clean[0].t;
  const n = Math.floor((clean[clean.length - 1].t - t0) / step) + 1;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i += 1) {
    const t = t0 + i * step;
    while (j < clean.length - 2 && clean[j + 1].t < t) j += 1;
    const a = clean[j];
    const b = clean[j + 1];
    const u = Math.min(Math.max((t - a.t) / (b.t - a.t), 0), 1);
    x[i] = a.ax + (b.ax - a.ax) * u;
    y[i] = a.ay + (b.ay - a.ay) * u;
    z[i] = a.az + (b.az - a.az) * u;
  }
  return { t0, step, x, y, z };
}

// ---- filters ----------------------------------------------------------------

// A second-order Butterworth section (Q = 1/√2) from the bilinear transform.
function section(kind, cutoff, rate) {
  const w = (2 * Math.PI * Math.min(cutoff, rate * 0.45)) / rate;
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const a0 = 1 + alpha;
  const b = kind === "low" ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return { b0: b[0] / a0, b1: b[1] / a0, b2: b[2] / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0, kind };
}

function runSection(f, x) {
  const out = new Float64Array(x.length);
  // Start as if the signal had always been at its first value, so the start rings little.
  let x1 = x[0];
  let x2 = x[0];
  let y1 = f.kind === "low" ? x[0] : 0;
  let y2 = y1;
  for (let i = 0; i < x.length; i += 1) {
    const y = f.b0 * x[i] + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    x2 = x1;
    x1 = x[i];
    y2 = y1;
    y1 = y;
    out[i] = y;
  }
  return out;
}

// Forwards then backwards (no delay), over the signal mirrored at both ends so
// that its edges do not ring.
function zeroPhase(kind, cutoff, x, rate = RATE) {
  const n = x.length;
  if (n < 3) return Float64Array.from(x);
  const f = section(kind, cutoff, rate);
  const pad = Math.min(n - 1, Math.round(3 * rate));
  const padded = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i += 1) {
    padded[i] = 2 * x[0] - x[pad - i];
    padded[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
  }
  padded.set(x, pad);
  const forwards = runSection(f, padded).reverse();
  return runSection(f, forwards).reverse().subarray(pad, pad + n);
}

const lowPass = (x, cutoff) => zeroPhase("low", cutoff, x);
const highPass = (x, cutoff) => zeroPhase("high", cutoff, x);
// Forwards only: a little late, but a large movement is never felt before it
// began, as the backwards pass of a slow filter would make it.
const highPassForwards = (x, cutoff, rate = RATE) => (x.length < 3 ? Float64Array.from(x) : runSection(section("high", cutoff, rate), x));

// The direction of gravity at each instant (a unit vector per sample).
function gravity(trace, cutoff) {
  const gx = lowPass(trace.x, cutoff);
  const gy = lowPass(trace.y, cutoff);
  const gz = lowPass(trace.z, cutoff);
  for (let i = 0; i < gx.length; i += 1) {
    const norm = Math.hypot(gx[i], gy[i], gz[i]) || 1;
    gx[i] /= norm;
    gy[i] /= norm;
    gz[i] /= norm;
  }
  return { gx, gy, gz };
}

// The acceleration along gravity, less its mean (so about 0 when still).
function vertical(trace, g) {
  const n = trace.x.length;
  const v = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    v[i] = trace.x[i] * g.gx[i] + trace.y[i] * g.gy[i] + trace.z[i] * g.gz[i];
    sum += v[i];
  }
  const mean = n ? sum / n : 0;
  for (let i = 0; i < n; i += 1) v[i] -= mean;
  return v;
}

function integrate(x, step) {
  const out = new Float64Array(x.length);
  let total = 0;
  for (let i = 0; i < x.length; i += 1) {
    total += x[i] * step;
    out[i] = total;
  }
  return out;
}

function median(values) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value, places) => Number(value.toFixed(places));

// ---- heel raises ------------------------------------------------------------

// Gravity's direction is followed quickly (1.5 Hz): only its direction is
// used, and a rise's own acceleration lies along it, so the count does not
// suffer, while a hand that shifts on the phone turns the estimate with it
// within a fraction of a second instead of leaking gravity into the signal.
const RAISE_GRAVITY_HZ = 1.5;
// A rise takes from about half a second to a few seconds: 0.1-3 Hz keeps it
// and drops sensor drift below and jolts and noise above.
const RAISE_BAND = [0.1, 3];
const DRIFT_HZ = 0.1; // the high-pass after each integration
const MIN_RISE_CM = 1.0; // below this a "rise" is sway, breathing or noise
const MIN_GAP_MS = 600; // no one rises twice within 0.6 s
const PARTIAL_BELOW = 0.6; // of the person's own first rises
const FIRST_RISES = 5;

// The trunk's (or pocket's) height over time, in cm, from the vertical acceleration.
function heightTrace(trace) {
  const g = gravity(trace, RAISE_GRAVITY_HZ);
  const v = lowPass(highPass(vertical(trace, g), RAISE_BAND[0]), RAISE_BAND[1]);
  const seconds = trace.step / 1000;
  const speed = highPass(integrate(v, seconds), DRIFT_HZ);
  const height = highPass(integrate(speed, seconds), DRIFT_HZ);
  return height.map((metres) => metres * 100);
}

// Peaks of `height` that stand `hysteresis` cm above the low before them and
// are followed by a fall of as much; each with the mean of its rise and fall.
function peaks(height, hysteresis, minGap) {
  const found = [];
  let low = Infinity;
  let high = -Infinity;
  let highAt = -1;
  let rising = false;
  for (let i = 0; i < height.length; i += 1) {
    const h = height[i];
    if (!rising) {
      if (h < low) low = h;
      else if (h - low >= hysteresis) {
        rising = true;
        high = h;
        highAt = i;
      }
    } else if (h > high) {
      high = h;
      highAt = i;
    } else if (high - h >= hysteresis) {
      found.push({ at: highAt, rise: high - low });
      rising = false;
      low = h;
    }
  }
  // The fall of each peak: down to the lowest point before the next one.
  for (let k = 0; k < found.length; k += 1) {
    const end = k + 1 < found.length ? found[k + 1].at : height.length;
    let lowest = Infinity;
    for (let i = found[k].at; i < end; i += 1) lowest = Math.min(lowest, height[i]);
    found[k].size = (found[k].rise + (height[found[k].at] - lowest)) / 2;
  }
  // Two peaks closer than a rise can be are one rise: keep the larger.
  const merged = [];
  for (const peak of found) {
    const last = merged[merged.length - 1];
    if (last && peak.at - last.at < minGap) {
      if (peak.size > last.size) merged[merged.length - 1] = peak;
    } else merged.push(peak);
  }
  return merged;
}

export function countHeelRaises(samples) {
  try {
    return heelRaises(samples);
  } catch {
    return { count: 0, partial: 0, reps: [] };
  }
}

function heelRaises(samples) {
  const trace = resample(samples);
  if (trace.x.length < RATE) return { count: 0, partial: 0, reps: [] };
  const height = heightTrace(trace);
  const minGap = MIN_GAP_MS / trace.step;
  // A first pass finds the person's usual rise (most rises are full ones);
  // the second asks every rise to be a quarter of it, so that wobbles before,
  // between and after the rises are not counted, while a partial rise (about
  // half) still is.
  const first = peaks(height, MIN_RISE_CM, minGap);
  const reference = median(first.map((p) => p.size));
  const found = peaks(height, Math.max(MIN_RISE_CM, 0.25 * reference), minGap);
  const own = median(found.slice(0, FIRST_RISES).map((p) => p.size));
  const reps = found.map((p) => ({
    t: round(trace.t0 + p.at * trace.step, 1),
    height: round(p.size, 1),
    partial: p.size < PARTIAL_BELOW * own,
  }));
  const partial = reps.filter((rep) => rep.partial).length;
  return { count: reps.length - partial, partial, reps };
}

// ---- single-leg stance ------------------------------------------------------

// Gravity for the stance is followed slowly (0.3 Hz), so that the trunk's
// sway, mostly under 1-2 Hz, stays in the horizontal acceleration.
const STANCE_GRAVITY_HZ = 0.3;
const SWAY_HZ = 4;
const JOLT_HZ = 0.5; // vertical acceleration above this is a jolt, not a slow drift
const QUIET_MS = 500; // the first half second is the person standing still
// Lifting the foot shifts the trunk sideways onto the standing leg, at a speed
// (about 0.1-0.4 m/s) that sway on one leg never reaches; settled is when that
// movement has ended.
const LIFT_SPEED = 0.05; // m/s
const SETTLED_SPEED = 0.03; // m/s
const SETTLED_SHARE = 0.2; // of the lift's top speed
const SETTLE_REST = 0.6;
const LIFT_TOP_SPEED = 0.06; // m/s
const MAX_LIFT_MS = 2500;
// Beyond standing: a jolt (a foot meeting the floor, a hop), horizontal
// acceleration or speed no standing sway reaches (a step, a lunge).
const JOLT = 0.6; // m/s²
const SWAY_LIMIT = 1.2; // m/s²
const SWAY_TIMES = 5; // ... or this many times the stance's own sway so far
const MOVE_SPEED = 0.18; // m/s
const BACK_MS = 300; // how far back the start of the ending movement is looked for
const MAX_RESETTLE = 5;

function stanceSignals(trace) {
  const g = gravity(trace, STANCE_GRAVITY_HZ);
  const n = trace.x.length;
  const hx = new Float64Array(n);
  const hy = new Float64Array(n);
  const hz = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const along = trace.x[i] * g.gx[i] + trace.y[i] * g.gy[i] + trace.z[i] * g.gz[i];
    hx[i] = trace.x[i] - along * g.gx[i];
    hy[i] = trace.y[i] - along * g.gy[i];
    hz[i] = trace.z[i] - along * g.gz[i];
  }
  const h = [lowPass(hx, SWAY_HZ), lowPass(hy, SWAY_HZ), lowPass(hz, SWAY_HZ)];
  const seconds = trace.step / 1000;
  const speed = h.map((axis) => highPass(integrate(axis, seconds), 0.2));
  const speedNow = h.map((axis) => highPassForwards(integrate(axis, seconds), 0.2));
  const jolt = highPass(vertical(trace, g), JOLT_HZ);
  const sway = new Float64Array(n);
  const moving = new Float64Array(n);
  const movingNow = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    sway[i] = Math.hypot(h[0][i], h[1][i], h[2][i]);
    moving[i] = Math.hypot(speed[0][i], speed[1][i], speed[2][i]);
    movingNow[i] = Math.hypot(speedNow[0][i], speedNow[1][i], speedNow[2][i]);
  }
  // The lift is judged on the speed filtered both ways (its shape kept);
  // the end on the speed filtered forwards only.
  return { h, sway, moving, movingNow, jolt };
}

// The instant the lift of the foot ended: the first sideways movement fast
// enough to be a shift of weight, from its start until it has slowed to a
// fraction of its top speed. A slower stir is only sway, and is passed over.
function settling(moving, from, step) {
  const n = moving.length;
  let i = from;
  while (i < n) {
    while (i < n && moving[i] < LIFT_SPEED) i += 1;
    const latest = Math.min(n, i + Math.round(MAX_LIFT_MS / step));
    let top = 0;
    let topAt = i;
    while (i < latest && moving[i] >= Math.max(SETTLED_SPEED, SETTLED_SHARE * top)) {
      if (moving[i] > top) [top, topAt] = [moving[i], i];
      i += 1;
    }
    if (i >= latest) return null;
    // A smooth movement's speed rises and falls in a symmetric bell (Flash &
    // Hogan 1985, minimum jerk): it falls to a fifth of its top a little
    // before it ends, about a third of the time it took to fall that far.
    if (top >= LIFT_TOP_SPEED) return Math.min(n - 1, i + Math.round(SETTLE_REST * (i - topAt)));
  }
  return null;
}

// The stance found in the samples: when the person settled on one leg, when
// it ended (or null if it has not), its seconds and its sway (m/s², RMS).
export function analyseStance(samples) {
  try {
    return stance(samples);
  } catch {
    return { settled: null, ended: null, seconds: null, sway: null };
  }
}

function stance(samples) {
  const none = { settled: null, ended: null, seconds: null, sway: null };
  const trace = resample(samples);
  const n = trace.x.length;
  if (n < RATE) return none;
  const signals = stanceSignals(trace);
  const ms = (i) => i * trace.step;
  let settled = settling(signals.moving, Math.round(QUIET_MS / trace.step), trace.step);
  let ended = null;
  // A movement that carries on within half a second of "settling" is still the
  // lift (it slowed for a moment): the stance starts when that one ends.
  for (let tries = 0; settled !== null && tries < MAX_RESETTLE; tries += 1) {
    const end = stanceEnd(signals, settled, trace.step);
    ended = end?.at ?? null;
    if (!end || end.by !== "moving" || end.at - settled >= RATE / 2) break;
    settled = settling(signals.moving, end.at, trace.step);
  }
  if (settled === null) return none;
  const last = ended ?? n - 1;
  return {
    settled: round(trace.t0 + ms(settled), 1),
    ended: ended === null ? null : round(trace.t0 + ms(ended), 1),
    seconds: round(ms(last - settled) / 1000, 2),
    sway: round(spread(signals.h, settled, last), 3),
  };
}

// The first instant after `settled` beyond standing, traced back to where
// that movement began, and what gave it away; or null.
function stanceEnd({ sway, movingNow: moving, jolt }, settled, step) {
  let sumSquares = 0;
  for (let i = settled; i < moving.length; i += 1) {
    // The lift's own slowing down is still felt for a moment after it: the
    // sway is judged from half a second on.
    const limit = i - settled < RATE / 2 ? Infinity
      : Math.max(SWAY_LIMIT, SWAY_TIMES * Math.sqrt(sumSquares / (i - settled)));
    const by = Math.abs(jolt[i]) > JOLT ? "jolt" : sway[i] > limit ? "sway" : moving[i] > MOVE_SPEED ? "moving" : null;
    if (by) {
      // Back to where the signal that crossed its limit began to rise.
      const rising = {
        jolt: (k) => Math.abs(jolt[k]) > JOLT / 3,
        sway: (k) => sway[k] > limit / 2,
        moving: (k) => moving[k] > MOVE_SPEED / 2,
      }[by];
      let at = i;
      const earliest = Math.max(settled, i - Math.round(BACK_MS / step));
      while (at > earliest && rising(at - 1)) at -= 1;
      return { at, by };
    }
    sumSquares += sway[i] ** 2;
  }
  return null;
}

// The root mean square of the horizontal acceleration about its mean.
function spread(h, from, to) {
  const count = to - from;
  if (count <= 0) return 0;
  let total = 0;
  for (const axis of h) {
    let mean = 0;
    for (let i = from; i < to; i += 1) mean += axis[i];
    mean /= count;
    for (let i = from; i < to; i += 1) total += (axis[i] - mean) ** 2;
  }
  return Math.sqrt(total / count);
}

export function stanceSeconds(samples) {
  const { seconds, sway } = analyseStance(samples);
  return { seconds, sway };
}

// ---- the kept trace ---------------------------------------------------------

// The trace kept with a result: the samples at `rate` Hz (RATE at most), to
// 0.01 m/s², as the server takes them (core/traces.py).
export function keptTrace(samples, rate = RATE) {
  try {
    const trace = resample(samples, Math.min(Math.max(Math.floor(Number(rate)) || RATE, 1), RATE));
    const keep = (axis) => Array.from(axis, (v) => round(v, 2));
    return { rate: Math.round(1000 / trace.step), ax: keep(trace.x), ay: keep(trace.y), az: keep(trace.z) };
  } catch {
    return { rate: RATE, ax: [], ay: [], az: [] };
  }
}
