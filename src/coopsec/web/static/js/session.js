/*
 * coopsec session: keeps the dashboard's session alive while its user is active, and says so
 * plainly when it has ended, with a way back to the same view. base.html loads it on every page
 * with a logged-in user, before the page's own scripts, so they can use window.coopsec.api.
 *
 * CONTRACT of window.coopsec.api(url, options) -> Promise
 *   For same-origin JSON calls (the API under /api/v1). `options` are fetch's (method, headers,
 *   signal, ...); `options.json`, if given, is sent as the JSON body (method POST unless given).
 *   The session cookie goes with every call (credentials: "same-origin").
 *   - 2xx: resolves with the parsed JSON body (null for an empty body).
 *   - 401: the session has ended. The notice "Your session has ended — log in again" appears
 *     (once), the header stops naming the user, and the promise rejects with an Error whose
 *     name is "SessionEnded". Callers show words (or leave the view as it was): never paint a
 *     failure as data (no grey "unknown" states, no empty panel that looks like an answer).
 *     After the end every call rejects at once with the same error.
 *   - other HTTP errors: reject with an Error named "ApiError" whose message is the API's own
 *     (the `error` of its one error body), with `status` (the HTTP status) and `body`.
 *   - no answer (offline, server down): rejects with an Error named "NetworkError".
 *   - aborted through options.signal: rejects with the browser's "AbortError", as fetch does.
 *   - a URL of another origin: rejects with a TypeError (the session is never sent elsewhere).
 * window.coopsec.session.ended is true once the session has ended; the document then receives
 * the event "coopsec:session-ended" (once).
 *
 * Renewal: <body data-session-issued/expires/ends/now> give the token's times in seconds of the
 * service's clock (this machine's clock is corrected by `now`). While the user is active
 * (pointer, key, touch, scroll, focus) and less than half of the token's life is left, the script
 * asks POST /api/v1/auth/session/renew with the header X-Coopsec-Renew: 1 (no other site's form
 * can send it), at most once a minute; the answer carries the new times. When the expiry passes
 * (idle user), it asks GET /api/v1/auth/session (another tab may have renewed the shared cookie)
 * before saying the session has ended. No session lasts past `ends` (COOPSEC_SESSION_MAX_HOURS).
 */
