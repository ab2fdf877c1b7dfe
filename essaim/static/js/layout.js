/* Essaim — page layout.
   Wide tables (essaim.css, "Tables"): every .table-wrap whose table is wider than the frame gets
   data-scroll="start", "middle" or "end", kept up to date as it scrolls or resizes, and becomes a
   named region reachable with Tab, so that the keyboard can scroll it too. A frame whose table
   fits gets none of these. Without this file the tables still scroll and keep their first
   column; only the cue is missing.
   « Sur cette page »: the link of the section being read is marked aria-current.
   The main navigation's menus: one open at a time, closed by Escape or a click elsewhere.
   The header's programme menu: choosing a programme switches to it (the button is for pages
   without this file). */
(function () {
  "use strict";
  var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target.closest(".table-wrap")); });
  }) : null;

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent.trim().replace(/\s+/g, " ") : "";
    return "Tableau défilant" + (text ? " : " + text : "");
  }

  function update(wrap) {
    if (!wrap) return;
    var hidden = wrap.scrollWidth - wrap.clientWidth;
    if (hidden <= 1) {
      wrap.removeAttribute("data-scroll");
      if (wrap.hasAttribute("data-scroll-region")) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
      return;
    }
    var left = Math.abs(wrap.scrollLeft);
    wrap.setAttribute("data-scroll", left <= 1 ? "start" : left >= hidden - 1 ? "end" : "middle");
    if (!wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("data-scroll-region", "");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    }
  }

  function watch(root) {
    var wraps = root.querySelectorAll ? root.querySelectorAll(".table-wrap") : [];
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.hasAttribute("data-scroll-watched")) return;
      wrap.setAttribute("data-scroll-watched", "");
      wrap.addEventListener("scroll", function () { update(wrap); }, { passive: true });
      if (observer) {
        observer.observe(wrap);
        var table = wrap.querySelector("table");
        if (table) observer.observe(table);
      }
      update(wrap);
    });
  }

  /* « Sur cette page » (web/_contents.html): the link of the section being read is marked. */
  function follow(bar) {
    var links = Array.prototype.slice.call(bar.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (link) { return document.getElementById(decodeURIComponent(link.hash.slice(1))); });
    var pending = false;
    function mark() {
      pending = false;
      var limit = bar.getBoundingClientRect().bottom + 48;
      var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      var current = -1;
      targets.forEach(function (target, i) {
        if (!target) return;
        var top = target.getBoundingClientRect().top;
        if (top <= limit || (atEnd && top < window.innerHeight)) current = i;
      });
      links.forEach(function (link, i) {
        if (i === current) link.setAttribute("aria-current", "location"); else link.removeAttribute("aria-current");
      });
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(mark); }
    }, { passive: true });
    mark();
  }

  /* The menus of the main navigation (<details class="nav-menu">) open and close without this
     file; with it, one is open at a time, and Escape, a click elsewhere or the focus leaving it
     closes it. */
  function menus() { return Array.prototype.slice.call(document.querySelectorAll("details.nav-menu[open]")); }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!menu.matches || !menu.matches("details.nav-menu[open]")) return;
    menus().forEach(function (other) { if (other !== menu) other.open = false; });
  }, true);
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("focusout", function (event) {
    var menu = event.target.closest && event.target.closest("details.nav-menu[open]");
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details.nav-menu[open]");
    if (menu) { menu.open = false; menu.querySelector("summary").focus(); }
  });

  function start() { watch(document); }
  function programmeSwitch() {
    var select = document.getElementById("programme-choice");
    if (!select) return;
    var button = select.form.querySelector("button");
    if (button) button.hidden = true;
    select.addEventListener("change", function () { select.form.submit(); });
  }
  function once() {
    start();
    programmeSwitch();
    var bar = document.querySelector("nav.contents");
    if (bar) follow(bar);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", once); else once();
  window.addEventListener("resize", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), update);
  });
  document.addEventListener("htmx:load", start);
})();
