// « Relire … » buttons (documents/_review_button.html). The error that the last submission
// showed under the field (« Ce champ est obligatoire. ») no longer describes it once the text
// has been filled in and reread: the message, the red frame, aria-invalid and the
// aria-describedby reference to the message go. The server checks the field again on submit.
// A static file, not an inline script: the Content-Security-Policy allows only 'self'.
if (!window.tremplinReviewButton) {
  window.tremplinReviewButton = true;
  document.addEventListener("htmx:afterRequest", (event) => {
    const button = event.detail.elt;
    if (!event.detail.successful || !button.matches("[data-review-field]")) return;
    const scope = button.closest("form") || document;
    const field = scope.querySelector(`[name="${CSS.escape(button.dataset.reviewField)}"]`);
    if (!field || !field.value.trim() || !field.id) return;
    const errorId = `${field.id}_error`;
    document.getElementById(errorId)?.remove();
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
    const described = (field.getAttribute("aria-describedby") || "")
      .split(/\s+/)
      .filter((id) => id && id !== errorId);
    if (described.length) {
      field.setAttribute("aria-describedby", described.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  });
}
