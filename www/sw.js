// retroauth service worker: keeps a copy of the app's own files so the app works offline
// after the first visit. It caches nothing else: no data you enter, no generated files.
// The large CJK font (fonts/) is cached the first time it is used rather than up front.
// VERSION and FILES are filled in by .ci/build-web.sh from the contents of the build.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `retroauth-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('retroauth-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    if (request.mode === 'navigate') {
      const index = await cache.match('./index.html');
      if (index) return index;
    }
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname.includes('/fonts/')) {
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
