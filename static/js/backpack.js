// Progressive enhancement of the gallery's bulk bar: "select all on this page", a count
// of the selected badges, and only the fields the chosen action needs. Without this
// script every control is shown and everything still works.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll('input[type=checkbox][name=badge][form="bulk-form"]')
  );
  var selectAllRow = form.querySelector("[data-select-all]");
  var selectAll = document.getElementById("select-all");
  var counter = form.querySelector("[data-selected-count]");
  var action = form.querySelector("[data-bulk-action]");
  var countOne = form.getAttribute("data-count-one") || "%s";
  var countMany = form.getAttribute("data-count-many") || "%s";

  function refresh() {
    var checked = boxes.filter(function (box) { return box.checked; }).length;
    selectAll.checked = checked > 0 && checked === boxes.length;
    selectAll.indeterminate = checked > 0 && checked < boxes.length;
    counter.textContent = checked ? (checked === 1 ? countOne : countMany).replace("%s", checked) : "";
    // Until a badge is ticked, the bar is one line: what it is for and "select all".
    form.classList.toggle("is-idle", checked === 0);
  }

  function showFieldsFor(value) {
    form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = field.getAttribute("data-bulk-for") !== value;
    });
  }

  if (selectAllRow && selectAll) {
    selectAllRow.hidden = false;
    var hint = form.querySelector("[data-bulk-hint]");
    if (hint) { hint.hidden = true; }
    selectAll.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = selectAll.checked; });
      refresh();
    });
    boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    refresh();
  }
  // The pinned bar's height, so a card reached with the keyboard scrolls clear of it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--bulk-bar-height", form.offsetHeight + "px");
    }).observe(form);
  }
  if (action) {
    action.addEventListener("change", function () { showFieldsFor(action.value); });
    showFieldsFor(action.value);
  }
})();

// On a phone, the extra filters start folded (unless some are in use), so the badges
// show on the first screen; without JavaScript they simply stay open.
document.querySelectorAll("details[data-close-on-phones='yes']").forEach((details) => {
  if (window.matchMedia("(max-width: 40rem)").matches) details.open = false;
});
