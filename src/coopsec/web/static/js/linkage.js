/*
 * coopsec linkage page: keeps the progress bar of each running matching job current.
 *
 * Every exchange whose job is "matching" (data-status on its <li>) is polled through
 * window.coopsec.api (GET /api/v1/linkage/exchanges/{id}) every two seconds; the <progress> value
 * and the stage in words follow the job. When the job ends (done or failed) the page reloads, so
 * the results (or the failure, in words) are shown by the server. A failed poll is said in words
 * beside the bar and polling goes on; an ended session stops it (session.js says so).
 */
(function () {
  "use strict";

  var EVERY = 2000;
  var API = "/api/v1/linkage/exchanges/";

  function words(status, stage, percent) {
    var said = status === "matching" ? "matching: " + stage : status;
    return said + " (" + percent + "%)";
  }

  function watch(item) {
    var id = item.dataset.id;
    var bar = item.querySelector(".linkage-progress");
    var stage = item.querySelector(".linkage-stage");
    var problem = item.querySelector(".linkage-poll-error");

    function poll() {
      window.coopsec.api(API + encodeURIComponent(id)).then(function (shown) {
        problem.hidden = true;
        var percent = Math.round(100 * shown.progress.fraction);
        bar.value = percent;
        bar.textContent = percent + "%";
        stage.textContent = words(shown.status, shown.progress.stage, percent);
        if (shown.status !== "matching") {
          location.reload();
          return;
        }
        setTimeout(poll, EVERY);
      }, function (error) {
        if (error && error.name === "SessionEnded") return;
        problem.textContent = "The progress could not be updated: " + (error && error.message ? error.message : "no answer") + ". Retrying.";
        problem.hidden = false;
        setTimeout(poll, EVERY * 2);
      });
    }

    setTimeout(poll, EVERY);
  }

  if (!window.coopsec || !window.coopsec.api) return;
  var items = document.querySelectorAll(".linkage-exchange[data-status='matching']");
  for (var i = 0; i < items.length; i++) watch(items[i]);
})();
