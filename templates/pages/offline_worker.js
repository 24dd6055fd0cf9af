/* Tend's service worker. Served at /sw.js by compassion_site/installable.py, from the site's
   root so that it looks after every page; TEND is filled in there: {version, pages, files,
   offline}.

   The one rule: the network first, always. The cache is only a fallback, and it holds only
   what is listed in TEND: public pages that show nothing of anyone's (fetched without
   cookies, so never a signed-in person's version) and the files they load. Nothing is ever
   stored while the worker runs, so no journal page, no answer sent with `no-store` or
   `private`, no answer to a POST can end up in it. With no connection, a kept page opens
   from the cache, and every other page shows the calm offline page. */
"use strict";

const TEND = {{ config|safe }};

const CACHE = `tend-${TEND.version}`;
const PAGES = new Set(TEND.pages);
const FILES = new Set(TEND.files);

function storable(response) {
  if (!response.ok || response.redirected || response.type !== "basic") return false;
  const rule = (response.headers.get("Cache-Control") || "").toLowerCase();
  return !/no-store|private/.test(rule);
}

async function keep() {
  const cache = await caches.open(CACHE);
  for (const url of [...TEND.pages, ...TEND.files]) {
    const response = await fetch(new Request(url, { credentials: "omit", cache: "no-cache" }));
    if (storable(response)) {
      await cache.put(url, response);
    } else if (url === TEND.offline) {
      throw new Error("The offline page could not be kept");
    }
  }
}

async function forgetOldVersions() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith("tend-") && name !== CACHE).map((name) => caches.delete(name)),
  );
}

async function fromCache(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key, { ignoreSearch: false, ignoreVary: true });
}

async function whenOffline(url) {
  const kept = PAGES.has(url.pathname) ? await fromCache(url.pathname) : undefined;
  return kept || (await fromCache(TEND.offline)) || Response.error();
}

self.addEventListener("install", (event) => {
  event.waitUntil(keep().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(forgetOldVersions().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => whenOffline(url)));
  } else if (FILES.has(url.pathname) && !url.search) {
    event.respondWith(
      fetch(request).catch(async () => (await fromCache(url.pathname)) || Response.error()),
    );
  }
});
