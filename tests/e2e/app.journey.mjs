// The biller's journey through every feature of the standalone app, with the privacy and
// accessibility assertions every journey keeps: only same-origin GETs of built files, no CSP violations,
// no patient data in the console, URLs or storage (except drafts: ciphertext only), axe-core
// with no serious or critical violations, offline use after the first load.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, cspViolations, pdftotext, assert,
  axeSeriousViolations, assertNoPhi,
} from './harness.mjs';

const CASES = path.join(ROOT, 'tests/fixtures/shared/cases');
const CASE09 = path.join(CASES, '09-brain-mri-demyelination-unicode-names.json');
const CASE01 = path.join(CASES, '01-hip-resurfacing-converted-to-tha.json');
const ATTACHMENTS = path.join(ROOT, 'tests/fixtures/attachments');
const phiOf = (file) => {
  const c = JSON.parse(readFileSync(file, 'utf8')).claim;
  return [c.patient.first_name, c.patient.last_name, c.patient.member_id, c.claim.claim_number];
};

async function waitBanner(page, text) {
  await page.waitForFunction((t) => document.querySelector('#banner-text')?.textContent.includes(t), text);
}

async function headingOfStep(page) {
  return (await page.textContent('.case-form h2')).trim();
}

async function assertAccessible(page, label) {
  const violations = await axeSeriousViolations(page);
  assert(violations.length === 0, `${label}: axe found serious/critical violations: ${JSON.stringify(violations, null, 1)}`);
}

async function finish(page, log, origin, dist, phi, options) {
  assertOnlyBuiltFiles(log, origin, builtFiles(dist));
  const violations = await cspViolations(page);
  assert(violations.length === 0, `CSP violations: ${violations.join(', ')}`);
  assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
  assert(log.dialogs.length === 0, `unexpected dialogs: ${log.dialogs.join('; ')}`);
  await assertNoPhi(page, log, phi, options);
}

