// "Nothing typed is lost": steps as history entries (Back/Forward keep what was
// typed), the beforeunload prompt while unsaved, in-page confirmations (or undo) before every
// destructive action, "Clear all data" deleting only retroauth's own caches, "Build a draft?"
// before a packet of an invalid case, and the iframe mode mounting only for an allowed parent.
// Every journey keeps the privacy assertions: only same-origin GETs of built files, no CSP
// violations, no patient data in the console, URLs or storage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, cspViolations, assert, assertNoPhi,
} from './harness.mjs';

const CASES = path.join(ROOT, 'tests/fixtures/shared/cases');
const CASE01 = path.join(CASES, '01-hip-resurfacing-converted-to-tha.json');
const CASE09 = path.join(CASES, '09-brain-mri-demyelination-unicode-names.json');
const ERA = path.join(ROOT, 'tests/fixtures/import/era-two-claims.835');
const phiOf = (file) => {
  const c = JSON.parse(readFileSync(file, 'utf8')).claim;
  return [c.patient.first_name, c.patient.last_name, c.patient.member_id, c.claim.claim_number];
};
// Synthetic values typed by hand in these journeys.
const TYPED = { last: 'Þórsdóttir-李', member: 'MBR-TRUST-5521', payer: 'Ωmega Health ✓', note: 'Pain 8/10 after fall; <b>{{x}}</b> 👩‍⚕️' };
const TYPED_PHI = [TYPED.last, TYPED.member];

async function heading(page) {
  return (await page.textContent('.case-form h2')).trim();
}

async function waitHeading(page, text) {
  await page.waitForFunction((t) => document.querySelector('.case-form h2')?.textContent.trim() === t, text, { timeout: 10_000 });
}

async function waitBanner(page, text) {
  await page.waitForFunction((t) => document.querySelector('#banner-text')?.textContent.includes(t), text);
}

/** Types like a user (real key events: the page gets a user activation, as for beforeunload). */
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(text);
}

async function finish(page, log, origin, dist, phi, { dialogs = 0 } = {}) {
  assertOnlyBuiltFiles(log, origin, builtFiles(dist));
  const violations = await cspViolations(page);
  assert(violations.length === 0, `CSP violations: ${violations.join(', ')}`);
  assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
  assert(log.dialogs.length === dialogs, `dialogs: ${log.dialogs.join('; ')}`);
  await assertNoPhi(page, log, phi);
}

async function confirmText(page) {
  await page.waitForSelector('#confirm-q');
  return (await page.textContent('#confirm-q')).trim();
}

