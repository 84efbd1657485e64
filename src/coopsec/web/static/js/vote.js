/*
 * coopsec votes page (issue 14): redraws the outcome of the ballot on every change, without reload.
 *
 * Reads the form (rule, date, forum, participants, State concerned, each member's vote), asks
 * GET /api/v1/votes through window.coopsec.api and redraws the verdict, the criteria, the smallest
 * flip and the population table. When the council changes (another date, rule or participants), the
 * member rows are rebuilt from the answer's council, keeping the votes of members still there. A
 * failed call is said in words and the outcome is hidden (never shown stale as if it were the answer);
 * an ended session is said by session.js. Without scripts the form's "Decide" button does the same.
 */
(function () {
  "use strict";

  var API = "/api/v1/votes";
  var form = document.getElementById("vote-form");
  if (!form || !window.coopsec || !window.coopsec.api) return;

  function json(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var RULES = json("vote-rules");
  var WORDS = json("vote-words");
  var NAMES = json("vote-names");
  var el = function (id) { return document.getElementById(id); };
  var pending = null;

  function currentVotes() {
    var votes = {};
    var selects = el("vote-members").querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) {
      votes[selects[i].name.slice(5)] = selects[i].value;
    }
    return votes;
  }

  function query(votes) {
    var params = new URLSearchParams();
    var rule = el("vote-rule").value;
    params.set("rule", rule);
    params.set("on", el("vote-on").value);
    if (RULES[rule] && RULES[rule].forums.length) params.set("forum", el("vote-forum").value);
    var participants = el("vote-participants").value.trim();
    var concerned = el("vote-concerned").value.trim();
    if (participants) params.set("participants", participants);
    if (concerned) params.set("concerned", concerned);
    var lists = { no: [], abstain: [], "abstain-formally": [], absent: [] };
    Object.keys(votes).forEach(function (code) {
      if (lists[votes[code]]) lists[votes[code]].push(code);
    });
    if (lists.no.length) params.set("no", lists.no.join(","));
    if (lists.abstain.length) params.set("abstain", lists.abstain.join(","));
    if (lists["abstain-formally"].length) params.set("abstain_formally", lists["abstain-formally"].join(","));
    if (lists.absent.length) params.set("absent", lists.absent.join(","));
    return params;
  }

  function option(value, words, chosen, formal) {
    var opt = document.createElement("option");
    opt.value = value;
    opt.textContent = words;
    opt.selected = value === chosen;
    opt.disabled = value === "abstain-formally" && !formal;
    return opt;
  }

  function rebuildRows(report, votes) {
    var body = el("vote-members");
    var formal = RULES[el("vote-rule").value] && RULES[el("vote-rule").value].formal;
    var rows = document.createDocumentFragment();
    report.council.members.forEach(function (code) {
      var tr = document.createElement("tr");
      tr.dataset.state = code;
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = code + " ";
      var small = document.createElement("small");
      small.textContent = NAMES[code] || "";
      th.appendChild(small);
      var pop = document.createElement("td");
      pop.className = "num";
      var figures = report.council.population;
      pop.textContent = figures && figures[code] ? figures[code].toLocaleString("en") : "";
      var cell = document.createElement("td");
      var select = document.createElement("select");
      select.name = "vote_" + code;
      select.setAttribute("aria-label", "Vote of " + code);
      Object.keys(WORDS).forEach(function (v) {
        select.appendChild(option(v, WORDS[v], report.votes[code] || votes[code] || "yes", formal));
      });
      cell.appendChild(select);
      tr.appendChild(th);
      tr.appendChild(pop);
      tr.appendChild(cell);
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
  }

  function sameMembers(report) {
    var rows = el("vote-members").querySelectorAll("tr");
    if (rows.length !== report.council.members.length) return false;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.state !== report.council.members[i]) return false;
    }
    return true;
  }

  function draw(report) {
    var verdict = el("vote-verdict");
    verdict.textContent = report.adopted ? "Adopted" : "Not adopted";
    verdict.className = report.adopted ? "adopted" : "rejected";
    el("vote-legal").textContent = report.legal.title + ": " + report.legal.article + ". " +
      report.council.taking_part + " of " + report.council.of + " members of " + report.council.organisation +
      " take part on " + report.on + ".";
    var list = document.createDocumentFragment();
    report.criteria.forEach(function (c) {
      var li = document.createElement("li");
      var word = c.met === null ? "note" : (c.met ? "met" : "missed");
      li.className = word;
      var mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = word;
      li.appendChild(mark);
      li.appendChild(document.createTextNode(" " + c.text));
      list.appendChild(li);
    });
    el("vote-criteria").replaceChildren(list);
    el("vote-flips").textContent = report.flips.length
      ? report.flips.map(function (f) { return f.state + ": " + f.from + " \u2192 " + f.to; }).join("; ")
      : "No change of vote would reverse it.";
    el("vote-flips-rule").textContent = report.flips_rule + ".";
    var table = report.council.table;
    el("vote-table").textContent = table
      ? "Population table " + table.id + " (" + table.basis + " figures of " + table.reference_date + "): " + table.note
      : "";
    el("vote-problem").hidden = true;
    el("vote-outcome").hidden = false;
    el("vote-outcome").classList.remove("stale");
  }

  function fail(error) {
    if (error && (error.name === "SessionEnded" || error.name === "AbortError")) return;
    el("vote-problem").textContent = "The outcome could not be computed: " +
      (error && error.message ? error.message : "no answer from the service") + ".";
    el("vote-problem").hidden = false;
    el("vote-outcome").hidden = true;
  }

  function settingsChanged() {
    var rule = RULES[el("vote-rule").value] || { forums: [], formal: false };
    var field = el("vote-forum-field");
    field.hidden = !rule.forums.length;
    el("vote-forum").disabled = !rule.forums.length;
    var selects = el("vote-members").querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) {
      var formal = selects[i].querySelector("option[value='abstain-formally']");
      formal.disabled = !rule.formal;
      if (!rule.formal && selects[i].value === "abstain-formally") selects[i].value = "abstain";
    }
  }

  function ask(votes, signal) {
    return window.coopsec.api(API + "?" + query(votes).toString(), { signal: signal });
  }

  function remember(votes) {
    var shown = new URLSearchParams();
    var params = query({});
    ["rule", "on", "forum", "participants", "concerned"].forEach(function (key) {
      if (params.has(key)) shown.set(key, params.get(key));
    });
    Object.keys(votes).forEach(function (code) {
      if (votes[code] !== "yes") shown.set("vote_" + code, votes[code]);
    });
    history.replaceState(null, "", "/votes?" + shown.toString());
  }

  // A change of rule, date or participants may change the council: ask for it first (everyone yes),
  // then decide again with the votes of the members still taking part.
  function update(councilMayChange) {
    if (pending) pending.abort();
    pending = new AbortController();
    var signal = pending.signal;
    var votes = currentVotes();
    el("vote-outcome").classList.add("stale");
    var first = councilMayChange ? ask({}, signal) : ask(votes, signal);
    first.then(function (report) {
      if (!councilMayChange) return report;
      var kept = {};
      var changed = false;
      report.council.members.forEach(function (code) {
        kept[code] = votes[code] || "yes";
        if (kept[code] === "abstain-formally" && !(RULES[el("vote-rule").value] || {}).formal) kept[code] = "abstain";
        if (kept[code] !== "yes") changed = true;
      });
      votes = kept;
      return changed ? ask(kept, signal) : report;
    }).then(function (report) {
      if (!sameMembers(report) || councilMayChange) rebuildRows(report, votes);
      draw(report);
      remember(votes);
    }, fail);
  }

  form.addEventListener("change", function (event) {
    var settings = Boolean(event.target.closest(".vote-settings"));
    if (settings) settingsChanged();
    update(settings);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(true);
  });
  el("vote-all-yes").addEventListener("click", function () {
    var selects = el("vote-members").querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) selects[i].value = "yes";
    update(false);
  });
  document.documentElement.dataset.voteReady = "1";
})();
