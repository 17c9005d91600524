// What the player says, plays and keeps awake: spoken cues in a priority
// queue, short Web Audio tones, and the screen wake lock.

// Priorities: a cue never cuts one of a higher priority, and a higher one cuts
// a lower one that is still speaking.
export const COUNT = 1;
export const CUE = 2;
export const STEP = 3;
export const SAFETY = 4;

const MUTE_KEY = "footcoach.voice-muted";

export class Voice {
  constructor() {
    this.synth = "speechSynthesis" in window ? window.speechSynthesis : null;
    this.muted = readFlag(MUTE_KEY);
    this.queue = [];
    this.current = null;
    this.watchdog = null;
    this.voice = null;
    if (this.synth) {
      this.pickVoice();
      // Voices arrive after load in Chrome; choose again when they do.
      this.synth.addEventListener?.("voiceschanged", () => this.pickVoice());
    }
  }

  get available() {
    return this.synth !== null;
  }

  pickVoice() {
    const lang = (document.documentElement.lang || "en").toLowerCase();
    const voices = this.synth.getVoices();
    this.voice = voices.find((v) => v.lang.toLowerCase() === lang)
      || voices.find((v) => v.lang.toLowerCase().startsWith(lang.slice(0, 2)))
      || null;
  }

  // Called inside the Start tap: browsers only let speech begin from a gesture.
  unlock() {
    if (!this.synth) return;
    const silent = new SpeechSynthesisUtterance(" ");
    silent.volume = 0;
    this.synth.speak(silent);
  }

  setMuted(muted) {
    this.muted = muted;
    writeFlag(MUTE_KEY, muted);
    if (muted) this.clear();
  }

  // ttl: seconds after which an unspoken cue is no longer worth saying.
  say(text, priority = CUE, ttl = 6) {
    if (!this.synth || this.muted || !text) return;
    const item = { text, priority, expires: performance.now() + ttl * 1000 };
    if (this.current && this.current.priority < priority) {
      this.queue = this.queue.filter((queued) => queued.priority >= priority);
      this.stopCurrent();
    }
    this.queue.push(item);
    // Highest priority first; equal priorities keep their order.
    this.queue.sort((a, b) => b.priority - a.priority);
    this.next();
  }

  clear() {
    this.queue = [];
    this.stopCurrent();
  }

  stopCurrent() {
    clearTimeout(this.watchdog);
    this.current = null;
    this.synth?.cancel();
  }

  next() {
    if (this.current) return;
    const now = performance.now();
    this.queue = this.queue.filter((item) => item.expires > now);
    const item = this.queue.shift();
    if (!item) return;
    this.current = item;
    const utterance = new SpeechSynthesisUtterance(item.text);
    if (this.voice) utterance.voice = this.voice;
    utterance.rate = 0.95;
    const done = () => {
      if (this.current !== item) return;
      clearTimeout(this.watchdog);
      this.current = null;
      this.next();
    };
    utterance.onend = done;
    utterance.onerror = done;
    // Some engines never fire "end" (and Chrome stops long utterances), so a
    // cue gets a generous time to finish before the queue moves on.
    this.watchdog = setTimeout(() => {
      if (this.current === item) {
        this.synth.cancel();
        done();
      }
    }, 1500 + item.text.length * 90);
    this.synth.speak(utterance);
  }
}

// One short sound per phase, so each can be told apart without looking.
const TONES = {
  ready: [[440, 0.18]],
  go: [[523, 0.14], [784, 0.22]],
  end: [[880, 0.6]],
  switch: [[659, 0.25], [523, 0.35]],
  rest: [[587, 0.3]],
  done: [[523, 0.18], [659, 0.18], [784, 0.5]],
  stop: [[330, 0.5]],
};

export class Tones {
  constructor() {
    this.context = null;
    this.busyUntil = 0;
    this.muted = false;
  }

  // Created or resumed inside a tap: the autoplay policy starts it suspended.
  unlock() {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) return;
    if (!this.context) this.context = new AudioContext();
    if (this.context.state === "suspended") this.context.resume().catch(() => {});
  }

  play(kind) {
    const context = this.context;
    if (!context || this.muted || !TONES[kind]) return;
    if (context.state === "suspended") context.resume().catch(() => {});
    // A small gap keeps two tones from running into each other.
    let at = Math.max(context.currentTime + 0.02, this.busyUntil + 0.3);
    for (const [frequency, length] of TONES[kind]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + length + 0.05);
      at += length + 0.04;
    }
    this.busyUntil = at;
  }
}

// Keeps the screen on while a session runs. The browser drops the lock
// whenever the page is hidden, so it is asked for again on return.
export class ScreenKeeper {
  constructor(onUnavailable) {
    this.wanted = false;
    this.sentinel = null;
    this.onUnavailable = onUnavailable;
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.wanted) this.request();
    });
  }

  keep() {
    this.wanted = true;
    this.request();
  }

  release() {
    this.wanted = false;
    const sentinel = this.sentinel;
    this.sentinel = null;
    sentinel?.release().catch(() => {});
  }

  async request() {
    if (!("wakeLock" in navigator)) {
      this.onUnavailable();
      return;
    }
    if (this.sentinel && !this.sentinel.released) return;
    try {
      this.sentinel = await navigator.wakeLock.request("screen");
      if (!this.wanted) this.release();
    } catch {
      this.onUnavailable();
    }
  }
}

function readFlag(key) {
  try {
    return localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

function writeFlag(key, value) {
  try {
    localStorage.setItem(key, value ? "1" : "0");
  } catch {
    // Private modes may refuse storage; the setting then lasts for this page only.
  }
}