(function () {
  "use strict";

  var RENEW = "/api/v1/auth/session/renew";
  var STATUS = "/api/v1/auth/session";
  var MINUTE = 60 * 1000;
  var ENDED = "Your session has ended — log in again";
  var body = document.body;
  var data = body.dataset;
  var state = {
    ended: false,
    known: Number(data.sessionExpires) > 0,
    life: (Number(data.sessionExpires) - Number(data.sessionIssued)) * 1000,
    expires: Number(data.sessionExpires) * 1000,
    ends: Number(data.sessionEnds) * 1000,
    offset: Number(data.sessionNow) * 1000 - Date.now() || 0,
    lastTry: -Infinity,
    busy: false,
    timer: 0,
  };

  /** The service's clock, in milliseconds. */
  function serverNow() {
    return Date.now() + state.offset;
  }

  /** The login page, which brings the user back to this very view (path and query) afterwards. */
  function loginUrl() {
    return "/login?next=" + encodeURIComponent(location.pathname + location.search) + "&ended=1";
  }

  function sessionEnded() {
    var error = new Error(ENDED);
    error.name = "SessionEnded";
    return error;
  }

  /** The notice of base.html (or one made here, should a page lack it). */
  function notice() {
    var box = document.getElementById("session-ended");
    if (box) return box;
    box = document.createElement("div");
    box.id = "session-ended";
    box.className = "session-ended";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "session-ended-title");
    var title = document.createElement("h2");
    title.id = "session-ended-title";
    title.textContent = ENDED;
    var link = document.createElement("a");
    link.id = "session-ended-login";
    link.textContent = "Log in again";
    box.append(title, link);
    body.append(box);
    return box;
  }

  /** Keep a login link pointing at the current view, even if the page changed its URL since. */
  function followsView(link) {
    link.href = loginUrl();
    link.addEventListener("click", function () {
      link.href = loginUrl();
    });
  }

  /** Say the session has ended: the notice (focused), and a header that no longer names a live session. */
  function endSession() {
    if (state.ended) return;
    state.ended = true;
    clearTimeout(state.timer);
    body.dataset.session = "ended";
    var box = notice();
    var link = document.getElementById("session-ended-login");
    followsView(link);
    box.hidden = false;
    var form = document.querySelector('header form[action="/logout"]');
    if (form) {
      form.hidden = true;
      form.style.display = "none";
      var out = document.createElement("a");
      out.className = "session-login";
      out.textContent = "Logged out — log in";
      followsView(out);
      form.after(out);
    }
    link.focus();
    document.dispatchEvent(new CustomEvent("coopsec:session-ended"));
  }

  /** Take the times the service answered (renewal or status) and wait for the new expiry. */
  function adopt(times) {
    var now = Date.parse(times.now);
    if (Number.isFinite(now)) state.offset = now - Date.now();
    state.expires = Date.parse(times.expires);
    state.ends = Date.parse(times.ends);
    body.dataset.sessionExpires = String(Math.round(state.expires / 1000));
    body.dataset.sessionEnds = String(Math.round(state.ends / 1000));
    schedule();
  }

  /** Ask the service about the session (renew or status); a 401 ends it, other failures wait. */
  function ask(url, options) {
    if (state.ended || state.busy) return;
    state.busy = true;
    state.lastTry = Date.now();
    var init = Object.assign({ credentials: "same-origin" }, options);
    fetch(url, init)
      .then(function (response) {
        if (response.status === 401) return endSession();
        if (!response.ok) throw new Error("session check answered " + response.status);
        return response.json().then(adopt);
      })
      .catch(function () {
        // Offline or busy: the session may still be alive. Look again in a minute.
        clearTimeout(state.timer);
        state.timer = setTimeout(check, MINUTE);
      })
      .then(function () {
        state.busy = false;
      });
  }

  function renew() {
    ask(RENEW, { method: "POST", headers: { "X-Coopsec-Renew": "1", Accept: "application/json" } });
  }

  /** At the expiry: the session ended, unless another tab renewed the cookie (the service knows). */
  function check() {
    if (state.ended) return;
    if (serverNow() < state.expires) return schedule();
    ask(STATUS, { headers: { Accept: "application/json" } });
  }

  function schedule() {
    clearTimeout(state.timer);
    if (state.ended || !state.known) return;
    var wait = Math.max(0, state.expires - serverNow()) + 1000;
    state.timer = setTimeout(check, Math.min(wait, 0x7fffffff));
  }

  /** The user did something: renew when less than half the token's life is left (once a minute at most). */
  function active() {
    if (state.ended || !state.known) return;
    var left = state.expires - serverNow();
    if (left <= 0) return check();
    if (state.expires >= state.ends) return; // the session's last token: nothing to renew into
    if (left < state.life / 2 && Date.now() - state.lastTry >= MINUTE) renew();
  }

  function apiError(message, status, payload) {
    var error = new Error(message);
    error.name = "ApiError";
    error.status = status;
    error.body = payload;
    return error;
  }

  function api(url, options) {
    var target = new URL(url, location.href);
    if (target.origin !== location.origin) {
      return Promise.reject(new TypeError("coopsec.api calls this site only, not " + target.origin));
    }
    if (state.ended) return Promise.reject(sessionEnded());
    var init = Object.assign({}, options);
    var headers = new Headers(init.headers || {});
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    if ("json" in init) {
      init.body = JSON.stringify(init.json);
      init.method = init.method || "POST";
      headers.set("Content-Type", "application/json");
      delete init.json;
    }
    init.headers = headers;
    init.credentials = "same-origin";
    return fetch(target.href, init).then(
      function (response) {
        if (response.status === 401) {
          endSession();
          throw sessionEnded();
        }
        return response.text().then(function (text) {
          var payload = null;
          try {
            payload = text ? JSON.parse(text) : null;
          } catch (_) {
            throw apiError("The service answered " + response.status + " with something that is not JSON.", response.status, text);
          }
          if (!response.ok) {
            var message = payload && payload.error ? payload.error : "The service answered " + response.status + ".";
            throw apiError(message, response.status, payload);
          }
          return payload;
        });
      },
      function (error) {
        if (error && error.name === "AbortError") throw error;
        var offline = new Error("The service cannot be reached: check the connection and try again.");
        offline.name = "NetworkError";
        offline.cause = error;
        throw offline;
      }
    );
  }

  var coopsec = (window.coopsec = window.coopsec || {});
  coopsec.api = api;
  coopsec.session = {
    get ended() {
      return state.ended;
    },
  };

  ["pointerdown", "pointermove", "keydown", "touchstart", "scroll", "focus"].forEach(function (type) {
    window.addEventListener(type, active, { capture: true, passive: true });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") active();
  });
  schedule();
})();