export const tests = {
  async 'every feature in one journey: open, walk the steps, edit, check, attach, generate, download, clear'({ url, dist }) {
    const phi = phiOf(CASE09);
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await assertAccessible(page, 'empty case');
      await page.setInputFiles('#open-case', CASE09);
      await waitBanner(page, 'opened');
      assert((await page.inputValue('#f-claim-patient-last_name')) === '陳', 'CJK name not loaded');

      // Keyboard through the eight steps; focus lands on each step's heading.
      const headings = [await headingOfStep(page)];
      await page.screenshot({ path: path.join(ARTIFACTS, 'step-1-1280.png') });
      for (let step = 2; step <= 8; step += 1) {
        await page.focus('#step-next');
        await page.keyboard.press('Enter');
        await page.waitForFunction((previous) => document.querySelector('.case-form h2')?.textContent.trim() !== previous, headings.at(-1));
        headings.push(await headingOfStep(page));
        await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(ARTIFACTS, `step-${step}-1280.png`) });
        if (step === 4 || step === 7 || step === 8) await assertAccessible(page, `step ${step}`);
      }
      assert(headings.at(-1) === 'Review and send', `last step: ${headings.at(-1)}`);

      // A typo gets a message next to its field, announced and linked with aria-describedby.
      await page.click('#nav-step-provider');
      const npi = await page.inputValue('#f-claim-provider-npi');
      await page.fill('#f-claim-provider-npi', '1234567890');
      await page.waitForSelector('#f-claim-provider-npi-msg');
      const described = await page.getAttribute('#f-claim-provider-npi', 'aria-describedby');
      assert(described.includes('f-claim-provider-npi-msg'), 'message not linked to its field');
      assert((await page.getAttribute('#f-claim-provider-npi', 'aria-invalid')) === 'true', 'aria-invalid not set');
      assert((await page.inputValue('#f-claim-provider-npi')) === '1234567890', 'validation rewrote the field');
      assert((await page.textContent('#data-summary')).includes('1 error'), 'summary not updated');
      await page.fill('#f-claim-provider-npi', npi);
      await page.waitForSelector('#f-claim-provider-npi-msg', { state: 'detached' });

      // The checklist shows the sentence that proves an element, selected in its note.
      const quote = (await page.textContent('#checklist .element.present .quote')).trim();
      await page.click('#checklist .element.present button.link');
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      const selected = await page.evaluate(() => {
        const area = document.activeElement;
        return area.value.slice(area.selectionStart, area.selectionEnd);
      });
      const flat = (text) => text.replace(/\s+/g, ' ').trim();
      assert(flat(selected).startsWith(flat(quote).replace(/…$/, '').slice(0, 60)), `selection ${JSON.stringify(selected)} is not the quote ${JSON.stringify(quote)}`);
      assert((await page.$$('#checklist .element.absent')).length >= 1, 'case 09 has a missing element');

      // Review: edit the letter, attach a PDF and a PNG, generate, preview, download.
      await page.click('#nav-step-review');
      await page.fill('#letter-editor', `${await page.inputValue('#letter-editor')}\nP.S. Added by the biller: {{ 7*7 }} <b>bold</b>`);
      await page.click('#nav-step-patient');
      await page.fill('#f-claim-patient-group_number', 'SPOUSE-EMP-0931-X');
      await page.click('#nav-step-review');
      assert((await page.inputValue('#letter-editor')).includes('P.S. Added by the biller'), 'letter edit lost after a case edit');
      await page.setInputFiles('#attach-files', [path.join(ATTACHMENTS, 'remittance-sample.pdf'), path.join(ATTACHMENTS, 'scan-gray.png')]);
      await page.waitForFunction(() => document.querySelectorAll('#attachment-list li').length === 2);
      await page.setInputFiles('#attach-files', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
      await page.waitForFunction(() => document.querySelector('.banner.error')?.textContent.includes('only PDF, PNG and JPEG'));
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('#generate-packet')]);
      const pdfPath = path.join(ARTIFACTS, 'journey-case-09.pdf');
      await download.saveAs(pdfPath);
      assert(readFileSync(pdfPath).subarray(0, 5).toString('latin1') === '%PDF-', 'not a PDF');
      const text = pdftotext(pdfPath).replace(/\s+/g, '');
      for (const needle of ['陳', '美玲', 'נועהבן־דוד', 'REMITTANCEADVICESAMPLE', 'P.S.Addedbythebiller:{{7*7}}<b>bold</b>', 'remittance-sample.pdf']) {
        assert(text.includes(needle), `packet text lacks ${needle}`);
      }
      await page.waitForSelector('#packet-preview');
      assert((await page.getAttribute('#packet-preview', 'src')).startsWith('blob:'), 'preview is not a blob: URL');
      assert((await page.textContent('#review-sha256')).trim().length === 64, 'no SHA-256 shown');
      await page.screenshot({ path: path.join(ARTIFACTS, 'step-8-packet-1280.png') });

      // Clear all data, after confirming in the page.
      await page.click('#clear-all');
      await page.waitForSelector('#confirm-yes');
      await page.click('#confirm-no');
      assert((await page.$('#confirm')) === null, 'confirmation did not close');
      await page.click('#clear-all');
      await page.click('#confirm-yes');
      await waitBanner(page, 'All data was cleared');
      await page.click('#nav-step-patient');
      assert((await page.inputValue('#f-claim-patient-last_name')) === '', 'data survived Clear all data');
      const body = await page.textContent('body');
      for (const value of phi) assert(!body.includes(value), 'patient data still on the page after clearing');
      await page.waitForFunction(async () => (await caches.keys()).length === 0);
      await finish(page, log, origin, dist, phi);
    } finally {
      await close();
    }
  },

  async 'phone-sized screens: every step fits and stays usable at 390x844'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url, { viewport: { width: 390, height: 844 } });
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.setInputFiles('#open-case', CASE01);
      await waitBanner(page, 'opened');
      for (let step = 1; step <= 8; step += 1) {
        if (step > 1) await page.click('#step-next');
        await page.waitForTimeout(200);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 1, `step ${step} scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: path.join(ARTIFACTS, `step-${step}-390.png`) });
      }
      await assertAccessible(page, 'phone review step');
      await finish(page, log, origin, dist, phiOf(CASE01));
    } finally {
      await close();
    }
  },

  async 'drafts: off by default, ciphertext only, survive a reload, lock when idle'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url, { clock: true });
    const secret = ['Zoë-Draftperson', 'MEMBER-DRAFT-4471'];
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.fill('#f-claim-patient-last_name', secret[0]);
      await page.waitForTimeout(600);
      assert((await page.evaluate(() => localStorage.length)) === 0, 'something was stored with drafts off');

      await page.click('#drafts-toggle');
      await page.fill('#drafts-pass', 'short');
      await page.fill('#drafts-pass2', 'short');
      await page.click('#drafts-on');
      await waitBanner(page, 'Drafts stay off');
      await page.fill('#drafts-pass', 'correct horse battery staple');
      await page.fill('#drafts-pass2', 'correct horse battery staple');
      await page.click('#drafts-on');
      await page.waitForSelector('.drafts.on', { timeout: 30_000 });
      await page.fill('#f-claim-patient-member_id', secret[1]);
      await page.waitForFunction(() => localStorage.getItem('retroauth.draft.v1') !== null);
      await page.waitForTimeout(800);
      await assertNoPhi(page, log, secret, { allowCiphertextKey: 'retroauth.draft.v1' });

      await page.reload();
      await page.waitForSelector('#unlock-pass');
      assert(!(await page.textContent('body')).includes(secret[0]), 'the locked page shows draft data');
      await page.fill('#unlock-pass', 'wrong passphrase here');
      await page.click('#unlock-submit');
      await waitBanner(page, 'wrong passphrase');
      await page.fill('#unlock-pass', 'correct horse battery staple');
      await page.click('#unlock-submit');
      await page.waitForSelector('#f-claim-patient-last_name', { timeout: 30_000 });
      assert((await page.inputValue('#f-claim-patient-last_name')) === secret[0], 'draft not restored');
      assert((await page.inputValue('#f-claim-patient-member_id')) === secret[1], 'draft not restored');

      // 16 minutes without input: the page locks and forgets the case.
      await page.clock.fastForward('16:00');
      await page.waitForSelector('#unlock-pass', { timeout: 10_000 });
      assert(!(await page.textContent('body')).includes(secret[0]), 'idle lock left data on the page');
      await page.click('#unlock-discard');
      await page.waitForSelector('#f-claim-patient-first_name');
      assert((await page.evaluate(() => localStorage.length)) === 0, 'discarding left the draft behind');
      await finish(page, log, origin, dist, secret);
    } finally {
      await close();
    }
  },

  async 'works offline after the first load, packet included'({ url, dist }) {
    const { page, log, origin, context, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('#f-claim-patient-first_name', { timeout: 30_000 });
      await page.setInputFiles('#open-case', CASE01);
      await waitBanner(page, 'opened');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('#make-pdf')]);
      const pdfPath = path.join(ARTIFACTS, 'offline-case-01.pdf');
      await download.saveAs(pdfPath);
      assert(pdftotext(pdfPath).includes('Ambrosini'), 'offline packet lacks the patient name');
      await context.setOffline(false);
      await finish(page, log, origin, dist, phiOf(CASE01));
    } finally {
      await close();
    }
  },
};
