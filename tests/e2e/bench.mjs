// First-load benchmark (make bench): what the browser fetches before the app is interactive,
// raw and brotli-compressed (quality 11, as a static host would serve it), and the time from
// navigation to an interactive form. Prints figures; asserts nothing about time.
//   node tests/e2e/bench.mjs [DIST]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { ROOT, serve, openApp } from './harness.mjs';

const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
const server = await serve(dist);
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const runs = [];
try {
  for (let run = 0; run < 5; run += 1) {
    const { page, log, close } = await openApp(server.url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      const interactive = await page.evaluate(() => performance.now());
      const before = log.requests.slice();
      // What the page itself fetched to become interactive; engines (workers) and the offline
      // precache (service worker) load in the background and are listed apart.
      runs.push({
        interactive,
        files: before.filter((r) => r.by === 'page').map((r) => new URL(r.url).pathname),
        background: before.filter((r) => r.by !== 'page').map((r) => `${new URL(r.url).pathname} (${r.by})`),
      });
      await page.waitForTimeout(run === 0 ? 3000 : 0);
      if (run === 0) runs[0].later = log.requests.slice(before.length).map((r) => `${new URL(r.url).pathname} (${r.by})`);
    } finally {
      await close();
    }
  }
} finally {
  server.stop();
}
const first = runs[0];
let raw = 0;
let br = 0;
console.log('bench: first load, files the page requested before the form is interactive:');
for (const file of first.files) {
  const bytes = readFileSync(path.join(dist, file === '/' ? 'index.html' : file.slice(1)));
  raw += bytes.length;
  br += brotli(bytes);
  console.log(`bench:   ${file.padEnd(28)} ${String(bytes.length).padStart(9)} B raw ${String(brotli(bytes)).padStart(8)} B brotli`);
}
console.log(`bench: first load total ${raw} B raw, ${br} B brotli (budget 300 KB brotli for the app without the packet engine)`);
const times = runs.map((r) => r.interactive).sort((a, b) => a - b);
console.log(`bench: time to interactive (navigation start to form ready), 5 loads from 127.0.0.1: median ${times[2].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[4].toFixed(0)} ms`);
console.log(`bench: meanwhile in the background (engine workers, offline precache): ${first.background.join(', ') || 'nothing'}`);
console.log(`bench: fetched after the app was interactive: ${first.later.join(', ') || 'nothing'}`);
