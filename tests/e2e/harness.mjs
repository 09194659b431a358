// Test harness for the end-to-end journeys: serves a build on 127.0.0.1, launches Debian's
// Chromium through playwright-core, and records every request, console message, dialog and
// CSP violation so each journey can assert the privacy invariants.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const ARTIFACTS = path.join(ROOT, 'target/e2e');
mkdirSync(ARTIFACTS, { recursive: true });

/** Every file in the build, as URL paths ("/", "/boot.js", …). */
export function builtFiles(dist) {
  const out = new Set(['/']);
  const walk = (dir, prefix) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out.add(`${prefix}${name}`);
    }
  };
  walk(dist, '/');
  return out;
}

/** Starts .ci/serve.py on a free port; resolves with {url, stop}. */
export function serve(dist) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [path.join(ROOT, '.ci/serve.py'), dist, '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) resolve({ url: match[0], stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps',
  '--disable-domain-reliability', '--metrics-recording-only', '--no-pings',
];

/**
 * Opens a fresh browser context and a page at `url`, recording traffic.
 * Returns {context, page, log, close}; log = {requests, offOrigin, console, dialogs, pageErrors}.
 */
export async function openApp(url, { viewport = { width: 1280, height: 800 }, clock = false, extraOrigins = [] } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'retroauth-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const origin = new URL(url).origin;
  const log = { requests: [], offOrigin: [], console: [], dialogs: [], pageErrors: [] };
  // Anything leaving the origin is recorded and aborted. blob:/data: URLs and the browser's own
  // resources (chrome:, chrome-extension:, e.g. its PDF viewer for the packet preview) never
  // reach the network and are let through.
  const local = (url) => /^(blob|data|chrome|chrome-extension|about):/.test(url);
  await context.route('**/*', (route) => {
    const request = route.request();
    if (local(request.url())) return route.continue();
    if (new URL(request.url()).origin !== origin && !extraOrigins.includes(new URL(request.url()).origin)) {
      log.offOrigin.push(`${request.method()} ${request.url()}`);
      return route.abort();
    }
    return route.continue();
  });
  context.on('request', (request) => {
    if (local(request.url())) return;
    // Who asked: the page, a Web Worker (an engine), or the service worker (offline precache).
    let by = 'page';
    if (request.serviceWorker()) by = 'service worker';
    else {
      try {
        request.frame();
      } catch {
        by = 'worker';
      }
    }
    log.requests.push({ method: request.method(), url: request.url(), by });
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (message) => log.console.push(message.text()));
  page.on('pageerror', (error) => log.pageErrors.push(String(error)));
  page.on('dialog', async (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  if (clock) await page.clock.install();
  await page.goto(url);
  return { context, page, log, origin, close: () => context.close() };
}

/** Asserts that every request was a same-origin GET of a file in the build. */
export function assertOnlyBuiltFiles(log, origin, files) {
  const problems = [...log.offOrigin.map((r) => `off-origin request: ${r}`)];
  for (const { method, url } of log.requests) {
    const parsed = new URL(url);
    if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') continue;
    if (parsed.origin !== origin) problems.push(`off-origin request: ${method} ${url}`);
    else if (method !== 'GET') problems.push(`non-GET request: ${method} ${url}`);
    else if (parsed.search || parsed.hash) problems.push(`request with a query or fragment: ${url}`);
    else if (!files.has(parsed.pathname)) problems.push(`request for a file that is not in the build: ${url}`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

export function pdftotext(file) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs axe-core (npm axe-core) in the page; returns serious and critical violations. */
export async function axeSeriousViolations(page, context = 'document') {
  const source = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) is untouched.
  await page.evaluate(source);
  const result = await page.evaluate(async (selector) => {
    const target = selector === 'document' ? document : document.querySelector(selector);
    const report = await window.axe.run(target, { resultTypes: ['violations'] });
    return report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, context);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails if any patient-data string shows up in console output, the URL, or (unless allowed) storage. */
export async function assertNoPhi(page, log, values, { allowCiphertextKey = null } = {}) {
  for (const value of values) {
    for (const line of log.console) assert(!line.includes(value), `console output contains patient data: ${line}`);
    assert(!page.url().includes(value), 'the URL contains patient data');
    for (const request of log.requests) assert(!request.url.includes(value), `a request URL contains patient data: ${request.url}`);
  }
  const storage = await page.evaluate(() => {
    const local = {};
    for (let i = 0; i < localStorage.length; i += 1) local[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
    return { local, session: sessionStorage.length };
  });
  assert(storage.session === 0, 'sessionStorage was written');
  for (const [key, text] of Object.entries(storage.local)) {
    assert(key === allowCiphertextKey, `localStorage key ${key} was written`);
    const draft = JSON.parse(text);
    assert(draft.v === 1 && draft.ciphertext && draft.iv && draft.salt, 'the stored draft is not ciphertext');
    for (const value of values) assert(!text.includes(value), 'the stored draft contains plaintext patient data');
  }
  return storage;
}
