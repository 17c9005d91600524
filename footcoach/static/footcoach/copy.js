// A Copy button for text shown once, such as a new API token. Without this
// script the button stays hidden and the text can still be selected by hand.

for (const button of document.querySelectorAll("[data-copy]")) {
  const target = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(target.textContent.trim());
      status.textContent = "Copied.";
    } catch {
      // No clipboard here (an insecure page, or permission refused): select
      // the text so the device's own Copy works.
      getSelection().selectAllChildren(target);
      status.textContent = "Selected: use your device's Copy.";
    }
  });
}
