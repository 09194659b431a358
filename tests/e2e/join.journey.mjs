// Join journey, never mixing patients: an 835 and an 837 of a different patient with the same claim number,
// dropped together. The app must not join them: the remittance claim says "Not joined" and why
// (which fields differ, never their values), the case started from it carries no date of birth
// or diagnoses of the other patient, and the other patient's claim is offered on its own. Same
// privacy assertions as the other journeys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, ARTIFACTS, openApp, builtFiles, assertOnlyBuiltFiles, cspViolations, assert, axeSeriousViolations,
  assertNoPhi,
} from './harness.mjs';

const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
// The 837 of claims.837 with the subscriber replaced by another (invented) patient: same claim
// number PSA-2025-0001, same dates, different member ID, name and date of birth. Element counts
// are unchanged, so the envelope stays valid.
function otherPatient837() {
  const text = readFileSync(path.join(FIXTURES, 'claims.837'), 'utf8');
  const swapped = text
    .replace('NM1*IL*1*DOE*JANE*Q***MI*SYN123456789', 'NM1*IL*1*MORROW*BLAKE****MI*SYN300000099')
    .replace('DMG*D8*19700412*F', 'DMG*D8*19610203*M');
  assert(swapped !== text && !swapped.includes('19700412'), 'the fixture changed; update the journey');
  return swapped;
}
// Values of both patients: never in console, URLs or storage.
const PHI = ['DOE', 'JANE', 'MORROW', 'BLAKE', 'SYN300000099', '19610203', '1961-02-03', '19700412'];

export const tests = {
  async 'join: an 837 of another patient with the same claim number is not joined, and the app says why'({ url, dist }) {
    const { page, log, origin, close } = await openApp(url);
    try {
      await page.waitForSelector('#f-claim-patient-first_name');
      const transfer = await page.evaluateHandle((list) => {
        const data = new DataTransfer();
        for (const { name, text } of list) data.items.add(new File([text], name));
        return data;
      }, [
        { name: 'era.835', text: readFileSync(path.join(FIXTURES, 'era-two-claims.835'), 'utf8') },
        { name: 'other-patient.837', text: otherPatient837() },
      ]);
      await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
      await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
      await page.waitForSelector('#import-summary');
      const summary = await page.textContent('#import-summary');
      assert(!summary.includes('completed from the 837'), `nothing is joined: ${summary}`);

      const row = page.locator('#import-offered tbody tr', { hasText: 'DOE, JANE' });
      assert((await row.count()) === 1, 'the remittance claim is offered once');
      const rowText = await row.textContent();
      assert(rowText.includes('Not joined: claims file other-patient.837 has a claim with this claim number but a '
        + 'different patient (member ID, last name and first name differ)'), `row: ${rowText}`);
      assert(!rowText.includes('completed from the 837'), `row: ${rowText}`);
      for (const value of ['MORROW', 'BLAKE', 'SYN300000099', '1961']) {
        assert(!rowText.includes(value), `the reason quotes the other patient's ${value}`);
      }
      // The other patient's claim stays a claim of its own.
      const other = page.locator('#import-offered tbody tr', { hasText: 'MORROW, BLAKE' });
      assert((await other.count()) === 1, 'the other patient\'s 837 claim is offered on its own');
      const violations = await axeSeriousViolations(page);
      assert(violations.length === 0, `axe: ${JSON.stringify(violations, null, 1)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'join-not-joined-1280.png'), fullPage: true });

      await row.locator('button.start-case').click();
      await page.waitForSelector('#import-note');
      assert((await page.inputValue('#f-claim-patient-last_name')) === 'DOE', 'the remittance patient is prefilled');
      assert((await page.inputValue('#f-claim-patient-dob')) === '', 'no date of birth from the other patient');
      const left = await page.textContent('#import-left');
      assert(left.includes('Date of birth') && left.includes('Diagnoses'), `still to complete: ${left}`);
      await page.click('#import-warnings summary');
      const warnings = await page.textContent('#import-warnings');
      assert(warnings.includes('not joined'), `warnings: ${warnings}`);
      await page.click('#nav-step-services');
      await page.waitForSelector('fieldset.diagnoses');
      const codes = await page.$$eval('fieldset.diagnoses input', (inputs) => inputs.map((i) => i.value).filter(Boolean));
      assert(codes.length === 0, `diagnoses of the other patient: ${codes}`);
      assertOnlyBuiltFiles(log, origin, builtFiles(dist));
      const csp = await cspViolations(page);
      assert(csp.length === 0, `CSP violations: ${csp.join(', ')}`);
      assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
      await assertNoPhi(page, log, PHI);
    } finally {
      await close();
    }
  },
};
