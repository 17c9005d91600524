// Class mode: the session player (player.js) shown to a room. This only makes
// the Start tap fill the screen, since a room reads it from afar; Esc leaves.
const start = document.getElementById("start");
if (start && document.fullscreenEnabled) {
  start.addEventListener("click", () => {
    document.documentElement.requestFullscreen?.().catch(() => {});
  });
}
