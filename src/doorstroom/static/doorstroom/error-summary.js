// A link in a form's list of problems (includes/form_errors.html) puts the focus on its
// field without writing #field into the address: kept there, the browser would carry it over
// the redirect after the form is sent again (RFC 9110 10.2.2), onto the next page. Without
// this script the link still leads to its field, the address then with #field.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".doorstroom-error-summary a[href^='#']");
  const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) {
    return;
  }
  event.preventDefault();
  // the field's label and description in view with it, as GOV.UK's error summary does
  (field.closest(".utrecht-form-field, fieldset") || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
