// Progressive enhancement of the page editor. Without this script everything still
// works: removing a block simply asks no question, and the password field stays shown.
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
})();
