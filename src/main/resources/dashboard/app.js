// codesession dashboard: charts and small conveniences on top of server-rendered pages.
// Everything works without this script; it only draws charts and avoids full reloads.
(function () {
  'use strict';
  // Chart areas are shown only when this script runs (pages show tables instead without it).
  document.documentElement.classList.add('js');

  var PALETTE = ['#38bdf8', '#a78bfa', '#34d399', '#fbbf24', '#f87171', '#f472b6', '#22d3ee', '#a3e635'];

  function money(v) {
    if (v === null || v === undefined || isNaN(v)) return '$0.00';
    var n = Number(v);
    if (n === 0) return '$0.00';
    return '$' + (Math.abs(n) < 0.01 ? n.toFixed(4) : n.toFixed(2));
  }
  function tokens(v) {
    var n = Number(v) || 0;
    if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
    if (n >= 1e3) return (n / 1e3).toFixed(1) + 'K';
    return String(Math.round(n));
  }
  // Series whose label names dollars are money; everything else is a count (fixes 2.6.0's
  // "below 1 is money, above is tokens" guess).
  function isMoney(label) { return /\$|cost/i.test(label || ''); }
  function fmt(label, v) { return isMoney(label) ? money(v) : (/session/i.test(label) ? String(v) : tokens(v)); }

  function drawCharts() {
    if (typeof window.Chart !== 'function') return;
    var Chart = window.Chart;
    Chart.defaults.color = '#8b97b1';
    Chart.defaults.borderColor = '#24314f';
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var spec;
      try { spec = JSON.parse(canvas.getAttribute('data-chart')); } catch (e) { return; }
      var kind = spec.type;
      var datasets = spec.series.map(function (s, i) {
        var color = PALETTE[i % PALETTE.length];
        var ds = { label: s.label, data: s.data, backgroundColor: color, borderColor: color };
        if (kind === 'line') {
          ds.fill = true; ds.tension = 0.3; ds.pointRadius = 2;
          ds.backgroundColor = 'rgba(56,189,248,0.15)';
        }
        if (kind === 'doughnut') {
          ds.backgroundColor = s.data.map(function (_, j) { return PALETTE[j % PALETTE.length]; });
          ds.borderColor = '#111a2e';
        }
        return ds;
      });
      var stacked = kind === 'stacked' || kind === 'hstacked';
      var type = kind === 'line' ? 'line' : kind === 'doughnut' ? 'doughnut' : 'bar';
      var valueLabel = spec.series.length ? spec.series[0].label : '';
      var options = {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { display: spec.series.length > 1 || kind === 'doughnut', position: kind === 'doughnut' ? 'right' : 'top' },
          tooltip: { callbacks: { label: function (ctx) {
            var v = kind === 'hstacked' ? ctx.parsed.x : kind === 'doughnut' ? ctx.parsed : ctx.parsed.y;
            return ' ' + ctx.dataset.label + ': ' + fmt(ctx.dataset.label, v);
          } } }
        }
      };
      if (type !== 'doughnut') {
        var valueAxis = { beginAtZero: true, stacked: stacked, ticks: { callback: function (v) { return fmt(valueLabel, v); } } };
        if (/session/i.test(valueLabel)) valueAxis.ticks.precision = 0;
        var catAxis = { stacked: stacked, ticks: { autoSkip: true, maxRotation: 0, callback: function (v) {
          var l = this.getLabelForValue(v); return l && l.length > 20 ? l.slice(0, 18) + '…' : l; } } };
        if (kind === 'hstacked') { options.indexAxis = 'y'; options.scales = { x: valueAxis, y: catAxis }; }
        else options.scales = { x: catAxis, y: valueAxis };
      }
      new Chart(canvas, { type: type, data: { labels: spec.labels, datasets: datasets }, options: options });
      canvas.setAttribute('data-drawn', 'true');
    });
  }

  // Rows link to their session.
  function rowLinks(root) {
    root.querySelectorAll('tr[data-href]').forEach(function (tr) {
      tr.addEventListener('click', function (e) {
        if (e.target.closest('a')) return;
        window.location.href = tr.getAttribute('data-href');
      });
    });
  }

  // Sessions: live search and status filter, rendered by the server as a fragment.
  function liveFilters() {
    var form = document.getElementById('session-filters');
    var box = document.getElementById('session-table');
    if (!form || !box) return;
    var timer = null, seq = 0;
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      params.set('page', '1');
      var mine = ++seq;
      fetch('/sessions?' + params.toString() + '&partial=1', { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
        .then(function (html) {
          if (mine !== seq) return;
          box.innerHTML = html;
          rowLinks(box);
          history.replaceState(null, '', '/sessions?' + params.toString());
        })
        .catch(function () { form.submit(); });
    }
    form.querySelector('input[name=search]').addEventListener('input', function () {
      clearTimeout(timer); timer = setTimeout(refresh, 250);
    });
    form.querySelector('select[name=status]').addEventListener('change', refresh);
    form.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  }

  // Tabs switch panels without a reload (the links work without script too).
  function tabs() {
    document.querySelectorAll('.tabs a[data-tab]').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        var name = a.getAttribute('data-tab');
        document.querySelectorAll('.tabs a[data-tab]').forEach(function (x) {
          x.classList.toggle('active', x === a);
          x.setAttribute('aria-selected', x === a ? 'true' : 'false');
        });
        document.querySelectorAll('[data-panel]').forEach(function (p) {
          p.classList.toggle('hidden', p.getAttribute('data-panel') !== name);
        });
        var url = new URL(window.location.href);
        url.searchParams.set('tab', name); url.hash = '';
        history.replaceState(null, '', url.pathname + url.search);
      });
    });
  }

  function renderDiff(target, text) {
    target.textContent = '';
    if (!text || text === '(no changes)') {
      var p = document.createElement('p'); p.className = 'diff-msg'; p.textContent = '(no changes)';
      target.appendChild(p); return;
    }
    var view = document.createElement('div'); view.className = 'diff-view';
    var lines = text.split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach(function (line, i) {
      var cls = line.indexOf('+++') === 0 || line.indexOf('---') === 0 ? 'meta'
        : line.indexOf('@@') === 0 ? 'hunk' : line.charAt(0) === '+' ? 'add' : line.charAt(0) === '-' ? 'del'
        : line.indexOf('diff ') === 0 || line.indexOf('index ') === 0 ? 'head' : 'ctx';
      var row = document.createElement('div'); row.className = 'dl ' + cls;
      var ln = document.createElement('span'); ln.className = 'ln'; ln.textContent = String(i + 1);
      var code = document.createElement('span'); code.className = 'code'; code.textContent = line;
      row.appendChild(ln); row.appendChild(code); view.appendChild(row);
    });
    target.appendChild(view);
  }

  // Diffs load when their row is opened.
  function inlineDiffs() {
    document.querySelectorAll('details[data-diff-url]').forEach(function (d) {
      d.addEventListener('toggle', function () {
        if (!d.open || d.getAttribute('data-loaded')) return;
        d.setAttribute('data-loaded', 'loading');
        var body = d.querySelector('.diff-body');
        body.textContent = 'Loading diff...';
        fetch(d.getAttribute('data-diff-url'), { credentials: 'same-origin' })
          .then(function (r) {
            return r.text().then(function (t) {
              if (!r.ok) { var m = t; try { m = JSON.parse(t).error; } catch (e) { /* plain text */ } throw new Error(m); }
              return t;
            });
          })
          .then(function (t) { renderDiff(body, t); d.setAttribute('data-loaded', 'true'); })
          .catch(function (e) { body.textContent = '(failed to load diff: ' + e.message + ')'; d.removeAttribute('data-loaded'); });
      });
    });
  }

  // Alerts: re-check every 30 s; a rule that newly triggers with its alarm on beeps and notifies.
  function alarms() {
    if (document.body.getAttribute('data-page') !== 'alerts') return;
    var known = {};
    document.querySelectorAll('#alert-banners [data-rule]').forEach(function (b) { known[b.getAttribute('data-rule')] = true; });
    function beep() {
      try {
        var Ctx = window.AudioContext || window.webkitAudioContext; var ctx = new Ctx();
        [880, 660, 880, 660, 880].forEach(function (f, i) {
          var o = ctx.createOscillator(), g = ctx.createGain();
          o.type = 'square'; o.frequency.value = f; g.gain.value = 0.08;
          o.connect(g); g.connect(ctx.destination);
          o.start(ctx.currentTime + i * 0.15); o.stop(ctx.currentTime + i * 0.15 + 0.13);
        });
      } catch (e) { /* no audio */ }
    }
    function notify(a) {
      if (!('Notification' in window)) return;
      var show = function () { new Notification('codesession — ' + a.label, { body: a.message, icon: '/assets/favicon.svg' }); };
      if (Notification.permission === 'granted') show();
      else if (Notification.permission !== 'denied') Notification.requestPermission().then(function (p) { if (p === 'granted') show(); });
    }
    setInterval(function () {
      fetch('/api/v1/alerts', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data) return;
        var now = {};
        data.alerts.forEach(function (a) {
          if (!a.triggered) return;
          now[a.rule] = true;
          if (!known[a.rule] && a.alarm) { beep(); notify(a); }
        });
        var changed = Object.keys(now).join() !== Object.keys(known).join();
        known = now;
        if (changed) window.location.reload();
      }).catch(function () { /* server gone: keep the page */ });
    }, 30000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts();
    rowLinks(document);
    liveFilters();
    tabs();
    inlineDiffs();
    alarms();
  });
})();
