// The application form: show "name of your institution" only when "another institution" is chosen.
// Every page loads this script (the one bundle): it acts only where both elements are.
(function () {
  "use strict";
  var select = document.getElementById("id_institution");
  var other = document.getElementById("institution-other");
  if (!select || !other) return;
  var input = other.querySelector("input");
  function update() {
    var show = select.value === "other" || (input && input.value !== "") || other.querySelector(".errorlist");
    other.hidden = !show;
  }
  select.addEventListener("change", function () {
    update();
    if (select.value === "other" && input) input.focus();
  });
  update();
})();
