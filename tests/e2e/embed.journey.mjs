// Embedding journeys: the <retro-auth-request> custom element and the iframe mode with its
// postMessage protocol, driven through the demo portal page (www/embed-demo.html). The iframe
// tests serve the portal and the app from two origins (localhost vs 127.0.0.1) of one server.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARTIFACTS, openApp, serve, cspViolations, assert } from './harness.mjs';

const SAMPLE = JSON.parse(readFileSync(new URL('../../www/embed-sample-case.json', import.meta.url), 'utf8'));
const PHI = [SAMPLE.claim.patient.first_name, SAMPLE.claim.patient.last_name, SAMPLE.claim.patient.member_id, SAMPLE.claim.claim.claim_number];

async function logLines(page) {
  return page.$$eval('#log li', (items) => items.map((item) => item.textContent));
}

async function waitLog(page, prefix, timeout = 30_000) {
  await page.waitForFunction((p) => [...document.querySelectorAll('#log li')].some((li) => li.textContent.startsWith(p)), prefix, { timeout });
}

function assertEventsCarryNoPhi(lines) {
  for (const line of lines) {
    for (const value of PHI) assert(!line.includes(value), `an event or response carried patient data: ${line}`);
  }
}

function assertOnlyServerGets(log, port) {
  for (const { method, url } of log.requests) {
    const parsed = new URL(url);
    if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') continue;
    assert(parsed.port === String(port) && ['127.0.0.1', 'localhost'].includes(parsed.hostname), `request off the test server: ${url}`);
    assert(method === 'GET', `non-GET request: ${method} ${url}`);
  }
  assert(log.offOrigin.length === 0 || log.offOrigin.every((r) => r.includes(`:${port}/`)), `requests left the server: ${log.offOrigin.join(', ')}`);
}

/** True when the frame's document fetched the app module (the portal's own element may). */
async function frameLoadedApp(frame) {
  const names = await frame.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  return names.some((name) => /retroauth-web(_bg\.wasm|\.js)$/.test(name));
}

/** A copy of the build whose embed allow-list names `origin`, served on its own port. */
async function serveWithAllowList(dist, originFor) {
  const copy = mkdtempSync(path.join(tmpdir(), 'retroauth-embed-'));
  cpSync(dist, copy, { recursive: true });
  const server = await serve(copy);
  const port = new URL(server.url).port;
  writeFileSync(path.join(copy, 'embed-origins.json'), JSON.stringify({ allowedOrigins: [originFor(port)] }));
  return { ...server, port };
}

