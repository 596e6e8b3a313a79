// Progressive enhancement of the page editor. Without this script everything still
// works: removing a block simply asks no question, the password field stays shown, and
// blocks move with their arrow buttons only.
(function () {
  "use strict";

  // "Remove this block?" before a form marked data-confirm is sent.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // The password field only matters when "With a password" is chosen.
  var publish = document.querySelector(".publish-form");
  if (publish) {
    var field = publish.querySelector("[data-password-field]");
    var radios = publish.querySelectorAll('input[name="visibility"]');
    var refresh = function () {
      var chosen = publish.querySelector('input[name="visibility"]:checked');
      var wanted = chosen && chosen.value === "password";
      var hasErrors = field && field.querySelector(".errorlist");
      if (field) { field.hidden = !wanted && !hasErrors; }
    };
    radios.forEach(function (radio) { radio.addEventListener("change", refresh); });
    refresh();
  }

  // Blocks dragged by their handle into a new order, saved at once. The arrow buttons
  // stay for the keyboard; the page reloads so they match the stored order.
  var list = document.querySelector(".block-list[data-order-url]");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (list && token && list.querySelectorAll(".drag-handle").length > 1) {
    var status = document.querySelector("[data-order-status]");
    var dragged = null;
    var before = "";
    var order = function () {
      return Array.prototype.map.call(list.children, function (item) {
        return item.getAttribute("data-block-id");
      }).join(",");
    };
    list.querySelectorAll(".drag-handle").forEach(function (handle) {
      handle.hidden = false;
      handle.addEventListener("dragstart", function (event) {
        dragged = handle.closest(".block-item");
        before = order();
        dragged.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.getAttribute("data-block-id"));
        event.dataTransfer.setDragImage(dragged, 16, 16);
      });
      handle.addEventListener("dragend", function () {
        if (dragged) { dragged.classList.remove("is-dragging"); }
        dragged = null;
      });
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var over = event.target.closest && event.target.closest(".block-item");
      if (!over || over === dragged || over.parentNode !== list) { return; }
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var now = order();
      if (now === before) { return; }
      var body = new URLSearchParams({ order: now });
      fetch(list.getAttribute("data-order-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "X-Requested-With": "fetch" },
        body: body
      }).then(function (response) {
        return response.json().then(function (data) {
          if (status) { status.textContent = data.message || data.error || ""; }
          if (response.ok) { window.location.reload(); }
          else { window.alert(data.error); window.location.reload(); }
        });
      }).catch(function () { window.location.reload(); });
    });
  }
})();
