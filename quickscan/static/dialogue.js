/* The facilitator's page of a dialogue session (quickscan/templates/dialogue/facilitate.html): while the
   session is open, ask the server every few seconds how many have voted, show it, and enable the reveal
   button from 3 votes. When the session was revealed or closed elsewhere, load the page again. Without this
   script the page works the same with its "Vernieuwen" link. No other script, no inline script (CSP). */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || live.getAttribute("data-status") !== "open") { return; }
  var url = live.getAttribute("data-status-url");
  var seconds = parseInt(live.getAttribute("data-poll"), 10) || 3;
  var voters = document.getElementById("voters");
  var reveal = document.getElementById("reveal");
  var hint = document.getElementById("reveal-hint");
  function ask() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.status !== "open") { window.location.reload(); return; }
        if (voters.textContent !== String(data.participants)) { voters.textContent = String(data.participants); }
        if (reveal) { reveal.disabled = !data.can_reveal; }
        if (hint && data.can_reveal) { hint.textContent = ""; }
      })
      .catch(function () { /* the next tick tries again; the refresh link always works */ })
      .then(function () { window.setTimeout(ask, seconds * 1000); });
  }
  window.setTimeout(ask, seconds * 1000);
})();
