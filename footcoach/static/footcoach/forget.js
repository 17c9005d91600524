// After an account is deleted: remove the store this browser kept for it
// (sync.js names each account's store "footcoach-account-<id>"), so that
// its sessions, results and logs waiting to be sent do not stay on the device.
// The pages kept for offline use are dropped by offline.js, as after signing out.

const holder = document.getElementById("deleted-account");
const status = document.getElementById("forget-status");
const account = holder ? JSON.parse(holder.textContent) : null;

function say(text) {
  if (status) status.textContent = text;
}

if (Number.isInteger(account) && "indexedDB" in window) {
  const request = indexedDB.deleteDatabase(`footcoach-account-${account}`);
  request.onsuccess = () => say("What this phone or computer kept of your account is removed too.");
  request.onerror = () => say("This phone or computer could not remove what it kept of your account. Clear this site's data in the browser's settings.");
  // Another tab of the site still has the store open; it goes once that tab is closed.
  request.onblocked = () => say("Close footcoach's other tabs to remove what this phone or computer kept of your account.");
} else {
  say("This browser keeps nothing of your account.");
}
