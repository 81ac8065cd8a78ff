/* The portal's small behaviours, loaded on every page (no inline scripts or handlers: strict CSP).
 * Every page works without it: the header then shows all links, the language form has a submit button, and the
 * sub-dimension list offers all choices (the server refuses a mismatch with a clear message). */
(function () {
  "use strict";

  // Phone header: a menu button folds the navigation and the user tools.
  function setupMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    header.classList.add("has-menu-button");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        button.focus();
      }
    });
  }

  // Selects that submit their form when changed and print buttons: static/js/actions.js (data-autosubmit,
  // data-print), with the data-style attributes the Content-Security-Policy needs.

  // Dependent choices: <select data-filter-by="id_dimension"> whose options carry data-parent="<dimension id>".
  function setupDependentChoices() {
    document.querySelectorAll("select[data-filter-by]").forEach(function (child) {
      var parent = document.getElementById(child.getAttribute("data-filter-by"));
      if (!parent) return;
      var options = Array.prototype.slice.call(child.options).map(function (o) { return o.cloneNode(true); });
      function apply() {
        var chosen = parent.value, keep = child.value;
        child.innerHTML = "";
        options.forEach(function (o) {
          var p = o.getAttribute("data-parent");
          if (!o.value || !chosen || !p || p === chosen) child.appendChild(o.cloneNode(true));
        });
        child.value = keep;
        if (child.value !== keep) child.value = "";
      }
      parent.addEventListener("change", apply);
      apply();
    });
  }

  // "Show all" for long lists: <ol data-collapse="5"> shows the first five and a button for the rest.
  function setupCollapsible() {
    document.querySelectorAll("[data-collapse]").forEach(function (list) {
      var keep = parseInt(list.getAttribute("data-collapse"), 10) || 5;
      var items = Array.prototype.slice.call(list.children);
      if (items.length <= keep) return;
      items.slice(keep).forEach(function (item) { item.hidden = true; });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary show-all";
      button.textContent = list.getAttribute("data-show-all-label") || "Show all";
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        items.forEach(function (item) { item.hidden = false; });
        button.remove();
        if (items[keep]) { items[keep].setAttribute("tabindex", "-1"); items[keep].focus(); }
      });
      list.parentNode.insertBefore(button, list.nextSibling);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupDependentChoices();
    setupCollapsible();
  });
})();

/* Error pages: "back to the previous page" when there is one. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    if (window.history.length < 2) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.history.back(); });
  });
});

