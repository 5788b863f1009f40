// AcademicHub's only script: math, expandable abstracts, feedback that acts at
// once, search results as you type, the browser's time zone for deliveries.
// Loaded by every page (no inline scripts: the Content-Security-Policy allows
// this site's files only).
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    var m = document.cookie.match(/(?:^|;\s*)ah_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  function renderMath(root) {
    if (typeof window.renderMathInElement !== 'function') return;
    var nodes = (root || document).querySelectorAll('.math');
    for (var i = 0; i < nodes.length; i++) {
      window.renderMathInElement(nodes[i], {
        delimiters: [
          { left: '$$', right: '$$', display: true },
          { left: '\\[', right: '\\]', display: true },
          { left: '$', right: '$', display: false },
          { left: '\\(', right: '\\)', display: false }
        ],
        throwOnError: false,
        ignoredTags: ['script', 'noscript', 'style', 'textarea', 'pre', 'code', 'option', 'a']
      });
    }
  }

  function setUpAbstracts(root) {
    var buttons = (root || document).querySelectorAll('.card .more');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var abs = b.previousElementSibling;
      if (!abs) continue;
      if (abs.scrollHeight <= abs.clientHeight + 2) {
        b.hidden = true;
        continue;
      }
      b.addEventListener('click', function (ev) {
        var btn = ev.currentTarget, a = btn.previousElementSibling;
        var open = a.classList.toggle('clamp') === false;
        btn.setAttribute('aria-expanded', open ? 'true' : 'false');
        btn.textContent = open ? btn.dataset.less : btn.dataset.more;
      });
    }
  }

  function afterUpdate(root) {
    renderMath(root);
    setUpAbstracts(root);
    setUpFeedback(root);
  }

  function setUpFeedback(root) {
    var forms = (root || document).querySelectorAll('form.feedback');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function (ev) {
        ev.preventDefault();
        var form = ev.currentTarget;
        var button = ev.submitter || form.querySelector('button');
        var action = button.value;
        var radar = form.dataset.radar;
        var paper = form.querySelector('input[name="paper"]').value;
        var card = form.closest('.card');
        var buttons = form.querySelectorAll('button');
        for (var k = 0; k < buttons.length; k++) buttons[k].disabled = true;
        fetch('/api/v1/radars/' + encodeURIComponent(radar) + '/feedback', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
          body: JSON.stringify({ paper: paper, action: action })
        }).then(function (res) {
          if (!res.ok) throw new Error('feedback failed: ' + res.status);
          for (var k = 0; k < buttons.length; k++) {
            buttons[k].setAttribute('aria-pressed', buttons[k].value === action ? 'true' : 'false');
          }
          if (action === 'hide' || action === 'dislike') card.classList.add('gone');
          else card.classList.remove('gone');
          return rerank();
        }).catch(function (e) {
          console.error(e);
          form.submit();  // without the API: the plain form, then a reload
        }).finally(function () {
          for (var k = 0; k < buttons.length; k++) buttons[k].disabled = false;
        });
      });
    }
  }

  // Pages whose list depends on the feedback (a radar's day) say where the
  // re-ranked list is: data-rerank on #cards.
  function rerank() {
    var cards = document.getElementById('cards');
    if (!cards || !cards.dataset.rerank) return Promise.resolve();
    return fetch(cards.dataset.rerank, { credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        cards.innerHTML = html;
        cards.dataset.reranked = String(Number(cards.dataset.reranked || 0) + 1);
        afterUpdate(cards);
      });
  }

  function setUpSearch() {
    var input = document.querySelector('input[data-live-search]');
    var results = document.getElementById('results');
    if (!input || !results) return;
    var timer = null, last = input.value, seq = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last) return;
        last = q;
        var mine = ++seq;
        var url = '/search?fragment=1&q=' + encodeURIComponent(q);
        fetch(url, { credentials: 'same-origin' })
          .then(function (res) { return res.text(); })
          .then(function (html) {
            if (mine !== seq) return;
            results.innerHTML = html;
            history.replaceState(null, '', '/search?q=' + encodeURIComponent(q));
            afterUpdate(results);
          });
      }, 250);
    });
  }

  // The delivery settings' time zone, never chosen yet: the browser's own
  // (the server checks it against its tzdata when the form is saved).
  function setUpTimeZone() {
    var input = document.querySelector('input[data-browser-zone]');
    if (!input || !window.Intl || !Intl.DateTimeFormat) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\-\/]{1,100}$/.test(zone)) input.value = zone;
  }

  document.addEventListener('DOMContentLoaded', function () {
    afterUpdate(document);
    setUpSearch();
    setUpTimeZone();
  });
})();
