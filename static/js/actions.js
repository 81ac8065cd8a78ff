/* Behaviour that used to sit in inline handlers and style attributes (a strict Content-Security-Policy forbids
   both): <select data-autosubmit> submits its form when changed; <button data-print> prints the page;
   data-style="width:40%" is applied as the element's style (through the CSSOM, which the policy allows). */
(function () {
  "use strict";
  function applyStyles(root) {
    var elements = root.querySelectorAll("[data-style]");
    for (var i = 0; i < elements.length; i++) {
      elements[i].style.cssText = elements[i].getAttribute("data-style");
    }
  }
  applyStyles(document);
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
