// Django's two-list filter (SelectFilter2.js, made on "load") names its magnifier icon with an
// aria-label on a span without a role, which ARIA does not allow (axe-core:
// aria-prohibited-attr); as an image it may. After the other "load" handlers, hence the timeout.
window.addEventListener("load", () => {
  setTimeout(() => {
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  });
});
