// Packet journeys (run.mjs runs them with the others): an empty case makes a packet stamped
// DRAFT and the app says "Draft packet"; attachments are checked by the packet engine when they
// are added (a password-protected PDF and an arithmetic-coded JPEG are refused at once with the
// reason, an owner-password-only PDF is accepted); offline, the precached CJK font prints a
// Chinese name.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, pdftotext, assert } from './harness.mjs';

const CASE09 = path.join(ROOT, 'tests/fixtures/shared/cases/09-brain-mri-demyelination-unicode-names.json');
const ATTACHMENTS = path.join(ROOT, 'tests/fixtures/attachments');

async function waitBanner(page, text, timeout = 90_000) {
  await page.waitForFunction((t) => document.querySelector('#banner-text')?.textContent.includes(t), text, { timeout });
}

function encrypted(name, userPassword) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = path.join(ARTIFACTS, name);
  execFileSync('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--', path.join(ATTACHMENTS, 'remittance-sample.pdf'), out]);
  return out;
}

export const tests = {
  async 'packet: an empty case makes a DRAFT packet, and bad attachments are refused when added'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      // Once the analysis has counted the errors, building asks "Build a draft?" first (see the
      // trust journeys); the answer "yes" builds the stamped packet.
      await page.waitForSelector('#data-summary');
      await page.waitForFunction(() => /error/.test(document.querySelector('#data-summary')?.textContent || ''), null, { timeout: 30_000 });
      await page.click('#make-pdf');
      await page.waitForSelector('#confirm-yes');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#confirm-yes')]);
      const pdfPath = path.join(ARTIFACTS, 'draft-empty-app.pdf');
      await download.saveAs(pdfPath);
      await waitBanner(page, 'Draft packet');
      const banner = await page.textContent('#banner-text');
      assert(/\d+ errors?/.test(banner) && banner.includes('not for submission'), `banner: ${banner}`);
      const pages = pdftotext(pdfPath).split('\f').filter((p) => p.trim());
      assert(pages.length > 3 && pages.every((p) => p.replace(/\s+/g, '').startsWith('DRAFT—notforsubmission')), 'a page without the DRAFT stamp');

      await page.click('#nav-step-review');
      await page.waitForSelector('#attach-files');
      await page.setInputFiles('#attach-files', [
        encrypted('locked.pdf', 'open-me'),
        encrypted('owner-only.pdf', ''),
        path.join(ATTACHMENTS, 'arithmetic.jpg'),
        path.join(ATTACHMENTS, 'progressive.jpg'),
      ]);
      await waitBanner(page, 'was not attached');
      const refused = await page.textContent('#banner-text');
      assert(refused.includes('locked.pdf was not attached: the PDF needs a password to open'), refused);
      assert(refused.includes('arithmetic.jpg was not attached') && refused.includes('arithmetic-coded JPEG'), refused);
      await page.waitForFunction(() => document.querySelectorAll('#attachment-list li').length === 2);
      const list = await page.textContent('#attachment-list');
      assert(list.includes('owner-only.pdf') && list.includes('progressive.jpg') && !list.includes('locked.pdf'), list);
      assertOnlyBuiltFiles(log, origin, builtFiles(dist));
    } finally {
      await close();
    }
  },

  async 'packet: offline, the precached CJK font prints a Chinese name'({ url }) {
    const { page, context, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      const cached = await page.evaluate(async () => {
        for (const key of await caches.keys()) {
          const hit = await (await caches.open(key)).match('./fonts/WenQuanYiMicroHei.ttf');
          if (hit) return (await hit.arrayBuffer()).byteLength;
        }
        return 0;
      });
      assert(cached === readFileSync(path.join(ROOT, 'www/fonts/WenQuanYiMicroHei.ttf')).length, `font in the offline cache: ${cached} bytes`);
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('#f-claim-patient-first_name', { timeout: 30_000 });
      await page.setInputFiles('#open-case', CASE09);
      await waitBanner(page, 'opened');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#make-pdf')]);
      const pdfPath = path.join(ARTIFACTS, 'offline-case-09-cjk.pdf');
      await download.saveAs(pdfPath);
      const text = pdftotext(pdfPath);
      assert(text.includes('陳') && text.includes('美玲'), 'the offline packet lacks the Chinese name');
      await context.setOffline(false);
    } finally {
      await close();
    }
  },
};
