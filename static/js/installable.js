/* Registers Tend's service worker (compassion_site/installable.py and
   templates/pages/offline_worker.js) once the page has loaded, so it never slows the page
   down. Without it, Tend works as before. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const { worker, scope } = script.dataset;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker, { scope }).catch(() => {
      // Not installable here (a private window, or storage turned off): nothing is lost.
    });
  });
})();
