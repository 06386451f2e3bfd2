/* The skills matrix grid (templates/skills/grid.html): each level saved as soon as it is chosen.
   Posts the one cell with the grid's own form (CSRF token, "seen" of that cell) and puts the page's new table
   and figures in place, so coverage and risk show at once. Without this script the grid is a plain form with
   a save button. No framework, no inline script (the app's CSP). */
(function () {
  "use strict";
  var form = document.getElementById("skills-grid-form");
  var status = document.getElementById("skills-status");
  if (!form || !status || !window.fetch || !window.DOMParser) {
    return;
  }
  function say(key) {
    status.textContent = status.getAttribute("data-" + key) || "";
  }
  function swap(doc, id) {
    var fresh = doc.getElementById(id);
    var old = document.getElementById(id);
    if (fresh && old) {
      old.replaceWith(fresh);
    }
  }
  form.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.name || select.name.indexOf("l-") !== 0) {
      return;
    }
    var parts = select.name.split("-");
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    var shown = Array.prototype.find.call(select.options, function (option) {
      return option.defaultSelected;
    });
    data.append("seen", parts[1] + "." + parts[2] + "." + (shown ? shown.value : ""));
    data.append(select.name, select.value);
    say("saving");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        swap(doc, "skills-grid");
        swap(doc, "figures");
        swap(doc, "skills-seen");
        var again = document.getElementById(select.id);
        if (again) {
          again.focus();
        }
        say("saved");
      })
      .catch(function () {
        say("failed");
      });
  });
})();
