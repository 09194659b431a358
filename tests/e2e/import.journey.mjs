// Import journeys, from remittance and claims files to a sent packet: an 835 with its 837 chosen
// together, a claim started as a case and sent as a packet; files dropped on the page and FHIR
// pasted; a damaged file named with its error; a 10 MB remittance read with progress while the
// page keeps answering. Same privacy assertions as the other journeys: only same-origin GETs of
// built files, no patient data in the console, URLs or storage.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, cspViolations, pdftotext, assert,
  axeSeriousViolations, assertNoPhi,
} from './harness.mjs';

const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
const ERA = path.join(FIXTURES, 'era-two-claims.835');
const CLAIMS = path.join(FIXTURES, 'claims.837');
// Synthetic patient values of the fixtures: they must never reach console, URLs or storage.
const PHI = ['DOE', 'JANE', 'PSA-2025-0001', '19700412', '1970-04-12'];

async function finish(page, log, origin, dist, phi = PHI) {
  assertOnlyBuiltFiles(log, origin, builtFiles(dist));
  const violations = await cspViolations(page);
  assert(violations.length === 0, `CSP violations: ${violations.join(', ')}`);
  assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
  await assertNoPhi(page, log, phi);
}

/** A synthetic 835 of about `bytes` bytes (one claim in three denied for authorization). */
export function synthetic835(bytes) {
  const parts = [
    'ISA*00*          *00*          *ZZ*PAYERSYNTH     *ZZ*PRACTICESYNTH  *250305*1200*^*00501*000000101*0*T*:~\n',
    'GS*HP*PAYERSYNTH*PRACTICESYNTH*20250305*1200*101*X*005010X221A1~\n',
    'ST*835*0001~\nBPR*I*0*C*NON************20250304~\nTRN*1*EFT1*1999999999~\n',
    'N1*PR*SYNTHETIC HEALTH PLAN~\nN3*PO BOX 0100~\nN4*SPRINGFIELD*IL*62701~\nPER*CX*PROVIDER SERVICES*TE*2175550100*FX*2175550199~\n',
    'N1*PE*PRAIRIE SPINE ASSOCIATES*XX*1555012347~\nREF*TJ*371234567~\nLX*1~\n',
  ];
  let size = parts.join('').length;
  let claims = 0;
  let segments = 9;
  while (size < bytes) {
    claims += 1;
    const denied = claims % 3 === 0;
    const n = String(claims).padStart(8, '0');
    let claim = `CLP*PCN-${n}*${denied ? 4 : 1}*300*${denied ? 0 : 240}**12*ICN${n}*11*1~\n`
      + `NM1*QC*1*PATIENT${claims}*SYNTH****MI*SYN${n}~\nNM1*82*1*RIVERA*ANA****XX*1555012354~\n`
      + (denied ? 'MOA***M62~\n' : '') + 'DTM*232*20250115~\n';
    segments += denied ? 5 : 4;
    for (let line = 1; line <= 2; line += 1) {
      claim += `SVC*HC:9921${line}*150*${denied ? 0 : 120}**1~\nDTM*472*20250115~\n`
        + (denied ? 'CAS*CO*197*150~\n' : 'CAS*CO*45*30~\n');
      segments += 3;
    }
    parts.push(claim);
    size += claim.length;
  }
  parts.push(`SE*${segments + 1}*0001~\nGE*1*101~\nIEA*1*000000101~\n`);
  return { text: parts.join(''), claims };
}