export const tests = {
  async 'history: Back and Forward move between steps and keep what was typed'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      const startLength = await page.evaluate(() => history.length);
      await typeInto(page, '#f-claim-patient-last_name', TYPED.last);
      await typeInto(page, '#f-claim-patient-member_id', TYPED.member);
      await page.click('#step-next');
      await waitHeading(page, 'Payer');
      await typeInto(page, '#f-claim-payer-name', TYPED.payer);
      await page.click('#nav-step-notes');
      await waitHeading(page, 'Clinical notes');
      assert(new URL(page.url()).hash === '#step=notes', `URL fragment ${new URL(page.url()).hash}`);
      assert((await page.evaluate(() => history.length)) === startLength + 2, 'each step visited is one history entry');

      await page.goBack();
      await waitHeading(page, 'Payer');
      assert((await page.inputValue('#f-claim-payer-name')) === TYPED.payer, 'Back lost the payer name');
      await page.goBack();
      await waitHeading(page, 'Patient');
      assert((await page.inputValue('#f-claim-patient-last_name')) === TYPED.last, 'Back lost the patient name');
      assert((await page.inputValue('#f-claim-patient-member_id')) === TYPED.member, 'Back lost the member ID');
      assert(page.url().startsWith(origin), 'Back left the app');
      await page.goForward();
      await waitHeading(page, 'Payer');
      await page.goForward();
      await waitHeading(page, 'Clinical notes');
      assert((await page.evaluate(() => document.activeElement?.tagName)) === 'H2', 'focus is not on the step heading');
      // Back, then a new step: the forward entries are replaced, as in any site.
      await page.goBack();
      await waitHeading(page, 'Payer');
      await page.click('#nav-step-review');
      await waitHeading(page, 'Review and send');
      await page.goBack();
      await waitHeading(page, 'Payer');
      await page.goForward();
      await waitHeading(page, 'Review and send');
      // The history holds step names only.
      const states = await page.evaluate(() => JSON.stringify(history.state));
      assert(states === '{"retroauth":"step","step":"review"}', `history state ${states}`);
      for (const value of [...TYPED_PHI, TYPED.payer]) assert(!page.url().includes(value) && !states.includes(value), 'patient data in the URL or history');
      // The data typed at the start is still there after all that.
      await page.click('#nav-step-patient');
      assert((await page.inputValue('#f-claim-patient-last_name')) === TYPED.last, 'typed data lost');
      await finish(page, log, origin, dist, TYPED_PHI);
    } finally {
      await close();
    }
  },

  async 'history: the embedded widget leaves the portal history alone'({ url }) {
    const { page, close } = await openApp(`${url}embed-demo.html`);
    try {
      await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.textContent.startsWith('element ready')), null, { timeout: 30_000 });
      const before = await page.evaluate(() => history.length);
      await page.click('retro-auth-request #step-next');
      await page.click('retro-auth-request #nav-step-review');
      await page.waitForFunction(() => document.querySelector('#widget').shadowRoot.querySelector('.case-form h2')?.textContent.includes('Review'));
      assert((await page.evaluate(() => history.length)) === before, 'the widget pushed history entries into the portal');
      assert(new URL(page.url()).hash === '', `the widget changed the portal's URL: ${page.url()}`);
    } finally {
      await close();
    }
  },

  async 'reload: asks while there are unsaved changes, not for a fresh or just-saved case'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      // A fresh empty case: a reload needs no prompt.
      await page.click('#f-claim-patient-first_name');
      await page.reload();
      await page.waitForSelector('#f-claim-patient-first_name');
      assert(log.dialogs.length === 0, `a fresh case asked before reload: ${log.dialogs}`);
      // Typed data: the browser asks (the harness dismisses, so the page stays with its data).
      await typeInto(page, '#f-claim-patient-last_name', TYPED.last);
      await page.reload({ timeout: 4000 }).catch(() => {});
      assert(log.dialogs.length === 1 && log.dialogs[0].startsWith('beforeunload'), `no beforeunload prompt: ${JSON.stringify(log.dialogs)}`);
      assert((await page.inputValue('#f-claim-patient-last_name')) === TYPED.last, 'dismissing the prompt lost the data');
      // Saved to a file: nothing to lose, the reload goes through.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-case')]);
      assert(JSON.parse(readFileSync(await download.path(), 'utf8')).claim.patient.last_name === TYPED.last, 'saved file lacks the typed name');
      await page.reload();
      await page.waitForSelector('#f-claim-patient-first_name');
      assert((await page.inputValue('#f-claim-patient-last_name')) === '', 'the reload did not happen');
      assert(log.dialogs.length === 1, `a saved case asked before reload: ${JSON.stringify(log.dialogs)}`);
      // Letter edits are not in the case file: they count as unsaved.
      await page.click('#nav-step-review');
      await typeInto(page, '#letter-editor', ' P.S.');
      await page.reload({ timeout: 4000 }).catch(() => {});
      assert(log.dialogs.length === 2 && log.dialogs[1].startsWith('beforeunload'), `letter edits not guarded: ${JSON.stringify(log.dialogs)}`);
      await finish(page, log, origin, dist, TYPED_PHI, { dialogs: 2 });
    } finally {
      await close();
    }
  },

  async 'destructive actions: open over unsaved work, new case, remove note, reset letter ask or undo'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      // Nothing to lose: a file opens at once, and New case on the unchanged file needs no answer.
      await page.setInputFiles('#open-case', CASE01);
      await waitBanner(page, 'opened');
      assert((await page.$('#confirm')) === null, 'asked although there was nothing to lose');
      await page.click('#new-case');
      await waitBanner(page, 'Started a new case');
      assert((await page.$('#confirm')) === null, 'New case asked about an unchanged case');

      // Unsaved typing: Open case file asks; Cancel keeps everything.
      await typeInto(page, '#f-claim-patient-last_name', TYPED.last);
      await page.setInputFiles('#open-case', CASE09);
      const question = await confirmText(page);
      assert(question.startsWith('Open this case file?'), `question: ${question}`);
      await page.waitForFunction(() => document.activeElement?.id === 'confirm-yes');
      await page.screenshot({ path: path.join(ARTIFACTS, 'confirm-open-case.png') });
      await page.click('#confirm-no');
      assert((await page.$('#confirm')) === null, 'the confirmation stayed');
      assert((await page.inputValue('#f-claim-patient-last_name')) === TYPED.last, 'Cancel lost the typed name');
      await page.setInputFiles('#open-case', CASE09);
      await confirmText(page);
      await page.click('#confirm-yes');
      await waitBanner(page, 'opened');
      assert((await page.inputValue('#f-claim-patient-last_name')) === '陳', 'the confirmed file was not opened');

      // New case after an edit asks.
      await typeInto(page, '#f-claim-patient-group_number', '-X');
      await page.click('#new-case');
      assert((await confirmText(page)).startsWith('Start a new case?'), 'New case did not ask');
      await page.click('#confirm-no');
      assert((await page.inputValue('#f-claim-patient-last_name')) === '陳', 'Cancel cleared the case');

      // Remove note → "Note 1 removed. Undo" puts it back verbatim.
      await page.click('#nav-step-notes');
      const notesBefore = await page.$$eval('fieldset.note textarea', (areas) => areas.map((a) => a.value));
      assert(notesBefore.length >= 1, 'case 09 has notes');
      await page.click("[aria-label='Remove note 1']");
      await page.waitForSelector('#undo');
      assert((await page.textContent('#undo-text')).trim() === 'Note 1 removed.', 'no undo offer');
      assert((await page.$$('fieldset.note')).length === notesBefore.length - 1, 'the note was not removed');
      await page.screenshot({ path: path.join(ARTIFACTS, 'undo-remove-note.png') });
      await page.click('#undo');
      await waitBanner(page, 'Note 1 restored');
      const notesAfter = await page.$$eval('fieldset.note textarea', (areas) => areas.map((a) => a.value));
      assert(JSON.stringify(notesAfter) === JSON.stringify(notesBefore), 'undo did not restore the note verbatim');
      // An empty new note goes without an offer.
      await page.click('.notes button.add');
      await page.click(`[aria-label='Remove note ${notesBefore.length + 1}']`);
      assert((await page.$('#undo')) === null, 'undo offered for an empty note');

      // "Use the generated letter again" over edits asks; Cancel keeps the edit.
      await page.click('#nav-step-review');
      await typeInto(page, '#letter-editor', ' P.S. typed by hand');
      await page.click('#letter-reset');
      assert((await confirmText(page)).startsWith('Use the generated letter again?'), 'reset did not ask');
      await page.click('#confirm-no');
      assert((await page.inputValue('#letter-editor')).includes('P.S. typed by hand'), 'Cancel lost the letter edit');
      await page.click('#letter-reset');
      await confirmText(page);
      await page.click('#confirm-yes');
      await page.waitForSelector('#letter-reset', { state: 'detached' });
      assert(!(await page.inputValue('#letter-editor')).includes('P.S. typed by hand'), 'the letter was not reset');
      await finish(page, log, origin, dist, [...phiOf(CASE01), ...phiOf(CASE09), ...TYPED_PHI]);
    } finally {
      await close();
    }
  },

  async 'destructive actions: starting an imported claim over unsaved work asks first'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await typeInto(page, '#f-claim-patient-last_name', TYPED.last);
      await page.click('#import-open');
      await page.setInputFiles('#import-files', ERA);
      await page.waitForSelector('#import-offered button.start-case');
      await page.click('#import-offered tbody tr:first-child button.start-case');
      assert((await confirmText(page)).startsWith('Start a case from this claim?'), 'starting a claim did not ask');
      await page.waitForFunction(() => document.activeElement?.id === 'confirm-yes');
      await page.click('#confirm-no');
      assert((await page.inputValue('#f-claim-patient-last_name')) === TYPED.last, 'Cancel lost the typed name');
      await page.click('#import-offered tbody tr:first-child button.start-case');
      await confirmText(page);
      await page.click('#confirm-yes');
      await page.waitForSelector('#import-note');
      assert((await page.inputValue('#f-claim-patient-last_name')) === 'DOE', 'the claim was not started');
      await finish(page, log, origin, dist, [...TYPED_PHI, 'DOE']);
    } finally {
      await close();
    }
  },

  async 'Clear all data deletes retroauth caches and draft only, never the portal\'s'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await page.waitForFunction(async () => (await caches.keys()).some((k) => k.startsWith('retroauth-')), null, { timeout: 30_000 });
      // Another application of the same origin (an embedding portal) keeps a cache and a key.
      await page.evaluate(async () => {
        const cache = await caches.open('portal-cache');
        await cache.put('/portal-data', new Response('portal'));
        localStorage.setItem('portal.settings', '{"theme":"dark"}');
      });
      await typeInto(page, '#f-claim-patient-last_name', TYPED.last);
      await page.click('#clear-all');
      assert((await confirmText(page)).startsWith('Clear all data?'), 'Clear all did not ask');
      await page.click('#confirm-yes');
      await waitBanner(page, 'All data was cleared');
      await page.waitForFunction(async () => !(await caches.keys()).some((k) => k.startsWith('retroauth-')), null, { timeout: 10_000 });
      const left = await page.evaluate(async () => ({
        keys: await caches.keys(),
        body: await (await (await caches.open('portal-cache')).match('/portal-data'))?.text(),
        local: localStorage.getItem('portal.settings'),
      }));
      assert(JSON.stringify(left.keys) === '["portal-cache"]', `caches after clearing: ${JSON.stringify(left.keys)}`);
      assert(left.body === 'portal' && left.local === '{"theme":"dark"}', `the portal's data was touched: ${JSON.stringify(left)}`);
      assert((await page.inputValue('#f-claim-patient-last_name')) === '', 'the case survived');
      await page.evaluate(async () => { localStorage.removeItem('portal.settings'); await caches.delete('portal-cache'); });
      await finish(page, log, origin, dist, TYPED_PHI);
    } finally {
      await close();
    }
  },

  async 'packet: an empty case asks "Build a draft?" first, a cancelled build makes nothing'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.waitForSelector('#data-summary');
      await page.waitForFunction(() => /error/.test(document.querySelector('#data-summary')?.textContent || ''), null, { timeout: 30_000 });
      let downloads = 0;
      page.on('download', () => { downloads += 1; });
      await page.click('#make-pdf');
      const question = await confirmText(page);
      assert(/^This case has \d+ errors? and \d+ missing inputs?\. The packet will be stamped DRAFT — not for submission\. Build a draft\?$/.test(question), `question: ${question}`);
      await page.waitForFunction(() => document.activeElement?.id === 'confirm-yes');
      await page.screenshot({ path: path.join(ARTIFACTS, 'confirm-draft-packet.png') });
      await page.click('#confirm-no');
      await page.waitForTimeout(500);
      // (The service worker precaches the packet engine; only the page or a worker asking for it means a build.)
      assert(downloads === 0, 'a cancelled build downloaded a packet');
      assert(!log.requests.some((r) => r.by !== 'service worker' && /packet-worker\.js$|retroauth-packet_bg\.wasm$/.test(r.url)), 'a cancelled build started the packet engine');
      // The Review step's button asks the same.
      await page.click('#nav-step-review');
      await page.click('#generate-packet');
      assert((await confirmText(page)) === question, 'the Review step did not ask the same');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('#confirm-yes')]);
      const pdf = readFileSync(await download.path());
      assert(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'the draft is not a PDF');
      assert((await page.$('#confirm')) === null, 'the confirmation stayed after building');
      await finish(page, log, origin, dist, []);
    } finally {
      await close();
    }
  },
};
