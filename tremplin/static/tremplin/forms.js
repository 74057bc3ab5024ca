// A form sent back with errors: its summary takes the focus (a screen reader reads it, the
// keyboard starts from it) and the page title says « Erreur », as the RGAA asks (11.10).
(function () {
  "use strict";
  var PREFIX = "Erreur — ";
  function announce(root) {
    var summary = root.querySelector(".js-form-errors");
    if (!summary) {
      return;
    }
    if (document.title.indexOf(PREFIX) !== 0) {
      document.title = PREFIX + document.title;
    }
    summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    announce(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    announce(event.target);
  });
})();
