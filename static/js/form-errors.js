/*
 * When a form comes back with mistakes, move focus to the summary of them, so a
 * screen reader reads the list first and a keyboard user can follow its links
 * to each field (the GOV.UK error summary pattern). A separate file, not an
 * inline script, so a strict Content-Security-Policy allows it.
 */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
});
