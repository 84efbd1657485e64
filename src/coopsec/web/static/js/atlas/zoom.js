/*
 * The atlas page, part 3 of 6: zoom and pan by changing the SVG's viewBox.
 *
 * Buttons (+, −, reset), the mouse wheel, and pointer events for dragging and pinching. A tap that
 * does not move stays a click (it selects a state); a drag does not. While the map is not zoomed,
 * one finger still scrolls the page (touch-action: pan-y) and two fingers pinch the map.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var MAX = 12;
  var MOVED = 8;

  /** Zoom for ``svg`` of size [w, h]; ``onChange(unitsPerCssPx)`` after every change. */
  function Zoom(svg, size, onChange) {
    this.svg = svg;
    this.base = { x: 0, y: 0, w: size[0], h: size[1] };
    this.box = { x: 0, y: 0, w: size[0], h: size[1] };
    this.onChange = onChange;
    this.pointers = {};
    this.dragged = false;
    var self = this;
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      self.zoomAt(e.deltaY < 0 ? 1.25 : 0.8, self.toSvg(e.clientX, e.clientY));
    }, { passive: false });
    svg.addEventListener("pointerdown", function (e) { self.down(e); });
    svg.addEventListener("pointermove", function (e) { self.move(e); });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
      svg.addEventListener(t, function (e) { delete self.pointers[e.pointerId]; self.start = null; });
    });
    // A drag ends in a click on whatever is under the pointer: swallow it.
    svg.addEventListener("click", function (e) {
      if (self.dragged) { e.stopPropagation(); e.preventDefault(); self.dragged = false; }
    }, true);
    window.addEventListener("resize", function () { self.apply(); });
    this.apply();
  }

  /** SVG user units per CSS pixel at the current zoom (the SVG keeps its aspect ratio). */
  Zoom.prototype.unitsPerPx = function () {
    var r = this.svg.getBoundingClientRect();
    return r.width ? Math.max(this.box.w / r.width, this.box.h / r.height) : 1;
  };

  Zoom.prototype.toSvg = function (cx, cy) {
    var r = this.svg.getBoundingClientRect();
    var k = this.unitsPerPx();
    var offX = (r.width * k - this.box.w) / 2;
    var offY = (r.height * k - this.box.h) / 2;
    return [this.box.x - offX + (cx - r.left) * k, this.box.y - offY + (cy - r.top) * k];
  };

  Zoom.prototype.apply = function () {
    var b = this.box;
    var base = this.base;
    b.w = Math.min(base.w, Math.max(base.w / MAX, b.w));
    b.h = b.w * base.h / base.w;
    b.x = Math.min(base.x + base.w - b.w, Math.max(base.x, b.x));
    b.y = Math.min(base.y + base.h - b.h, Math.max(base.y, b.y));
    this.svg.setAttribute("viewBox", [b.x, b.y, b.w, b.h].map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    var zoomed = b.w < base.w - 0.5;
    this.svg.style.touchAction = zoomed ? "none" : "pan-y";
    this.svg.dataset.zoomed = zoomed ? "true" : "false";
    if (this.onChange) this.onChange(this.unitsPerPx());
  };

  /** Zoom by ``factor`` (> 1 closer) keeping the SVG point ``at`` where it is. */
  Zoom.prototype.zoomAt = function (factor, at) {
    var b = this.box;
    var p = at || [b.x + b.w / 2, b.y + b.h / 2];
    var w = b.w / factor;
    var h = b.h / factor;
    b.x = p[0] - (p[0] - b.x) * (w / b.w);
    b.y = p[1] - (p[1] - b.y) * (h / b.h);
    b.w = w;
    b.h = h;
    this.apply();
  };

  Zoom.prototype.reset = function () {
    this.box = { x: this.base.x, y: this.base.y, w: this.base.w, h: this.base.h };
    this.apply();
  };

  Zoom.prototype.down = function (e) {
    this.pointers[e.pointerId] = [e.clientX, e.clientY];
    this.dragged = false;
    this.start = { box: Object.assign({}, this.box), pointers: JSON.parse(JSON.stringify(this.pointers)) };
  };

  Zoom.prototype.move = function (e) {
    if (!this.pointers[e.pointerId] || !this.start) return;
    this.pointers[e.pointerId] = [e.clientX, e.clientY];
    var ids = Object.keys(this.pointers);
    var k = this.unitsPerPx();
    var s = this.start;
    if (ids.length >= 2 && s.pointers[ids[0]] && s.pointers[ids[1]]) {
      var a0 = s.pointers[ids[0]], b0 = s.pointers[ids[1]];
      var a1 = this.pointers[ids[0]], b1 = this.pointers[ids[1]];
      var d0 = Math.hypot(a0[0] - b0[0], a0[1] - b0[1]);
      var d1 = Math.hypot(a1[0] - b1[0], a1[1] - b1[1]);
      if (d0 < 1) return;
      this.dragged = true;
      this.box = Object.assign({}, s.box);
      var mid = this.toSvg((a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2);
      this.zoomAt(d1 / d0, mid);
      return;
    }
    var p0 = s.pointers[e.pointerId];
    if (!p0) return;
    var dx = e.clientX - p0[0];
    var dy = e.clientY - p0[1];
    if (!this.dragged && Math.hypot(dx, dy) < MOVED) return;
    if (this.box.w >= this.base.w - 0.5 && e.pointerType === "touch") return;  // one finger scrolls the page
    this.dragged = true;
    if (e.pointerType !== "touch" && this.svg.setPointerCapture) {
      try { this.svg.setPointerCapture(e.pointerId); } catch (err) { /* the pointer is gone */ }
    }
    this.box.x = s.box.x - dx * k;
    this.box.y = s.box.y - dy * k;
    this.apply();
  };

  coopsec.AtlasZoom = Zoom;
})();
