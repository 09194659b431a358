// retroauth service worker: keeps a copy of the app's own files so the app works offline
// after the first visit. It caches nothing else: no data you enter, no generated files.
// The CJK font (fonts/, several MB) is precached too, so that a packet with a name in Chinese,
// Japanese or Korean script can be built offline; it is fetched in the background during
// install (the page is already running; it is not part of the first load), taken over from
// the previous version's cache when it is there, and a failure to fetch it does not fail the
// install (the packet engine then refuses CJK text instead of printing boxes, and the font is
// cached the first time it is fetched).
// VERSION, FILES and FONTS are filled in by .ci/build-web.sh from the contents of the build.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const FONTS = __FONTS__;
const CACHE = `retroauth-${VERSION}`;

async function precacheFonts(cache) {
  for (const font of FONTS) {
    try {
      if (await cache.match(font)) continue;
      const previous = await caches.match(font);
      if (previous) await cache.put(font, previous);
      else await cache.add(font);
    } catch {
      // Offline or interrupted: cached on first use instead.
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES).then(() => precacheFonts(cache)))
      .then(() => self.skipWaiting()),
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
