// The walking-skeleton journeys: open a shared case, download the PDF packet; a malformed case
// file is reported without losing what was typed. Each journey also asserts the privacy
// invariants: only same-origin GETs of built files, no CSP violations, no patient data in the
// console, the URL or storage.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, cspViolations, pdftotext, assert } from './harness.mjs';

const CASE_FILE = path.join(ROOT, 'tests/fixtures/shared/cases/01-hip-resurfacing-converted-to-tha.json');
const CASE = JSON.parse(readFileSync(CASE_FILE, 'utf8'));
const PHI = [CASE.claim.patient.first_name, CASE.claim.patient.last_name, CASE.claim.patient.member_id, CASE.claim.claim.claim_number];

async function assertNoPhiLeaks(page, log) {
  for (const value of PHI) {
    for (const line of log.console) assert(!line.includes(value), `console output contains patient data: ${line}`);
    assert(!page.url().includes(value), 'the URL contains patient data');
  }
  const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
  assert(storage.local === 0 && storage.session === 0, `storage was written: ${JSON.stringify(storage)}`);
}

export const tests = {
  async 'open a shared case file, see the letter, download the PDF packet'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.setInputFiles('#open-case', CASE_FILE);
      await page.waitForFunction(() => document.querySelector('#banner-text')?.textContent.includes('opened'));
      assert((await page.inputValue('#f-claim-patient-last_name')) === 'Ambrosini', 'last name not loaded into the form');
      await page.click('#nav-step-services');
      assert((await page.inputValue('#f-claim-claim-lines-0-cpt_or_hcpcs')) === '27130', 'service line not loaded');
      const letter = await page.textContent('#letter-preview');
      assert(letter.includes('Patient: Ambrosini, Dwight'), 'letter preview lacks the patient name');
      assert(letter.includes('Member ID: CSH-77310482'), 'letter preview lacks the member ID');
      await page.screenshot({ path: path.join(ARTIFACTS, 'skeleton-case-01.png'), fullPage: false });

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#make-pdf')]);
      const pdfPath = path.join(ARTIFACTS, 'skeleton-case-01.pdf');
      await download.saveAs(pdfPath);
      const bytes = readFileSync(pdfPath);
      assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the download is not a PDF');
      const text = pdftotext(pdfPath);
      assert(text.includes('Dwight') && text.includes('Ambrosini'), 'the PDF text lacks the patient name');
      await page.click('#nav-step-review');
      await page.waitForSelector('#review-sha256');
      const shown = (await page.textContent('#review-sha256')).trim();
      const actual = createHash('sha256').update(bytes).digest('hex');
      assert(shown === actual, `the app shows SHA-256 ${shown}, the file has ${actual}`);

      assertOnlyBuiltFiles(log, origin, builtFiles(dist));
      assert(log.requests.some((r) => r.url.endsWith('/retroauth-packet_bg.wasm')), 'the packet engine was not loaded');
      const violations = await cspViolations(page);
      assert(violations.length === 0, `CSP violations: ${violations.join(', ')}`);
      assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
      assert(log.dialogs.length === 0, `unexpected dialogs: ${log.dialogs.join('; ')}`);
      await assertNoPhiLeaks(page, log);
      writeFileSync(path.join(ARTIFACTS, 'skeleton-requests.txt'), log.requests.map((r) => `${r.method} ${r.url}`).join('\n') + '\n');
    } finally {
      await close();
    }
  },

  async 'a malformed case file is reported with line and column, and nothing typed is lost'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.fill('#f-claim-patient-first_name', 'Zoë {{7*7}} <b>x</b>');
      await page.waitForFunction(() => document.querySelector('#letter-preview')?.textContent.includes('Zoë {{7*7}} <b>x</b>'));
      await page.setInputFiles('#open-case', {
        name: 'broken.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{\n  "schema_version": "1.0",\n  "claim": ]\n}\n'),
      });
      await page.waitForFunction(() => document.querySelector('.banner.error'));
      const message = await page.textContent('#banner-text');
      assert(/broken\.json/.test(message) && /line 3, column \d+/.test(message), `unclear error message: ${message}`);
      assert((await page.inputValue('#f-claim-patient-first_name')) === 'Zoë {{7*7}} <b>x</b>', 'typed text was lost');
      await page.setInputFiles('#open-case', {
        name: 'wrong-type.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"schema_version":"1.0","claim":{"claim":{"lines":[{"modifiers":"RT"}]}}}'),
      });
      await page.waitForFunction(() => document.querySelector('#banner-text')?.textContent.includes('wrong-type.json'));
      const schemaMessage = await page.textContent('#banner-text');
      assert(schemaMessage.includes('claim.claim.lines[0].modifiers'), `schema error lacks the field path: ${schemaMessage}`);
      assert((await page.inputValue('#f-claim-patient-first_name')) === 'Zoë {{7*7}} <b>x</b>', 'typed text was lost');
      assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
      assert((await page.$$('b')).length === 0, 'user text was rendered as markup');
      assertOnlyBuiltFiles(log, origin, builtFiles(dist));
      await page.screenshot({ path: path.join(ARTIFACTS, 'skeleton-malformed.png') });
    } finally {
      await close();
    }
  },
};
