/*
 * coopsec exchange pages: the share form of /records and the actions of /records/ID (retract,
 * ask for a release, grant or refuse one).
 *
 * Every change goes through the JSON API with window.coopsec.api (session.js), so the library's
 * own checks decide (who may share, RED only to named recipients, H3 needs a note, only the
 * originator retracts or releases). The forms only gather the input; a refusal is shown in words,
 * as the API gives it, in the form's alert line. Text is set with textContent only.
 */
(function () {
  "use strict";

  var api = window.coopsec && window.coopsec.api;
  if (!api) return;

  /** The words of a failure: the API's own message, or what happened to the connection. */
  function failure(err) {
    if (err && err.name === "SessionEnded") return err.message;
    if (err && err.name === "NetworkError") return "The service did not answer: check the connection and try again.";
    if (err && err.name === "ApiError") return "Refused: " + err.message;
    return "Something went wrong: " + (err && err.message ? err.message : String(err));
  }

  function say(id, text) {
    var node = document.getElementById(id);
    if (node) node.textContent = text;
  }

  function value(form, name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
  }

  /** Entities from "kind: value" lines; throws an Error naming the bad line. */
  function entities(text) {
    var found = [];
    text.split(/\r?\n/).forEach(function (line, i) {
      if (!line.trim()) return;
      var at = line.indexOf(":");
      if (at < 1 || !line.slice(at + 1).trim()) {
        throw new Error("entity line " + (i + 1) + " must be written “kind: value”, e.g. “phone: +33 6 12 34 56 78”");
      }
      found.push({ kind: line.slice(0, at).trim().toLowerCase(), value: line.slice(at + 1).trim(), attributes: {} });
    });
    return found;
  }

  function shareBody(form) {
    var scope = (form.querySelector("input[name=scope]:checked") || {}).value || "ring";
    var distribution = { scope: scope, authorities: [], ring: null };
    if (scope === "authorities") {
      distribution.authorities = value(form, "authorities").split(",").map(function (a) {
        return a.trim();
      }).filter(Boolean);
    }
    if (scope === "ring") distribution.ring = value(form, "ring");
    return {
      title: value(form, "title"),
      body: value(form, "body"),
      entities: entities(form.elements.namedItem("entities").value),
      distribution: distribution,
      handling: value(form, "handling"),
      handling_note: value(form, "handling_note") || null,
      tlp: value(form, "tlp"),
      evaluation: value(form, "reliability") + value(form, "accuracy"),
    };
  }

  var share = document.getElementById("share-form");
  /** Only the field of the chosen distribution can be filled: named authorities, or the ring. */
  function scopeFields() {
    var scope = (share.querySelector("input[name=scope]:checked") || {}).value;
    share.elements.namedItem("authorities").disabled = scope !== "authorities";
    share.elements.namedItem("ring").disabled = scope !== "ring";
  }
  if (share) {
    share.addEventListener("change", function (event) {
      if (event.target.name === "scope") scopeFields();
    });
    scopeFields();
    share.addEventListener("submit", function (event) {
      event.preventDefault();
      var body;
      try {
        body = shareBody(share);
      } catch (err) {
        say("share-message", err.message);
        return;
      }
      if (!body.title) return say("share-message", "Give the record a title.");
      say("share-message", "Sharing…");
      api("/api/v1/records", { json: body }).then(function (record) {
        location.assign("/records/" + encodeURIComponent(record.id));
      }, function (err) {
        say("share-message", failure(err));
      });
    });
  }

  var actions = document.getElementById("record-actions");
  if (!actions) return;
  var base = "/api/v1/records/" + encodeURIComponent(actions.dataset.id);

  var retract = document.getElementById("retract-form");
  if (retract) {
    retract.addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = value(retract, "reason");
      if (!reason) return say("retract-message", "Say why the record is retracted: recipients read your reason.");
      say("retract-message", "Retracting…");
      api(base + "/retract", { json: { reason: reason } }).then(function () {
        location.reload();
      }, function (err) {
        say("retract-message", failure(err));
      });
    });
  }

  var release = document.getElementById("release-form");
  if (release) {
    release.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { authority: value(release, "authority"), reason: value(release, "reason") };
      if (!body.authority || !body.reason) {
        return say("release-message", "Name the authority (STATE/agency) and say why it needs the record.");
      }
      api(base + "/release-requests", { json: body }).then(function (made) {
        release.reset();
        say("release-message", "Asked: the originator decides on the release to " + made.authority + ".");
      }, function (err) {
        say("release-message", failure(err));
      });
    });
  }

  actions.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-decide]");
    if (!button) return;
    var item = button.closest("li");
    var line = item && item.querySelector(".request-state");
    button.disabled = true;
    api(base + "/release-requests/" + encodeURIComponent(button.dataset.request) + "/" + button.dataset.decide, {
      method: "POST",
    }).then(function () {
      location.reload();
    }, function (err) {
      button.disabled = false;
      if (line) line.textContent = failure(err);
    });
  });
})();
