// Service worker of the window rating device (/device): keeps the page and its code in a cache
// so the device starts and takes ratings with the hall's network down. Ratings themselves live
// in the page's IndexedDB queue and go to /device/api/ only over the network (never cached).
const CACHE = 'kaimen-device-v1';
const SHELL = ['/device', '/device.webmanifest', '/device-icon.svg'];
// The page's server data (the site layout's: the language), which the page asks for as it starts.
const DATA = '/device/__data.json';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch('/device', { cache: 'no-store' });
      const html = await page.clone().text();
      await cache.put('/device', page);
      // The page's own scripts and styles, as its HTML names them.
      const assets = [...new Set(html.match(/\/_app\/[^"'\s)]+/g) ?? [])];
      await cache.addAll([...SHELL.slice(1), DATA, ...assets]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/device/api/')) return;
  if (url.pathname === '/device' || url.pathname === DATA) {
    // The newest page when online; the cached one when not.
    const key = url.pathname;
    event.respondWith(
      (async () => {
        try {
          const fresh = await fetch(event.request);
          if (fresh.ok) (await caches.open(CACHE)).put(key, fresh.clone());
          return fresh;
        } catch {
          return (await caches.match(key)) ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/_app/') || SHELL.includes(url.pathname)) {
    // Built files never change under one name: the cache first, the network for anything new.
    event.respondWith(
      (async () => {
        const hit = await caches.match(event.request);
        if (hit) return hit;
        const fresh = await fetch(event.request);
        if (fresh.ok) (await caches.open(CACHE)).put(event.request, fresh.clone());
        return fresh;
      })(),
    );
  }
});

// The page names the code it loaded before this worker controlled it (chunks its HTML does not
// list), so a first start followed by a network cut still finds everything in the cache.
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache : [];
  const own = urls.filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(own.map((u) => cache.add(u).catch(() => undefined)))),
  );
});