export const tests = {
  async 'import: an 835 with its 837 offers the authorization denial, prefills a case, and sends a packet'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.click('#import-open');
      await page.waitForSelector('#import-panel');
      await page.setInputFiles('#import-files', [ERA, CLAIMS]);
      await page.waitForSelector('#import-summary');
      const summary = await page.textContent('#import-summary');
      assert(summary.includes('3 claims read: 1 with an authorization-related denial'), `summary: ${summary}`);
      assert(summary.includes('1 completed from the 837'), `summary: ${summary}`);
      const offered = await page.$$eval('#import-offered tbody tr', (rows) => rows.map((r) => r.textContent));
      assert(offered.length === 2 && offered[0].includes('PSA-2025-0001') && offered[0].includes('CO-197') && offered[0].includes('M62'),
        `offered rows: ${offered}`);
      assert(offered[1].includes('PSA-2025-0003'), 'the 837 claim no remittance took up is offered too');
      const others = await page.$$eval('#import-others tbody tr', (rows) => rows.map((r) => r.textContent));
      assert(others.length === 1 && others[0].includes('PSA-2025-0002') && others[0].includes('CO-45'), `other rows: ${others}`);
      assert((await page.$$('#import-others button.start-case')).length === 0, 'paid claims are listed, not offered');
      const violations = await axeSeriousViolations(page);
      assert(violations.length === 0, `axe: ${JSON.stringify(violations, null, 1)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'import-panel-1280.png'), fullPage: true });

      await page.click('#import-offered tbody tr:first-child button.start-case');
      await page.waitForSelector('#import-note');
      assert((await page.inputValue('#f-claim-patient-last_name')) === 'DOE', 'patient not prefilled');
      assert((await page.inputValue('#f-claim-patient-dob')) === '1970-04-12', 'date of birth not completed from the 837');
      const left = await page.textContent('#import-left');
      assert(left.includes('Reason'), `still to complete: ${left}`);
      assert(!left.includes('Date of birth'), 'the 837 filled the date of birth');
      // The checks follow the imported case (no stale "missing" messages).
      await page.waitForSelector('#f-claim-patient-first_name-msg', { state: 'detached' });
      await page.screenshot({ path: path.join(ARTIFACTS, 'import-started-1280.png'), fullPage: true });

      // "Go to field" takes the biller to the reason; filling it removes it from the list.
      await page.click('#import-left li:has-text("Reason") button');
      await page.waitForFunction(() => document.activeElement?.id === 'f-claim-reason_prior_auth_missing-code');
      await page.selectOption('#f-claim-reason_prior_auth_missing-code', 'administrative_error');
      await page.waitForFunction(() => !document.querySelector('#import-left')?.textContent.includes('Reason'));
      await page.click('#nav-step-notes');
      await page.click('button.add:has-text("Add note")');
      await page.fill('#f-notes-0-text', 'Low back pain radiating to the left leg for 8 weeks despite 6 weeks of physical therapy. Pain 7/10.');
      await page.click('#nav-step-review');
      // The imported case still has errors or missing inputs: "Build a draft?" is asked first.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), (async () => {
        await page.click('#generate-packet');
        await page.waitForSelector('#confirm-q');
        assert((await page.textContent('#confirm-q')).includes('stamped DRAFT'), 'no draft confirmation');
        await page.click('#confirm-yes');
      })()]);
      const pdfPath = path.join(ARTIFACTS, 'import-packet.pdf');
      await download.saveAs(pdfPath);
      const text = pdftotext(pdfPath);
      for (const needle of ['PSA-2025-0001', 'DOE', '72148', 'M51.16']) assert(text.includes(needle), `packet lacks ${needle}`);

      // The listing stays for the next claim; "Clear all data" forgets it (and the worker's copy).
      await page.click('#import-open');
      await page.waitForSelector('#import-offered');
      await page.click('#clear-all');
      await page.click('#confirm-yes');
      await page.waitForFunction(() => document.querySelector('#banner-text')?.textContent.includes('All data was cleared'));
      assert((await page.$('#import-results')) === null && (await page.$('#import-note')) === null, 'import survived Clear all data');
      await finish(page, log, origin, dist);
    } finally {
      await close();
    }
  },

  async 'import: drop files on the page, paste FHIR, and get damaged files named with their error'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      const drop = async (files) => {
        const transfer = await page.evaluateHandle((list) => {
          const data = new DataTransfer();
          for (const { name, text } of list) data.items.add(new File([text], name));
          return data;
        }, files);
        await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
        await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
      };
      // A remittance and a file that is neither X12 nor JSON, dropped together.
      await drop([
        { name: 'era.835', text: readFileSync(ERA, 'utf8') },
        { name: 'letter.txt', text: 'Dear payer, please reconsider.' },
      ]);
      await page.waitForSelector('#import-summary');
      const files = await page.textContent('.import-files');
      assert(files.includes('letter.txt — not imported: byte 0: not a recognised file'), `files: ${files}`);
      assert(files.includes('era.835 — X12 835 remittance, 2 claims'), `files: ${files}`);

      // A damaged remittance: imported with warnings naming segments.
      await drop([{ name: 'damaged.835', text: readFileSync(path.join(FIXTURES, 'era-damaged.835'), 'utf8') }]);
      await page.waitForFunction(() => document.querySelector('.import-files')?.textContent.includes('damaged.835'));
      await page.click('.import-files details summary');
      const warnings = await page.textContent('.import-files details');
      assert(/segment \d+ \(/.test(warnings), `warnings name no segment: ${warnings}`);

      // FHIR pasted as text.
      await page.fill('#import-paste', readFileSync(path.join(FIXTURES, 'eob-bundle.json'), 'utf8'));
      await page.click('#import-paste-go');
      await page.waitForFunction(() => document.querySelector('.import-files')?.textContent.includes('pasted text — FHIR R4 JSON'));
      assert((await page.$$('#import-offered button.start-case')).length >= 1, 'the FHIR denial is offered');
      await page.click('#import-offered tbody tr:first-child button.start-case');
      await page.waitForSelector('#import-note');
      assert((await page.inputValue('#f-claim-patient-last_name')).length > 0, 'FHIR patient not prefilled');

      // Invalid JSON pasted: an error with a position, the case untouched.
      const before = await page.inputValue('#f-claim-patient-last_name');
      await page.click('#import-open');
      await page.fill('#import-paste', '{"resourceType": "Bundle", "entry": [}');
      await page.click('#import-paste-go');
      await page.waitForFunction(() => document.querySelector('.import-files li.error'));
      const error = await page.textContent('.import-files li.error');
      assert(/line 1, column \d+/.test(error), `JSON error without a position: ${error}`);
      assert((await page.inputValue('#f-claim-patient-last_name')) === before, 'a failed import changed the case');

      // A case file dropped on the page opens as the case.
      await drop([{ name: 'case.json', text: readFileSync(path.join(ROOT, 'tests/fixtures/shared/cases/01-hip-resurfacing-converted-to-tha.json'), 'utf8') }]);
      await page.waitForFunction(() => document.querySelector('#banner-text')?.textContent.includes('Case file opened'));
      assert((await page.inputValue('#f-claim-patient-last_name')) === 'Ambrosini', 'dropped case file not opened');
      assert((await page.$('#import-note')) === null, 'the import note belongs to the replaced case');
      await finish(page, log, origin, dist, ['DOE', 'JANE', 'Ambrosini']);
    } finally {
      await close();
    }
  },

  async 'import: a 10 MB remittance shows progress and the page keeps answering'({ url, dist }) {
    const { text, claims } = synthetic835(10_000_000);
    const file = path.join(ARTIFACTS, 'synthetic-10mb.835');
    writeFileSync(file, text);
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      await page.click('#import-open');
      // Record the progress values shown, and the longest gap between main-thread timer ticks.
      await page.evaluate(() => {
        window.__progress = [];
        new MutationObserver(() => {
          const bar = document.querySelector('#import-progress progress');
          if (bar) window.__progress.push(Number(bar.value));
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
        window.__gap = 0;
        let last = performance.now();
        window.__ticker = setInterval(() => {
          const now = performance.now();
          window.__gap = Math.max(window.__gap, now - last);
          last = now;
        }, 10);
      });
      const started = Date.now();
      await page.setInputFiles('#import-files', file);
      await page.waitForSelector('#import-summary', { timeout: 60_000 });
      const elapsed = Date.now() - started;
      const { progress, gap } = await page.evaluate(() => {
        clearInterval(window.__ticker);
        return { progress: window.__progress, gap: window.__gap };
      });
      const summary = await page.textContent('#import-summary');
      assert(summary.includes(`${claims} claims read: ${Math.floor(claims / 3)} with an authorization-related denial`), `summary: ${summary}`);
      // Progress is reported at most every 100 ms: at least one value strictly between 0 and 100.
      const between = [...new Set(progress.filter((p) => p > 0 && p < 100))];
      assert(progress.length > 0 && between.length >= 1, `progress was not shown while reading: ${JSON.stringify(progress.slice(0, 20))}`);
      assert(progress.every((p, i) => i === 0 || p >= progress[i - 1]), 'progress went backwards');
      // Only the first 50 rows of each group are rendered.
      assert((await page.$$('#import-offered tbody tr')).length === 50, 'the listing is not paged');
      await page.click('#import-offered .show-more');
      assert((await page.$$('#import-offered tbody tr')).length === 250, '"Show more" did not add rows');
      console.log(`e2e: 10 MB 835 (${claims} claims) imported in ${elapsed} ms; longest main-thread pause ${gap.toFixed(0)} ms; ${between.length} progress updates`);
      // The import runs in a worker: the page never stalls for the length of the import.
      assert(gap < Math.max(400, elapsed / 2), `the page froze for ${gap.toFixed(0)} ms during a ${elapsed} ms import`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'import-10mb-1280.png') });
      await finish(page, log, origin, dist, ['PATIENT1*', 'SYN00000001']);
    } finally {
      await close();
    }
  },
};
