// Progressive enhancement of the upload form: files dropped on the drop zone (or chosen
// with the plain input and sent) go up one request each, with a progress bar per file,
// and each row then shows what became of that file, from its import's JSON view.
// Without this script the plain <input type=file multiple> form works as it is.
(function () {
  "use strict";

  var POLL_MS = 1000;

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function rowFor(zone, file) {
    var row = document.createElement("li");
    row.className = "result result-pending";
    var label = document.createElement("span");
    label.className = "result-label";
    label.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", zone.getAttribute("data-uploading") + " " + file.name);
    row.appendChild(label);
    row.appendChild(bar);
    zone.closest("form").querySelector("[data-upload-list]").appendChild(row);
    return row;
  }

  function showMessage(row, text) {
    var message = document.createElement("span");
    message.className = "result-message";
    message.setAttribute("data-code", "upload_error");
    message.textContent = text;
    row.className = "result result-refused";
    var bar = row.querySelector("progress");
    if (bar) { bar.remove(); }
    row.appendChild(message);
  }

  function showResult(row, job) {
    // The server renders the row exactly as the job page shows it.
    var holder = document.createElement("div");
    holder.innerHTML = job.html;
    var rendered = holder.querySelector("li");
    if (rendered) { row.replaceWith(rendered); }
  }

  function follow(zone, row, statusUrl) {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.open) {
          window.setTimeout(function () { follow(zone, row, statusUrl); }, POLL_MS);
        } else {
          showResult(row, job);
        }
      })
      .catch(function () { showMessage(row, zone.getAttribute("data-failed")); });
  }

  // Files go up one after another (each row has its bar from the start), so a learner
  // dropping twenty files does not open twenty requests at once.
  function upload(zone, form, file, row, next) {
    var data = new FormData();
    data.append("way", "upload");
    data.append("files", file, file.name);
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || window.location.pathname);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken(form));
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        row.querySelector("progress").value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 202 && answer.status) {
        row.querySelector("progress").value = 100;
        follow(zone, row, answer.status);
      } else {
        showMessage(row, answer.error || zone.getAttribute("data-failed"));
      }
      next();
    });
    request.addEventListener("error", function () {
      showMessage(row, zone.getAttribute("data-failed"));
      next();
    });
    request.send(data);
  }

  function sendAll(zone, form, files) {
    var max = parseInt(zone.getAttribute("data-max-files"), 10) || files.length;
    var queue = Array.prototype.slice.call(files, 0, max).map(function (file) {
      return { file: file, row: rowFor(zone, file) };
    });
    if (files.length > max) {
      var row = document.createElement("li");
      form.querySelector("[data-upload-list]").appendChild(row);
      showMessage(row, zone.getAttribute("data-too-many"));
    }
    function next() {
      var item = queue.shift();
      if (item) { upload(zone, form, item.file, item.row, next); }
    }
    next();
  }

  function enhance(zone) {
    var form = zone.closest("form");
    var input = form.querySelector("input[type=file]");
    zone.hidden = false;
    zone.addEventListener("click", function () { input.click(); });
    zone.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        input.click();
      }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone-active");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("drop-zone-active"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("drop-zone-active");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        sendAll(zone, form, event.dataTransfer.files);
      }
    });
    form.addEventListener("submit", function (event) {
      if (!input.files.length) { return; }  // the server explains what is missing
      event.preventDefault();
      sendAll(zone, form, input.files);
      input.value = "";
    });
  }

  document.querySelectorAll("[data-drop-zone]").forEach(enhance);
})();
