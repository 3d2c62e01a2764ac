/*
 * Public forms: the error summary (GOV.UK pattern).
 *
 * After a failed submission the page shows .error-summary at the top of the form;
 * it is focused on load, so keyboard and screen-reader users start at the list of
 * problems. A link of the summary moves the focus to its field and scrolls the
 * field's label or legend into view, so the question is seen with the field.
 * Loaded from 'self' (the CSP allows no inline script); without it the summary
 * still works: role="alert" announces it and its links are plain anchors.
 */
(function () {
  "use strict";

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    // Checkboxes and radios: their group's legend says what is asked.
    if (legend && (input.type === "checkbox" || input.type === "radio")) {
      return legend;
    }
    if (input.id) {
      var label = document.querySelector('label[for="' + input.id + '"]');
      if (label) {
        return label;
      }
    }
    return input;
  }

  function fieldOf(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    var target = document.getElementById(id);
    if (target && !target.matches("input, select, textarea, button")) {
      // A wrapper (a group of radios): its first control.
      target = target.querySelector("input, select, textarea");
    }
    return target;
  }

  function onSummaryClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = fieldOf(link);
    if (!field) {
      return;
    }
    event.preventDefault();
    labelFor(field).scrollIntoView();
    field.focus({ preventScroll: true });
  }

  function setUp() {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", onSummaryClick);
    summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
