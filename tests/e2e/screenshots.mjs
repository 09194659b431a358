// Not a test: takes screenshots of the app with given case files for a person to look at.
//   node tests/e2e/screenshots.mjs [DIST] CASE.json...   → target/e2e/screens/*.png
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ROOT, ARTIFACTS, serve, openApp } from './harness.mjs';

const [distArg, ...cases] = process.argv.slice(2);
const dist = path.resolve(distArg || path.join(ROOT, 'dist'));
const out = path.join(ARTIFACTS, 'screens');
mkdirSync(out, { recursive: true });
const server = await serve(dist);
try {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { page, close } = await openApp(server.url, { viewport });
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      const tag = `${viewport.width}x${viewport.height}`;
      await page.screenshot({ path: path.join(out, `empty-${tag}.png`) });
      for (const file of cases) {
        await page.setInputFiles('#open-case', path.resolve(file));
        await page.waitForTimeout(600);
        const name = path.basename(file, '.json').slice(0, 2);
        await page.screenshot({ path: path.join(out, `case-${name}-${tag}.png`) });
        await page.screenshot({ path: path.join(out, `case-${name}-${tag}-full.png`), fullPage: true });
      }
    } finally {
      await close();
    }
  }
} finally {
  server.stop();
}
console.log(`screenshots in ${out}`);
