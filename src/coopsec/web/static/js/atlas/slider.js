/*
 * The atlas page, part 4 of 6: choosing the date.
 *
 * The range input counts days since 1949-01-01 but speaks dates: its aria-valuetext is the date in
 * words, ArrowLeft/Right move a month, PageUp/PageDown a year, Home/End go to the ends. The typed
 * date is refused with a message when it lies outside the atlas's range. Milestones come from the
 * atlas; the play button moves a year at a time (slower, with no transitions, for users who ask
 * the system for reduced motion).
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var C = coopsec.atlasCore;

  /** Wires the controls; ``onDate(iso)`` for every accepted date. Returns {set(iso)}. */
  function DateControls(atlas, onDate) {
    var slider = document.getElementById("date-slider");
    var input = document.getElementById("date-input");
    var label = document.getElementById("date-label");
    var error = document.getElementById("date-error");
    var play = document.getElementById("play");
    var start = C.toDays(atlas.from);
    var end = C.toDays(atlas.to);
    var current = null;
    var timer = 0;
    slider.min = "0";
    slider.max = String(end - start);
    input.min = atlas.from;
    input.max = atlas.to;
    document.getElementById("date-range").textContent =
      "from " + C.words(atlas.from) + " to " + C.words(atlas.to);

    function clamp(iso) {
      var d = C.toDays(iso);
      return C.fromDays(Math.min(end, Math.max(start, d)));
    }

    function set(iso, quiet) {
      if (iso === current) return;
      current = iso;
      slider.value = String(C.toDays(iso) - start);
      slider.setAttribute("aria-valuetext", C.words(iso));
      if (input.value !== iso) input.value = iso;
      label.textContent = C.words(iso);
      label.dataset.date = iso;
      hideError();
      if (!quiet) onDate(iso);
    }

    function hideError() {
      error.hidden = true;
      error.textContent = "";
      input.removeAttribute("aria-invalid");
    }

    slider.addEventListener("input", function () { set(C.fromDays(start + Number(slider.value))); });
    slider.addEventListener("keydown", function (e) {
      var next = null;
      if (e.key === "ArrowRight" || e.key === "ArrowUp") next = C.addMonths(current, 1);
      else if (e.key === "ArrowLeft" || e.key === "ArrowDown") next = C.addMonths(current, -1);
      else if (e.key === "PageUp") next = C.addMonths(current, 12);
      else if (e.key === "PageDown") next = C.addMonths(current, -12);
      else if (e.key === "Home") next = atlas.from;
      else if (e.key === "End") next = atlas.to;
      if (next === null) return;
      e.preventDefault();
      set(clamp(next));
    });
    input.addEventListener("change", function () {
      var v = input.value;
      var d = C.toDays(v);
      if (!v || isNaN(d)) {
        showError("“" + (v || "(empty)") + "” is not a date: type a day as year-month-day, e.g. 1990-10-03.");
      } else if (d < start || d > end) {
        showError(C.words(v) + " is outside the atlas: choose a day " + document.getElementById("date-range").textContent + ".");
      } else {
        set(v);
      }
    });

    function showError(text) {
      error.textContent = text;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
    }

    // Milestones: ticks on the slider, and buttons that go there.
    var list = document.getElementById("milestone-ticks");
    var buttons = document.getElementById("milestones");
    (atlas.data.milestones || []).forEach(function (m) {
      var option = document.createElement("option");
      option.value = String(C.toDays(m.date) - start);
      option.label = m.date.slice(0, 4);
      list.appendChild(option);
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.date = m.date;
      b.textContent = m.date.slice(0, 4) + ": " + m.label;
      b.title = C.words(m.date);
      b.addEventListener("click", function () { stop(); set(m.date); });
      li.appendChild(b);
      buttons.appendChild(li);
    });

    // Play: a year per step, from the first year again when at the end.
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
    function stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = 0;
      play.textContent = "Play the years";
      play.setAttribute("aria-pressed", "false");
    }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (C.toDays(current) >= end) set(atlas.from);
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        var next = C.addMonths(current, 12);
        if (C.toDays(next) >= end) { set(atlas.to); stop(); return; }
        set(next);
      }, reduced && reduced.matches ? 2500 : 900);
    });
    slider.addEventListener("pointerdown", stop);
    input.addEventListener("focus", stop);

    return { set: set, current: function () { return current; }, stop: stop, clamp: clamp, start: start, end: end };
  }

  coopsec.AtlasDateControls = DateControls;
})();
