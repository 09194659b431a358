// Runs every end-to-end journey against a build: node tests/e2e/run.mjs [DIST]
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ROOT, serve } from './harness.mjs';
import * as skeleton from './skeleton.journey.mjs';
import * as app from './app.journey.mjs';
import * as embed from './embed.journey.mjs';
import * as importing from './import.journey.mjs';
import * as join from './join.journey.mjs';
import * as trust from './trust.journey.mjs';
import * as packet from './packet.journey.mjs';

const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`e2e: no build in ${dist}; run make build`);
  process.exit(2);
}
const journeys = [skeleton, app, embed, importing, join, trust, packet];
// E2E_ONLY=substring runs the journeys whose name contains it.
const only = process.env.E2E_ONLY || '';
const server = await serve(dist);
let failed = 0;
try {
  for (const journey of journeys) {
    for (const [name, run] of Object.entries(journey.tests)) {
      if (only && !name.includes(only)) continue;
      const started = Date.now();
      try {
        await run({ url: server.url, dist });
        console.log(`e2e: ok   ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`e2e: FAIL ${name}\n${error && error.stack ? error.stack : error}`);
      }
    }
  }
} finally {
  server.stop();
}
if (failed) {
  console.log(`e2e: ${failed} journey(s) failed`);
  process.exit(1);
}
console.log('e2e: all journeys passed');
