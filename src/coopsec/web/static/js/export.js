/* Export of a drawing (the map, the membership diagram) as SVG and PNG files.
 *
 *   coopsec.exportMap(svgElement, filenameBase[, format[, options]]) -> Promise
 *     format: "svg", "png" or "both" (default); options.legend: an element whose <li> items each
 *     hold a swatch (class "swatch", or the first child element) and a label, or an array of
 *     {label, fill}; options.title: a line written above the legend.
 *
 * The page's colours come from style sheets, which a downloaded file does not have: the copy gets
 * every element's computed fill, stroke and font as presentation attributes. The PNG is the SVG drawn
 * on a canvas at twice its size. Both are offered as data: URLs, which the dashboard's CSP allows
 * (img-src 'self' data:) and which need no object URL to be revoked.
 *
 * Buttons wire themselves: <button data-export="svg|png" data-export-target="CSS selector"
 * data-export-name="file name base" [data-export-legend="CSS selector"]>.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var SVG_NS = "http://www.w3.org/2000/svg";
  var PROPS = [
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
    "stroke-linejoin", "stroke-linecap", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "visibility"
  ];

  function all(root) {
    return [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
  }

  /* Copy the computed presentation of every element of `source` onto the same element of `clone`. */
  function inlineStyles(source, clone) {
    var from = all(source);
    var to = all(clone);
    var hidden = [];
    for (var i = 0; i < from.length && i < to.length; i++) {
      var style = window.getComputedStyle(from[i]);
      if (style.display === "none") {
        hidden.push(to[i]);
        continue;
      }
      for (var j = 0; j < PROPS.length; j++) {
        var value = style.getPropertyValue(PROPS[j]);
        if (value) {
          to[i].setAttribute(PROPS[j], value);
        }
      }
      to[i].removeAttribute("style");
    }
    hidden.forEach(function (node) {
      if (node.parentNode) {
        node.parentNode.removeChild(node);
      }
    });
  }

  function box(svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width && vb.height) {
      return { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
    }
    var rect = svg.getBoundingClientRect();
    return { x: 0, y: 0, width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  }

  function legendItems(legend) {
    if (!legend) {
      return [];
    }
    if (Array.isArray(legend)) {
      return legend;
    }
    return Array.prototype.slice.call(legend.querySelectorAll("li")).map(function (li) {
      var swatch = li.querySelector(".swatch") || li.firstElementChild;
      var fill = "none";
      if (swatch) {
        var style = window.getComputedStyle(swatch);
        fill = style.backgroundColor && style.backgroundColor !== "rgba(0, 0, 0, 0)" ? style.backgroundColor : style.fill;
      }
      return { label: li.textContent.replace(/\s+/g, " ").trim(), fill: fill };
    });
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* The legend as SVG rows below the drawing; returns the height added. */
  function addLegend(clone, area, items, title) {
    if (!items.length && !title) {
      return 0;
    }
    var group = el("g", { "class": "export-legend", "font-family": "sans-serif", "font-size": "13", fill: "#1a202c" });
    var y = area.y + area.height + 16;
    if (title) {
      group.appendChild(el("text", { x: area.x + 4, y: y + 12, "font-weight": "bold" }, title));
      y += 22;
    }
    items.forEach(function (item) {
      group.appendChild(el("rect", { x: area.x + 4, y: y, width: 14, height: 14, fill: item.fill || "none", stroke: "#555555" }));
      group.appendChild(el("text", { x: area.x + 26, y: y + 12 }, item.label));
      y += 20;
    });
    clone.appendChild(group);
    return y - (area.y + area.height) + 6;
  }

  /* The drawing as a standalone SVG document (text), styled by attributes, with its legend. */
  function svgText(svg, options) {
    options = options || {};
    var clone = svg.cloneNode(true);
    inlineStyles(svg, clone);
    var area = box(svg);
    var extra = addLegend(clone, area, legendItems(options.legend), options.title);
    var height = area.height + extra;
    clone.setAttribute("xmlns", SVG_NS);
    clone.setAttribute("viewBox", [area.x, area.y, area.width, height].join(" "));
    clone.setAttribute("width", String(Math.round(area.width)));
    clone.setAttribute("height", String(Math.round(height)));
    var background = el("rect", { x: area.x, y: area.y, width: area.width, height: height, fill: "#ffffff" });
    clone.insertBefore(background, clone.firstChild);
    var text = new XMLSerializer().serializeToString(clone);
    return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + text, width: area.width, height: height };
  }

  function download(href, filename) {
    var link = document.createElement("a");
    link.href = href;
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  }

  function svgUrl(text) {
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  /* The SVG drawn on a canvas at `scale` times its size, as a PNG data: URL. */
  function pngUrl(doc, scale) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        try {
          var canvas = document.createElement("canvas");
          canvas.width = Math.max(1, Math.round(doc.width * scale));
          canvas.height = Math.max(1, Math.round(doc.height * scale));
          var context = canvas.getContext("2d");
          context.fillStyle = "#ffffff";
          context.fillRect(0, 0, canvas.width, canvas.height);
          context.drawImage(image, 0, 0, canvas.width, canvas.height);
          resolve(canvas.toDataURL("image/png"));
        } catch (error) {
          reject(error);
        }
      };
      image.onerror = function () {
        reject(new Error("the drawing could not be turned into an image"));
      };
      image.src = svgUrl(doc.text);
    });
  }

  coopsec.exportSvgText = function (svg, options) {
    return svgText(svg, options).text;
  };

  coopsec.exportMap = function (svg, filenameBase, format, options) {
    if (!svg || !(svg instanceof SVGSVGElement)) {
      return Promise.reject(new Error("nothing to export: no SVG drawing given"));
    }
    var base = filenameBase || "coopsec-map";
    var wanted = format || "both";
    var doc = svgText(svg, options);
    if (wanted === "svg" || wanted === "both") {
      download(svgUrl(doc.text), base + ".svg");
    }
    if (wanted === "png" || wanted === "both") {
      return pngUrl(doc, 2).then(function (url) {
        download(url, base + ".png");
      });
    }
    return Promise.resolve();
  };

  function wire(button) {
    button.addEventListener("click", function () {
      var target = document.querySelector(button.getAttribute("data-export-target") || "svg");
      var legendSelector = button.getAttribute("data-export-legend");
      var options = { legend: legendSelector ? document.querySelector(legendSelector) : null };
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
      coopsec
        .exportMap(target, button.getAttribute("data-export-name"), button.getAttribute("data-export"), options)
        .catch(function (error) {
          button.setAttribute("data-export-error", String(error && error.message ? error.message : error));
        })
        .then(function () {
          button.removeAttribute("aria-busy");
          button.disabled = false;
        });
    });
  }

  Array.prototype.slice.call(document.querySelectorAll("button[data-export]")).forEach(wire);
})();
