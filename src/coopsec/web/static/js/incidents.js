/*
 * coopsec incidents: the register (/incidents) and one incident (/incidents/N), kept up to date.
 *
 * Both pages poll the API every few seconds while the tab is visible (none while it is hidden; at
 * once when it shows again) and redraw what changed in place: the list's rows; an incident's
 * status, IPCR mode, requests, offers, deliveries and timeline. New steps are announced in the
 * page's aria-live region. A failed poll is said in words and the last data stays on screen.
 *
 * Every change goes through the JSON API with window.coopsec.api (session.js): the forms only
 * spare users steps they cannot take; the server decides and its refusal is shown as it gives it.
 * A 409 means someone else acted first: the page says so and fetches the latest state. The DOM is
 * built with textContent only (never innerHTML with data).
 */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var api = window.coopsec && window.coopsec.api;
  if (!api) return;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /** "2015-11-17 10:00 (UTC+01:00)": the step's own offset kept, as the server's pages write it. */
  function when(iso) {
    var m = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d)(?::\d\d)?(?:\.\d+)?(Z|[+-]\d\d:\d\d)?)?$/.exec(iso || "");
    if (!m) return iso || "";
    if (!m[2]) return m[1];
    var zone = !m[3] || m[3] === "Z" || m[3] === "+00:00" ? "UTC" : "UTC" + m[3];
    // A step given as a day alone (replays whose source has no hour) is stored at 00:00 UTC: show the day.
    if (m[2] === "00:00" && zone === "UTC" && /T00:00(:00)?(\.0+)?(Z|\+00:00)?$/.test(iso)) return m[1];
    return m[1] + " " + m[2] + " (" + zone + ")";
  }

  /** This device's offset from UTC at a local date-time, as "+01:00". */
  function offsetAt(local) {
    var date = local ? new Date(local) : new Date();
    var minutes = -date.getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return sign + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  /** A datetime-local value as ISO 8601 with this device's offset; null (= now) when empty. */
  function isoAt(value) {
    if (!value) return null;
    var text = value.length === 16 ? value + ":00" : value;
    return text + offsetAt(value);
  }

  function words(error) {
    if (error && error.name === "NetworkError") return "the service does not answer";
    return (error && error.message) || "unknown error";
  }

  /** Poll `fetchOnce` every POLL_MS while the tab is visible; say failures in #live-status. */
  function poller(fetchOnce) {
    var status = document.getElementById("live-status");
    var timer = 0;
    var stopped = false;
    var current = null;
    var again = false;
    function schedule() {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(tick, POLL_MS);
    }
    /** One poll now; while one is under way, another right after it (the promise waits for both). */
    function tick() {
      if (stopped) return Promise.resolve();
      if (current) { again = true; return current; }
      clearTimeout(timer);
      current = fetchOnce().then(function () {
        status.textContent = "";
      }, function (error) {
        if (error && error.name === "SessionEnded") { stopped = true; return; }
        status.textContent = "Live updates paused: " + words(error) + "; retrying";
      }).then(function () {
        current = null;
        if (again) { again = false; return tick(); }
        schedule();
      });
      return current;
    }
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) clearTimeout(timer);
      else tick();
    });
    document.addEventListener("coopsec:session-ended", function () { stopped = true; clearTimeout(timer); });
    schedule();
    return tick;
  }

  /* ---------------------------------------------------------------- the register */

  function listPage() {
    var data = readJson("incidents-data");
    var body = document.getElementById("incident-rows");
    var empty = document.getElementById("incidents-empty");
    var region = body.closest(".table-scroll");

    function cell(label, text, child) {
      var td = el("td", { "data-label": label }, child ? null : text);
      if (child) td.appendChild(child);
      return td;
    }

    function row(item, counts) {
      var tr = el("tr", { "data-id": item.id });
      var link = el("a", { href: "/incidents/" + item.id }, "Incident " + item.id);
      tr.appendChild(cell("Incident", null, link));
      tr.appendChild(cell("Kind", item.kind.replace(/-/g, " ")));
      tr.appendChild(cell("Victim", data.states[item.victim] || item.victim));
      tr.appendChild(cell("Place", item.place));
      tr.appendChild(cell("Occurred", when(item.occurred_at)));
      tr.appendChild(cell("IPCR mode", data.ipcr[item.ipcr_mode] || item.ipcr_mode));
      tr.appendChild(cell("Status", null, el("span", { className: "incident-status " + item.status }, item.status)));
      tr.appendChild(cell("Open requests", counts[0]));
      tr.appendChild(cell("Pending offers", counts[1]));
      return tr;
    }

    function counts(detail) {
      return [
        detail.requests.filter(function (r) { return r.status === "open"; }).length,
        detail.offers.filter(function (o) { return o.status === "pending"; }).length,
      ];
    }

    var last = "";
    var closed = {};  // a closed incident's counts never change: fetched once
    function fetchOnce() {
      return api("/api/v1/incidents").then(function (answer) {
        var items = answer.items.filter(function (i) { return i.status === "open"; })
          .concat(answer.items.filter(function (i) { return i.status !== "open"; }));
        return Promise.all(items.map(function (item) {
          if (closed[item.id]) return [item, closed[item.id]];
          return api("/api/v1/incidents/" + item.id).then(function (detail) {
            if (detail.status === "closed") closed[item.id] = counts(detail);
            return [item, counts(detail)];
          });
        }));
      }).then(function (pairs) {
        var key = JSON.stringify(pairs);
        if (key === last) return;
        last = key;
        var rows = document.createDocumentFragment();
        pairs.forEach(function (pair) { rows.appendChild(row(pair[0], pair[1])); });
        body.replaceChildren(rows);
        empty.hidden = pairs.length > 0;
        region.hidden = pairs.length === 0;
      });
    }
    poller(fetchOnce);

    var form = document.getElementById("report-form");
    if (!form) return;
    var offset = form.elements.offset;
    offset.value = offsetAt();
    form.elements.occurred.addEventListener("change", function () {
      offset.value = offsetAt(form.elements.occurred.value);
    });
    form.elements.kind.addEventListener("change", function () {
      // Disasters have no perpetrator: drop the attack default rather than record "unknown" attackers.
      var chosen = form.elements.kind.selectedOptions[0];
      var by = form.elements.by;
      if (chosen.dataset.class === "disaster" && by.value === "unknown") by.value = "";
      else if (chosen.dataset.class !== "disaster" && !by.value) by.value = "unknown";
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = document.getElementById("report-message");
      var f = form.elements;
      if (!f.place.value.trim() || !f.occurred.value) {
        message.textContent = "Give the place and when the incident occurred.";
        return;
      }
      if (!/^[+-]\d\d:\d\d$/.test(f.offset.value)) {
        message.textContent = "Give the UTC offset as +01:00 or -05:00.";
        return;
      }
      var occurred = (f.occurred.value.length === 16 ? f.occurred.value + ":00" : f.occurred.value) + f.offset.value;
      var body = {
        kind: f.kind.value,
        victim: f.victim.value,
        place: f.place.value.trim(),
        occurred_at: occurred,
        casualties: Number(f.casualties.value || 0),
        cbrn: f.cbrn.checked,
        cross_border: f.cross_border.checked,
        online_propaganda: f.online_propaganda.checked,
        perpetrators: f.perpetrators.value.trim() || "unknown",
      };
      if (f.by.value.trim()) body.by = f.by.value.trim();
      message.textContent = "Reporting…";
      api("/api/v1/incidents", { json: body }).then(function (made) {
        message.textContent = "Incident " + made.id + " reported; opening it…";
        location.assign("/incidents/" + made.id);
      }, function (error) {
        if (error.name === "SessionEnded") return;
        message.textContent = "Not reported: " + words(error);
      });
    });
  }

  /* ---------------------------------------------------------------- one incident */

  function incidentPage() {
    var data = readJson("incident-data");
    var incident = data.incident;
    var user = data.user;
    var base = "/api/v1/incidents/" + incident.id;
    var seen = {};
    incident.timeline.forEach(function (step) { seen[step.id] = true; });
    var announce = document.getElementById("live-announce");
    var refresh = null;

    function stateName(code) { return data.states[code] ? data.states[code] + " (" + code + ")" : code; }
    function mechanismName(id) { return data.mechanisms[id] || id; }
    function isOpen() { return incident.status === "open"; }

    /** Post `json` to `url`; say the outcome in `message`; on success or 409, fetch the latest state. */
    function act(url, json, message, done) {
      document.getElementById("coordination-message").textContent = "";
      message.textContent = "Sending…";
      return api(url, { json: json }).then(function () {
        message.textContent = done;
        return refresh();
      }, function (error) {
        if (error.name === "SessionEnded") { message.textContent = ""; return; }
        if (error.status === 409) {
          // 409 is both "someone else acted first" (a stale version) and a step the state does not allow.
          message.textContent = /changed since you read it/.test(words(error))
            ? "Someone else acted first: " + words(error) + ". The page now shows the latest state."
            : "Refused: " + words(error);
          return refresh();
        }
        message.textContent = "Refused: " + words(error);
      });
    }

    function withAt(json, form) {
      var at = form.elements.at && isoAt(form.elements.at.value);
      if (at) json.at = at;
      return json;
    }

    /** A small form: optional text field, optional when field, a button; `send(json, message)`. */
    function miniForm(key, title, textLabel, button, send) {
      var form = el("form", { className: "mini-form", "data-key": key, "aria-label": title });
      if (textLabel) {
        form.appendChild(el("label", { for: key + "-what" }, textLabel));
        form.appendChild(el("textarea", { id: key + "-what", name: "what", rows: "2", maxlength: "4000", required: "" }));
      }
      form.appendChild(el("label", { for: key + "-at" }, "When (optional, for replays)"));
      form.appendChild(el("input", { id: key + "-at", name: "at", type: "datetime-local", step: "60" }));
      form.appendChild(el("button", { type: "submit" }, button));
      var message = el("p", { className: "form-message", role: "alert", id: key + "-message" });
      form.appendChild(message);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var json = {};
        if (textLabel) {
          var what = form.elements.what.value.trim();
          if (!what) { message.textContent = "Say what, first."; return; }
          json.what = what;
        }
        send(withAt(json, form), message);
      });
      return form;
    }

    function deliveriesOf(offer) {
      return incident.deliveries.filter(function (d) { return d.offer_id === offer.id; });
    }

    function offerItem(request, offer) {
      var li = el("li", { className: "offer", "data-offer": offer.id });
      li.appendChild(el("strong", {}, stateName(offer.state)));
      li.appendChild(document.createTextNode(" offers: " + offer.what + " "));
      li.appendChild(el("span", { className: "offer-status " + offer.status }, offer.status));
      var by = "Offered by " + offer.offered_by + ", " + when(offer.offered_at);
      if (offer.decided_by) by += "; " + offer.status + " by " + offer.decided_by + ", " + when(offer.decided_at);
      li.appendChild(el("p", { className: "meta" }, by + "."));
      var delivered = deliveriesOf(offer);
      if (delivered.length) {
        var list = el("ul", { className: "deliveries", "aria-label": "Deliveries under offer " + offer.id });
        delivered.forEach(function (d) {
          list.appendChild(el("li", {}, "Delivered " + when(d.delivered_at) + " (recorded by " + d.delivered_by + "): " + d.what));
        });
        li.appendChild(list);
      }
      if (!isOpen()) return li;
      if (offer.status === "pending" && data.victim_side) {
        var decide = el("div", { className: "decide", role: "group", "aria-label": "Decide on offer " + offer.id });
        var message = el("p", { className: "form-message", role: "alert", id: "decide-" + offer.id + "-message" });
        var atId = "decide-" + offer.id + "-at";
        decide.appendChild(el("label", { for: atId }, "When (optional, for replays)"));
        var at = el("input", { id: atId, type: "datetime-local", step: "60" });
        decide.appendChild(at);
        [["accept", "Accept"], ["decline", "Decline"]].forEach(function (pair) {
          var button = el("button", { type: "button" }, pair[1] + " the offer of " + stateName(offer.state));
          button.addEventListener("click", function () {
            var json = { version: offer.version };
            if (at.value) json.at = isoAt(at.value);
            act(base + "/offers/" + offer.id + "/" + pair[0], json, message,
              "Offer " + (pair[0] === "accept" ? "accepted" : "declined") + ".");
          });
          decide.appendChild(button);
        });
        decide.appendChild(message);
        li.appendChild(decide);
      }
      if (offer.status === "accepted" && (user.admin || (user.liaison && user.state === offer.state))) {
        li.appendChild(miniForm("delivery-" + offer.id, "Record a delivery under offer " + offer.id,
          "What was delivered", "Record the delivery", function (json, message) {
            act(base + "/offers/" + offer.id + "/deliveries", json, message, "Delivery recorded.");
          }));
      }
      return li;
    }

    function requestCard(request) {
      var card = el("article", { className: "card request", "data-request": request.id });
      var head = el("h4", {}, "Request " + request.id + ": " + mechanismName(request.mechanism) + " ");
      head.appendChild(el("span", { className: "request-status " + request.status }, request.status));
      card.appendChild(head);
      card.appendChild(el("p", {}, "Needs: " + request.needs));
      card.appendChild(el("p", { className: "meta" },
        "Requested by " + request.requested_by + ", " + when(request.requested_at) + "."));
      var offers = incident.offers.filter(function (o) { return o.request_id === request.id; });
      if (offers.length) {
        var list = el("ul", { className: "offers", "aria-label": "Offers under request " + request.id });
        offers.forEach(function (o) { list.appendChild(offerItem(request, o)); });
        card.appendChild(list);
      } else {
        card.appendChild(el("p", {}, "No offer yet."));
      }
      if (isOpen() && request.status === "open") {
        if (user.liaison && !user.admin && user.state !== incident.victim) {
          card.appendChild(miniForm("offer-" + request.id, "Offer assistance under request " + request.id,
            "What " + stateName(user.state) + " offers", "Offer assistance", function (json, message) {
              act(base + "/requests/" + request.id + "/offers", json, message, "Offer sent.");
            }));
        }
        if (data.victim_side) {
          card.appendChild(miniForm("close-request-" + request.id, "Close request " + request.id, null,
            "Close request " + request.id, function (json, message) {
              json.version = request.version;
              act(base + "/requests/" + request.id + "/close", json, message, "Request closed.");
            }));
        }
      }
      return card;
    }

    /**
     * Keep what the user typed (and where) across a redraw of the requests. The words of a form the
     * redraw removed (an offer no longer pending) move to the section's own message line.
     */
    function keep(container) {
      var values = {};
      var messages = {};
      container.querySelectorAll("textarea, input").forEach(function (field) {
        if (field.id) values[field.id] = field.value;
      });
      container.querySelectorAll(".form-message").forEach(function (node) {
        if (node.id && node.textContent) messages[node.id] = node.textContent;
      });
      var focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : "";
      return function () {
        Object.keys(values).forEach(function (id) {
          var field = document.getElementById(id);
          if (field) field.value = values[id];
        });
        Object.keys(messages).forEach(function (id) {
          var node = document.getElementById(id);
          if (node) node.textContent = messages[id];
          else if (messages[id] !== "Sending…") document.getElementById("coordination-message").textContent = messages[id];
        });
        var again = focused && document.getElementById(focused);
        if (again) again.focus();
      };
    }

    function drawRequests() {
      var container = document.getElementById("requests");
      var restore = keep(container);
      var parts = document.createDocumentFragment();
      if (!incident.requests.length) parts.appendChild(el("p", {}, "No assistance has been requested."));
      incident.requests.forEach(function (r) { parts.appendChild(requestCard(r)); });
      container.replaceChildren(parts);
      restore();
    }

    function drawTimeline() {
      var rows = document.createDocumentFragment();
      incident.timeline.forEach(function (step) {
        var tr = el("tr", { "data-step": step.id });
        tr.appendChild(el("td", { className: "date", "data-label": "When" }, when(step.at)));
        tr.appendChild(el("td", { "data-label": "Who" }, step.actor));
        tr.appendChild(el("td", { "data-label": "For" }, stateName(step.state)));
        tr.appendChild(el("td", { "data-label": "What" }, step.summary));
        rows.appendChild(tr);
      });
      document.getElementById("timeline").replaceChildren(rows);
    }

    function drawStatus() {
      document.getElementById("f-status").textContent = incident.status;
      document.getElementById("f-ipcr").textContent = data.ipcr[incident.ipcr_mode] || incident.ipcr_mode;
      document.querySelectorAll("form[data-open-only]").forEach(function (form) { form.hidden = !isOpen(); });
    }

    var last = "";
    function draw(fresh) {
      var key = JSON.stringify(fresh);
      if (key === last) return;
      last = key;
      var news = fresh.timeline.filter(function (step) { return !seen[step.id]; });
      incident = fresh;
      drawStatus();
      drawRequests();
      drawTimeline();
      if (news.length) {
        news.forEach(function (step) { seen[step.id] = true; });
        announce.textContent = "New: " + news.map(function (s) {
          return when(s.at) + ", " + s.actor + ": " + s.summary;
        }).join("; ");
      }
    }

    function fetchOnce() {
      return api(base).then(draw);
    }
    draw(incident);
    refresh = poller(fetchOnce);

    var ipcr = document.getElementById("ipcr-form");
    if (ipcr) ipcr.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = ipcr.querySelector(".form-message");
      act(base + "/ipcr", withAt({ mode: ipcr.elements.mode.value, version: incident.version }, ipcr), message,
        "IPCR mode recorded.");
    });
    var request = document.getElementById("request-form");
    if (request && request.elements.mechanism) request.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = request.querySelector(".form-message");
      var needs = request.elements.needs.value.trim();
      if (!needs) { message.textContent = "Say what is needed, first."; return; }
      act(base + "/requests", withAt({ mechanism: request.elements.mechanism.value, needs: needs }, request), message,
        "Request sent.").then(function () { if (/sent/.test(message.textContent)) request.elements.needs.value = ""; });
    });
    var close = document.getElementById("close-form");
    if (close) close.addEventListener("submit", function (event) {
      event.preventDefault();
      act(base + "/close", withAt({ version: incident.version }, close), close.querySelector(".form-message"),
        "Incident closed.");
    });
  }

  if (document.getElementById("incident-data")) incidentPage();
  else if (document.getElementById("incidents-list")) listPage();
})();
