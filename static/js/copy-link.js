// Progressive enhancement of the share fields: a "Copy" button beside each read-only
// field, and a click in the field selects it whole. Without this script the fields are
// still there, selectable and copyable by hand.
(function () {
  "use strict";

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Plain http (local development): the older way still works.
    field.focus();
    field.select();
    return new Promise(function (resolve, reject) {
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(); }
      } catch (error) {
        reject(error);
      }
    });
  }

  function enhance(wrapper) {
    var field = wrapper.querySelector("[data-copy]");
    var row = wrapper.querySelector(".copy-field-row");
    if (!field || !row || row.querySelector(".copy-button")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary button-small copy-button";
    button.textContent = wrapper.getAttribute("data-copy-label") || "Copy";
    button.setAttribute("aria-describedby", field.id);
    var status = document.createElement("p");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    row.appendChild(button);
    wrapper.appendChild(status);

    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      copyText(field).then(function () {
        status.textContent = wrapper.getAttribute("data-copied-label") || "Copied";
        window.setTimeout(function () { status.textContent = ""; }, 3000);
      }, function () {
        field.focus();
        field.select();
      });
    });
  }

  document.querySelectorAll(".copy-field").forEach(enhance);
})();
