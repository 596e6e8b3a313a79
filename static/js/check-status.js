// Progressive enhancement of "being checked again": ask the tiny status view now and
// then and reload the page once the check is done. Without this script the message keeps
// its plain reload link. It gives up after a few minutes, when the check shows as stuck.
(function () {
  "use strict";

  var note = document.querySelector("[data-check-status]");
  if (!note || !window.fetch) { return; }
  var url = note.getAttribute("data-check-status");
  var tries = 0;

  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.state !== "pending") {
          window.location.reload();
        } else if (tries < 60) {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () { if (tries < 60) { window.setTimeout(poll, 3000); } });
  }

  window.setTimeout(poll, 2000);
})();
