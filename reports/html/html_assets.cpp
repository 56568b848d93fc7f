#include "reports/html/html_assets.hpp"

namespace cleave::report::assets {

const std::string_view kCss = R"CSS(
:root { --fg:#1d2430; --muted:#5b6574; --line:#d9dee6; --bg:#f6f8fb; --accent:#2f6db5; --warn:#b4411e; --warnbg:#fff1e8; }
* { box-sizing:border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif; color:var(--fg); background:var(--bg); }
header { position:sticky; top:0; z-index:5; background:#1f2d3d; color:#fff; padding:8px 16px; display:flex; flex-wrap:wrap; gap:10px 18px; align-items:center; }
header h1 { font-size:16px; margin:0 12px 0 0; font-weight:600; }
header nav a { color:#cfe0f5; text-decoration:none; margin-right:12px; }
header nav a.active, header nav a:hover { color:#fff; text-decoration:underline; }
header input#search { margin-left:auto; padding:5px 8px; border-radius:4px; border:0; width:260px; }
main { padding:16px 20px 40px; max-width:1400px; }
.banner { background:var(--warnbg); border:2px solid var(--warn); color:var(--warn); padding:10px 14px; margin:12px 20px 0; border-radius:6px; font-weight:600; }
.banner a { color:var(--warn); }
section.page { margin-bottom:32px; }
h2 { font-size:20px; margin:8px 0 12px; }
h3 { font-size:15px; margin:20px 0 8px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 14px; min-width:150px; }
.card .n { font-size:22px; font-weight:600; }
.card .l { color:var(--muted); font-size:12px; }
.card.bad { border-color:var(--warn); background:var(--warnbg); }
table { border-collapse:collapse; background:#fff; margin:6px 0; font-size:13px; }
th, td { border:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
th { background:#eef2f7; font-weight:600; }
td.loc, span.loc { color:var(--muted); font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; white-space:nowrap; }
td.sql, pre, code { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; }
td.sql { max-width:520px; white-space:pre-wrap; word-break:break-all; }
pre { background:#fff; border:1px solid var(--line); padding:8px; overflow:auto; }
tr.conflict td { background:#fde7e1; }
tr.conflict td:first-child { font-weight:600; color:var(--warn); }
td.owner { background:#dff0d8; font-weight:600; }
td.crud { text-align:center; font-family:ui-monospace,Menlo,Consolas,monospace; }
td.dsm { text-align:center; min-width:34px; }
td.diag { background:#eee; }
.muted { color:var(--muted); }
.tag { display:inline-block; padding:0 6px; border-radius:8px; background:#e7eef8; font-size:12px; margin-right:4px; }
.tag.async { background:#e3f0fb; color:#1f6fb2; } .tag.sync { background:#eee; } .tag.mixed { background:#efe6f7; }
input.filter { padding:4px 6px; margin:4px 0; width:280px; border:1px solid var(--line); border-radius:4px; }
.count { color:var(--muted); font-size:12px; margin-left:8px; }
.svgbox { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px; overflow:auto; }
.svgbox svg { max-width:100%; height:auto; }
#service-map g.node { cursor:pointer; }
#service-map g.node:hover polygon, #service-map g.node:hover path { stroke-width:2.5; }
.legend span { margin-right:16px; }
dl.glossary { display:grid; grid-template-columns:max-content 1fr; gap:2px 14px; margin:8px 0; font-size:13px; }
dl.glossary dt { font-weight:600; } dl.glossary dd { margin:0; } dl.glossary .better { color:var(--accent); }
th[title], .card[title] .l, span.metric[title] { text-decoration:underline dotted; cursor:help; }
.cut { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 12px; margin:8px 0 4px; }
.cut h3 { margin:0 0 6px; }
.cut .cards { gap:8px; } .cut .cards .card { min-width:0; padding:8px 10px; }
table.dsm th.col { writing-mode:vertical-rl; transform:rotate(180deg); white-space:nowrap; max-height:160px; font-weight:500; padding:6px 2px; }
td.dsm.back { outline:2px solid var(--warn); outline-offset:-2px; }
td.dsm.cycle { background-color:#fff4d6; }
tr.cycle-start th, tr.cycle-start td { border-top:2px solid var(--warn); }
ul.plain { list-style:none; padding-left:0; }
.anchor { scroll-margin-top:56px; }
.verdict { font-weight:600; }
span.verdict { display:inline-block; padding:1px 8px; border-radius:10px; margin-left:6px; font-size:13px; }
.verdict.ready { background:#dff0d8; color:#256029; } .verdict.ready::before { content:"\2713\00a0"; }
.verdict.changes { background:#fff4d6; color:#7a5200; } .verdict.changes::before { content:"\270E\00a0"; }
.verdict.keep { background:var(--warnbg); color:var(--warn); } .verdict.keep::before { content:"\25A0\00a0"; }
td.verdict a { color:inherit; }
td.rule { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; white-space:nowrap; }
td.central { font-weight:600; color:var(--warn); }
button { cursor:pointer; }
.svgbox.picture { margin:6px 0 12px; }
.svgbox.scroll { max-height:75vh; }
.svgbox.scroll svg { max-width:none; }
svg.pic text { font:12px system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif; fill:var(--fg); }
svg.pic .strong { font-weight:600; font-size:13px; } svg.pic a .strong { fill:var(--accent); }
svg.pic .small, svg.pic .detail { fill:var(--muted); } svg.pic .num { font-weight:600; fill:#fff; }
svg.pic .box { fill:#fff; stroke:#aab4c3; } svg.pic .god-box { fill:#eef2f7; stroke:var(--fg); stroke-width:1.5; }
svg.pic .spine, svg.pic .life { stroke:#aab4c3; stroke-width:2; fill:none; } svg.pic .life { stroke-dasharray:4 4; stroke-width:1; }
svg.pic .dot { fill:var(--accent); } svg.pic .bar-bg { fill:#e7eef8; } svg.pic .bar { fill:var(--accent); }
svg.pic .step.keep .box { fill:var(--warnbg); stroke:var(--warn); stroke-width:1.5; stroke-dasharray:6 3; }
svg.pic .step.keep .dot { fill:var(--warn); }
svg.pic .verdict.keep { fill:var(--warn); } svg.pic .verdict.changes { fill:#7a5200; } svg.pic .verdict.ready { fill:#256029; }
svg.pic .forward, svg.pic .compensation, svg.pic .link, svg.pic .sep { fill:none; stroke:var(--fg); stroke-width:1.5; }
svg.pic .compensation { stroke:var(--warn); stroke-dasharray:6 4; } svg.pic .return .head { fill:var(--warn); }
svg.pic .sep { stroke:var(--line); stroke-width:1; } svg.pic .undo { fill:var(--warn); } svg.pic .head { fill:var(--fg); }
svg.pic .link { stroke:#7d8896; stroke-width:1.2; } svg.pic .part-head { fill:#e7eef8; }
svg.pic .s1 { fill:#dbe8f6; } svg.pic .s2 { fill:#7fa8d8; } svg.pic .s3 { fill:#2f6db5; }
svg.pic .cell.s3 .letters { fill:#fff; } svg.pic .letters { font-family:ui-monospace,Menlo,Consolas,monospace; }
svg.pic .owner-mark { fill:none; stroke:#2e8b3a; stroke-width:3; }
svg.pic .conflict-band { fill:#fde7e1; } svg.pic .label.conflict { fill:var(--warn); font-weight:600; }
svg.pic .col.muted { fill:var(--muted); }
)CSS";

const std::string_view kScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cleave-data').textContent);
  var pages = Array.prototype.slice.call(document.querySelectorAll('section.page'));
  var CHUNK = 200;
  document.documentElement.classList.add('js');

  function setCell(td, c) {
    if (typeof c === 'string') { td.textContent = c; return; }
    var into = td;
    if (c[2] && c[2].indexOf('tag ') === 0) {
      into = document.createElement('span');
      into.className = c[2];
      td.appendChild(into);
    } else if (c[2]) {
      td.className = c[2];
    }
    if (c[1]) {
      var a = document.createElement('a');
      a.href = c[1];
      a.textContent = c[0];
      into.appendChild(a);
    } else {
      into.textContent = c[0];
    }
    if (c[3]) td.title = c[3];
  }
  function rowText(r) {
    return r.map(function (c) { return typeof c === 'string' ? c : c[0]; }).join(' ').toLowerCase();
  }

  // Big tables arrive as JSON and are drawn in chunks, on first view.
  function initLazy(box) {
    if (box.applyFilter) return;
    var rows = data.lazy[box.getAttribute('data-lazy')] || [];
    var texts = rows.map(rowText);
    var tbody = box.querySelector('tbody');
    var more = box.querySelector('.more');
    var count = box.querySelector('.count');
    var input = box.querySelector('input.filter');
    var matches = [], shown = 0;
    function renderMore() {
      var frag = document.createDocumentFragment();
      var end = Math.min(matches.length, shown + CHUNK);
      for (var i = shown; i < end; i++) {
        var tr = document.createElement('tr');
        rows[matches[i]].forEach(function (c) { var td = document.createElement('td'); setCell(td, c); tr.appendChild(td); });
        frag.appendChild(tr);
      }
      tbody.appendChild(frag);
      shown = end;
      more.textContent = '';
      if (shown < matches.length) {
        var b = document.createElement('button');
        b.textContent = 'Show ' + Math.min(CHUNK, matches.length - shown) + ' more (' + (matches.length - shown) + ' left)';
        b.addEventListener('click', renderMore);
        more.appendChild(b);
      }
      if (count) count.textContent = matches.length + ' of ' + rows.length;
    }
    box.applyFilter = function (q) {
      q = (q || '').toLowerCase();
      matches = [];
      for (var i = 0; i < rows.length; i++) if (!q || texts[i].indexOf(q) >= 0) matches.push(i);
      tbody.textContent = '';
      shown = 0;
      renderMore();
    };
    if (input) input.addEventListener('input', function () { box.applyFilter(input.value); });
    box.applyFilter(input ? input.value : '');
  }

  // Small tables are in the page; their filter hides rows.
  Array.prototype.forEach.call(document.querySelectorAll('.tbl'), function (box) {
    var input = box.querySelector('input.filter');
    if (!input) return;
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(box.querySelectorAll('tbody tr'), function (tr) {
        tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  // Class graphs stay inert templates until asked for.
  Array.prototype.forEach.call(document.querySelectorAll('button.show-graph'), function (b) {
    b.addEventListener('click', function () {
      var t = document.getElementById(b.getAttribute('data-template'));
      var box = document.getElementById(b.getAttribute('data-target'));
      if (t && box && !box.firstChild) box.appendChild(t.content.cloneNode(true));
      b.hidden = true;
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('#service-map g.node.service'), function (g) {
    g.addEventListener('click', function (e) {
      e.preventDefault();
      location.hash = 'service/' + g.id.replace(/^svc-/, '');
    });
  });

  var search = document.getElementById('search');
  function applySearch() {
    var q = search.value.toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll('#search-results li'), function (li) {
      li.hidden = q !== '' && li.textContent.toLowerCase().indexOf(q) < 0;
    });
    var box = document.querySelector('section[data-route="search"] .lazy');
    if (box) { initLazy(box); box.applyFilter(q); }
  }
  search.addEventListener('input', function () {
    if (location.hash !== '#search') location.hash = 'search';
    applySearch();
  });

  function route() {
    var h = decodeURIComponent(location.hash.replace(/^#/, '')) || 'overview';
    var page = null, anchor = null;
    pages.forEach(function (p) { if (p.getAttribute('data-route') === h) page = p; });
    // A place inside a page (a service's fitness entry): show its page, then scroll to it.
    if (!page) {
      anchor = document.getElementById(h);
      page = anchor && anchor.closest('section.page');
      if (page) h = page.getAttribute('data-route'); else anchor = null;
    }
    if (!page) { h = 'overview'; page = document.querySelector('section[data-route="overview"]'); }
    pages.forEach(function (p) { p.hidden = p !== page; });
    var top = h.split('/')[0];
    Array.prototype.forEach.call(document.querySelectorAll('header nav a'), function (a) {
      a.classList.toggle('active', a.getAttribute('href') === '#' + top || a.getAttribute('href') === '#' + h);
    });
    Array.prototype.forEach.call(page.querySelectorAll('.lazy'), initLazy);
    if (h === 'search') applySearch();
    if (anchor) anchor.scrollIntoView(); else window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', route);
  route();
})();
)JS";

}  // namespace cleave::report::assets