export const tests = {
  async 'custom element: prefill, change events without patient data, validate, generatePdf, theming, complete'({ url }) {
    const { page, log, close } = await openApp(`${url}embed-demo.html`);
    try {
      await waitLog(page, 'element ready');
      assert(await page.evaluate(() => document.querySelector('#f-claim-patient-first_name') === null), 'the widget leaked out of its shadow root');
      await page.click('#ce-prefill');
      await page.waitForFunction(() => document.querySelector('#widget').shadowRoot.querySelector('#f-claim-patient-last_name')?.value === 'Ambrosini');
      await waitLog(page, 'element change');
      await page.click('#ce-validate');
      await waitLog(page, 'element validate');
      const summary = await page.evaluate(async () => document.querySelector('#widget').validate());
      assert(summary.valid === true && summary.errorCount === 0 && summary.missingCount === 0, `unexpected summary ${JSON.stringify(summary)}`);
      const head = await page.evaluate(async () => {
        const { pdf, sha256, filename } = await document.querySelector('#widget').generatePdf();
        const bytes = new Uint8Array(await pdf.arrayBuffer());
        return { head: new TextDecoder().decode(bytes.slice(0, 5)), type: pdf.type, sha256, filename };
      });
      assert(head.head === '%PDF-' && head.type === 'application/pdf' && head.sha256.length === 64, `generatePdf gave ${JSON.stringify(head)}`);
      const accent = await page.evaluate(() => getComputedStyle(document.querySelector('#widget').shadowRoot.querySelector('#make-pdf')).backgroundColor);
      assert(accent === 'rgb(102, 51, 153)', `the host's --ra-accent did not theme the widget (${accent})`);
      // The user builds the packet inside the widget: the host gets `complete` with the Blob.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('retro-auth-request #make-pdf')]);
      await download.path();
      await waitLog(page, 'element complete');
      const lines = await logLines(page);
      assert(lines.some((l) => l.startsWith('element complete') && l.includes('Blob(application/pdf')), 'complete without the PDF');
      assertEventsCarryNoPhi(lines);
      await page.click('#ce-reset');
      await page.waitForFunction(() => document.querySelector('#widget').shadowRoot.querySelector('#f-claim-patient-last_name')?.value === '');
      assertOnlyServerGets(log, new URL(url).port);
      assert((await cspViolations(page)).length === 0, 'CSP violations in the demo');
      assert(log.pageErrors.length === 0, `page errors: ${log.pageErrors.join('; ')}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-element.png'), fullPage: false });
    } finally {
      await close();
    }
  },

  async 'iframe: an allow-listed portal on another origin drives the app by postMessage'({ dist }) {
    const server = await serveWithAllowList(dist, (port) => `http://localhost:${port}`);
    const { page, log, close } = await openApp(`http://localhost:${server.port}/embed-demo.html?app=http://127.0.0.1:${server.port}`, {
      extraOrigins: [`http://127.0.0.1:${server.port}`],
    });
    try {
      await waitLog(page, 'iframe ready');
      const handshake = await page.evaluate(() => window.retroauthDemo.request('handshake'));
      assert(handshake.ready === true && handshake.protocol === 'retro-auth/1', `handshake ${JSON.stringify(handshake)}`);
      await page.click('#if-prefill');
      await waitLog(page, 'iframe prefill');
      await waitLog(page, 'iframe change');
      const summary = await page.evaluate(() => window.retroauthDemo.request('validate'));
      assert(summary.valid === true && typeof summary.errorCount === 'number', `validate ${JSON.stringify(summary)}`);
      const pdf = await page.evaluate(async () => {
        const payload = await window.retroauthDemo.request('generatePdf');
        const bytes = new Uint8Array(await payload.pdf.arrayBuffer());
        return { head: new TextDecoder().decode(bytes.slice(0, 5)), size: bytes.length, sha256: payload.sha256 };
      });
      assert(pdf.head === '%PDF-' && pdf.size > 1000, `generatePdf ${JSON.stringify(pdf)}`);
      const bad = await page.evaluate(() => window.retroauthDemo.request('frobnicate'));
      assert(bad.error && bad.error.code === 'unknown_message_type', `unknown type answered ${JSON.stringify(bad)}`);
      const broken = await page.evaluate(() => window.retroauthDemo.request('prefill', { schema_version: '9.9' }));
      assert(broken.error && /schema_version/.test(broken.error.message), `bad prefill answered ${JSON.stringify(broken)}`);
      assertEventsCarryNoPhi(await logLines(page));
      assertOnlyServerGets(log, server.port);
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-iframe.png') });
    } finally {
      await close();
      server.stop();
    }
  },

  async 'iframe: a parent not on the allow-list gets a notice and no app; its messages are ignored'({ dist }) {
    // The allow-list names localhost; this portal page is on 127.0.0.1 (the app's own origin,
    // which is not listed: no "self").
    const server = await serveWithAllowList(dist, (port) => `http://localhost:${port}`);
    const { page, close } = await openApp(`http://127.0.0.1:${server.port}/embed-demo.html`);
    try {
      const frame = await (await page.waitForSelector('#frame')).contentFrame();
      await frame.waitForSelector('#embed-refused', { timeout: 30_000 });
      const outcome = await page.evaluate(async () => {
        const sample = await (await fetch('./embed-sample-case.json')).json();
        const answer = window.retroauthDemo.request('prefill', sample);
        const timeout = new Promise((resolve) => setTimeout(() => resolve('no answer'), 2500));
        return Promise.race([answer.then(() => 'answered'), timeout]);
      });
      assert(outcome === 'no answer', 'a message from a wrong origin was answered');
      assert((await frame.$('input, textarea, .app')) === null, 'the app was mounted for a parent that is not allowed');
      assert(!(await frameLoadedApp(frame)), 'the app was loaded for a parent that is not allowed');
      const lines = await logLines(page);
      assert(!lines.some((l) => l.startsWith('iframe')), `the widget talked to a wrong origin: ${lines.join(' | ')}`);
    } finally {
      await close();
      server.stop();
    }
  },

  async 'iframe: the shipped build works for its own demo page ("self") and refuses a foreign parent without frame-ancestors'({ url, dist }) {
    const shipped = JSON.parse(readFileSync(path.join(dist, 'embed-origins.json'), 'utf8'));
    assert(JSON.stringify(shipped.allowedOrigins) === '["self"]', `shipped allow-list ${JSON.stringify(shipped.allowedOrigins)}`);
    // 1. The demo, served by the app's origin, drives the iframe.
    let { page, log, close } = await openApp(`${url}embed-demo.html`);
    try {
      await waitLog(page, 'iframe ready');
      await waitLog(page, 'iframe handshake');
      await page.click('#if-prefill');
      await waitLog(page, 'iframe prefill');
      const frame = await (await page.waitForSelector('#frame')).contentFrame();
      await frame.waitForFunction(() => document.querySelector('#f-claim-patient-last_name')?.value === 'Ambrosini');
      const summary = await page.evaluate(() => window.retroauthDemo.request('validate'));
      assert(summary.valid === true, `validate ${JSON.stringify(summary)}`);
      assertEventsCarryNoPhi(await logLines(page));
      assertOnlyServerGets(log, new URL(url).port);
      assert((await cspViolations(page)).length === 0, 'CSP violations in the demo');
    } finally {
      await close();
    }
    // 2. A foreign portal framing the shipped build, from a host that sends no frame-ancestors.
    const port = new URL(url).port;
    ({ page, log, close } = await openApp(`http://localhost:${port}/embed-demo.html?app=http://127.0.0.1:${port}`, {
      extraOrigins: [`http://127.0.0.1:${port}`],
    }));
    try {
      await page.route('**/embed.html', async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        await route.fulfill({ response, headers });
      });
      await page.reload();
      const frame = await (await page.waitForSelector('#frame')).contentFrame();
      await frame.waitForSelector('#embed-refused', { timeout: 30_000 });
      assert((await frame.$('input, textarea, .app')) === null, 'the app was mounted for a foreign parent');
      await page.waitForTimeout(1500);
      assert(!(await logLines(page)).some((l) => l.startsWith('iframe')), 'the frame talked to a foreign parent');
      assert(!(await frameLoadedApp(frame)), 'the app was loaded for a foreign parent');
      await (await page.$('#frame')).screenshot({ path: path.join(ARTIFACTS, 'embed-iframe-refused.png') });
      // Opened on its own (not framed), embed.html shows the notice too.
      await page.goto(`http://127.0.0.1:${port}/embed.html`);
      await page.waitForSelector('#embed-refused');
      assert((await page.$('input, textarea, .app')) === null, 'embed.html mounted the app unframed');
    } finally {
      await close();
    }
  },
};
