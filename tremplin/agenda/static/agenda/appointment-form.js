// In the appointment form, Enter saves (the form's first, hidden, submit button), except in
// the name search field, where it searches: what one expects after typing a name.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("participant-q");
  const button = document.getElementById("participant-search");
  if (!field || !button) return;
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      button.click();
    }
  });
});
