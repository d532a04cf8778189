/* Small progressive enhancements; every page works without them. No inline script (CSP). */
(function () {
  "use strict";

  // Long actions: show "Working..." on the button pressed and ignore a second press.
  function busyForms() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitting === "1") {
          event.preventDefault();
          return;
        }
        form.dataset.submitting = "1";
        form.setAttribute("aria-busy", "true");
        var button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
        if (button) {
          button.dataset.label = button.textContent;
          button.textContent = "Working…";
          button.classList.add("busy");
          button.setAttribute("aria-disabled", "true");
        }
      });
    });
    // Coming back with the browser's back button restores the page as it was left.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-busy]").forEach(function (form) {
        form.dataset.submitting = "";
        form.removeAttribute("aria-busy");
        form.querySelectorAll("button.busy").forEach(function (button) {
          button.textContent = button.dataset.label;
          button.classList.remove("busy");
          button.removeAttribute("aria-disabled");
        });
      });
    });
  }

  // Time allocation: a running total, so 100% is easy to hit before saving.
  function percentTotals() {
    document.querySelectorAll("output[data-total-of]").forEach(function (output) {
      var form = output.closest("form");
      var inputs = form.querySelectorAll(output.dataset.totalOf);
      function update() {
        var total = 0;
        var any = false;
        inputs.forEach(function (input) {
          if (input.value !== "") {
            any = true;
            total += Number(input.value) || 0;
          }
        });
        output.textContent = any ? String(total) : "–";
        output.classList.toggle("off", any && total !== 100);
        output.classList.toggle("ok", any && total === 100);
      }
      inputs.forEach(function (input) { input.addEventListener("input", update); });
      update();
    });
  }

  // Evidence: the "users" field only applies to kinds that have users.
  function usersField() {
    var kind = document.querySelector("select[data-controls-users]");
    var users = document.querySelector("select[data-kinds]");
    if (!kind || !users) return;
    var wrapper = users.closest(".field");
    if (!wrapper) return;
    var kinds = users.dataset.kinds.split(" ");
    function update() {
      var applies = kinds.indexOf(kind.value) !== -1;
      wrapper.hidden = !applies;
      if (!applies) users.value = "";
    }
    kind.addEventListener("change", update);
    update();
  }

  function focusAlert() {
    var alert = document.querySelector("[data-focus]");
    if (alert) alert.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    busyForms();
    percentTotals();
    usersField();
    focusAlert();
  });
})();
