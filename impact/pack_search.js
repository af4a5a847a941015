// Offline search of the knowledge pack: window.BAOBAB_PACK_INDEX (search-index.js) lists every
// item; typing keeps the items whose title, summary, themes or cities hold every word.
(function () {
  "use strict";
  var index = window.BAOBAB_PACK_INDEX || [];
  var box = document.getElementById("pack-search-box");
  var input = document.getElementById("pack-q");
  var count = document.getElementById("pack-count");
  var list = document.getElementById("pack-items");
  if (!box || !input || !list) return;
  box.hidden = false;
  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var haystacks = {};
  index.forEach(function (row) {
    haystacks[row.page] = fold([row.title, row.summary, row.themes.join(" "), row.cities.join(" "), row.kind].join(" "));
  });
  function run() {
    var words = fold(input.value).split(/[^\w\u00c0-\u024f]+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(list.querySelectorAll("li[data-page]"), function (item) {
      var text = haystacks[item.getAttribute("data-page")] || "";
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = words.length ? (shown ? count.getAttribute("data-some") + " " + shown : count.getAttribute("data-none")) : "";
  }
  input.addEventListener("input", run);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  run();
})();
