/*
 * The progress bar of a background import (templates/admin/records/sheet_import_task.html).
 *
 * Every second it asks the task's progress (a JSON view named in the bar's data-url), moves
 * the bar and its sentence, and once the task has ended reloads the page, which then shows the
 * result. A file, not an inline script: the Content Security Policy allows only this site's files.
 */
"use strict";

(function () {
  const bar = document.getElementById("sheet-progress");
  if (!bar || !bar.dataset.url) {
    return;
  }
  const text = document.getElementById("sheet-progress-text");
  const every = 1000;

  function show(progress) {
    if (progress.total > 0) {
      bar.max = progress.total;
      bar.value = Math.min(progress.checked, progress.total);
    }
    if (text && progress.text) {
      text.textContent = progress.text;
    }
  }

  function poll() {
    fetch(bar.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, every);
        }
      })
      .catch(function () {
        // A moment when the server did not answer: try again, as a person would.
        window.setTimeout(poll, every);
      });
  }

  window.setTimeout(poll, every);
})();
