// Search and compare for the ladders framework site; reads window.LADDER (ladder.js), no network.
(function () {
  "use strict";
  var data = window.LADDER || { index: [], compare: {}, levels: [] };

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var box = document.getElementById("search-box");
  var results = document.getElementById("search-results");
  function search() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (!terms.length) return;
    var found = data.index.filter(function (entry) {
      var hay = (entry.title + " " + entry.text).toLowerCase();
      return terms.every(function (t) { return hay.indexOf(t) >= 0; });
    });
    results.appendChild(el("p", found.length + (found.length === 1 ? " match" : " matches"), { "class": "muted", role: "status" }));
    var list = el("ul", "", { "class": "results" });
    found.slice(0, 30).forEach(function (entry) {
      var item = el("li");
      item.appendChild(el("a", entry.title, { href: entry.url }));
      item.appendChild(document.createTextNode(" — " + entry.kind));
      list.appendChild(item);
    });
    results.appendChild(list);
  }
  if (box && results) {
    box.addEventListener("input", search);
    var form = box.form;
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  }

  var from = document.getElementById("compare-from");
  var to = document.getElementById("compare-to");
  var out = document.getElementById("compare-result");
  function section(title, rows) {
    if (!rows.length) return;
    out.appendChild(el("h2", title));
    var list = el("ul");
    rows.forEach(function (row) { list.appendChild(el("li", row)); });
    out.appendChild(list);
  }
  function compare() {
    out.replaceChildren();
    var diff = data.compare[from.value + ">" + to.value];
    if (!diff) {
      out.appendChild(el("p", "Pick a lower level on the left and a higher one on the right.", { "class": "muted", role: "status" }));
      return;
    }
    out.appendChild(el("p", "From " + diff.from.name + " to " + diff.to.name + ":", { role: "status" }));
    section("What the role asks", Object.keys(diff.fields).map(function (k) {
      var f = diff.fields[k];
      return k + ": " + (f.old || "—") + " → " + (f.new || "—");
    }));
    section("Gates added", diff.gates.map(function (g) { return g.title + ": " + g.rule; }));
    section("Skills that grow", diff.skills.map(function (s) {
      return s.name + ": " + (s.old === null ? "not needed" : s.old) + " → " + s.new;
    }));
    section("Criteria added", diff.criteria.map(function (c) { return c.topic + ": " + c.text; }));
  }
  if (from && to && out) {
    from.addEventListener("change", compare);
    to.addEventListener("change", compare);
    compare();
  }
})();
