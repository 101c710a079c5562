// Search-as-you-type: fills the search box's <datalist> with matching practice titles.
// Progressive enhancement only: without JavaScript the form works as it is.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var list = input && document.getElementById(input.getAttribute("list"));
  if (!input || !list || !window.fetch) { return; }
  var timer = null, last = "", controller = null;

  function show(items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.title;  // text only: never parsed as HTML
      if (item.municipality) { option.label = item.title + " — " + item.municipality; }
      list.appendChild(option);
    });
  }

  function ask() {
    var q = input.value.trim();
    if (q === last) { return; }
    last = q;
    if (q.length < 2) { show([]); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(function () { /* aborted or offline: keep the form usable */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
})();
