// Progressive enhancement of an import's page: while the job runs, ask its small JSON
// view every two seconds and redraw the rows and the summary. Without this script the
// page offers a reload link instead.
(function () {
  "use strict";

  var POLL_MS = 2000;

  function poll(section) {
    fetch(section.getAttribute("data-import-job"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        section.querySelector("[data-import-rows]").innerHTML = job.html;
        section.querySelector("[data-import-summary]").textContent = job.summary;
        if (job.open) {
          window.setTimeout(function () { poll(section); }, POLL_MS);
        } else {
          // Finished or stopped: the page itself says which, with its own buttons.
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(function () { poll(section); }, POLL_MS * 5);
      });
  }

  document.querySelectorAll("[data-import-job][data-polling]").forEach(function (section) {
    window.setTimeout(function () { poll(section); }, POLL_MS);
  });
})();
