// The iframe mode: retroauth inside <iframe src=".../embed.html#parentOrigin=https://portal.example">,
// talking to its parent with postMessage (envelope after SMART Web Messaging).
//
//   request  {protocol: "retro-auth/1", messageId, messageType, payload}
//   response {protocol, messageId, responseToMessageId, messageType: "response", payload}
//            or payload {error: {code, message}}
//   types    handshake, prefill (payload: a case object), validate, generatePdf (→ {pdf: Blob, sha256, filename}), reset
//   events   ready, change ({valid, errorCount, …}: no patient data), complete ({pdf, sha256, filename}),
//            error ({code, message}), resize ({height})
//
// The app mounts only for an allow-listed parent. The allow-list is embed-origins.json (a file of
// this app, not a parameter): exact origins, plus "self" for this app's own origin (a same-origin
// parent can script this frame anyway, so "self" opens nothing new). The parent's real origin is
// known from location.ancestorOrigins (Chromium, Safari); where the browser does not tell, the
// app waits for a `handshake` from window.parent and takes its origin from the message. A
// `#parentOrigin=` fragment, when given, must name that same origin. For any other parent (not
// on the list, unknown, or the page not framed at all) the frame shows a short static message
// and never loads the app, whether or not the host sends `frame-ancestors`. Messages are
// answered only from window.parent at the allowed origin; replies go to that exact origin,
// never "*". No patient data goes into the URL, and the frame never touches the history.
const PROTOCOL = 'retro-auth/1';

const root = document.getElementById('app');
const framed = window.parent !== window;
const requested = new URLSearchParams(window.location.hash.slice(1)).get('parentOrigin');

function notice(id, text) {
  const box = document.createElement('p');
  box.id = id;
  box.className = 'embed-notice';
  box.setAttribute('role', 'status');
  box.textContent = text;
  root.replaceChildren(box);
}

function refuse() {
  notice('embed-refused', framed
    ? 'retroauth is not shown here: this site is not on the list of sites allowed to embed it.'
    : 'This page shows retroauth inside an approved portal. Open retroauth on its own from the start page of this site.');
}

async function allowList() {
  try {
    const response = await fetch('./embed-origins.json', { cache: 'no-store' });
    const config = await response.json();
    return Array.isArray(config.allowedOrigins) ? config.allowedOrigins.filter((o) => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

function isAllowed(origin, allowed) {
  if (typeof origin !== 'string' || !origin || origin === 'null') return false;
  if (requested && requested !== origin) return false;
  return allowed.includes(origin) || (allowed.includes('self') && origin === window.location.origin);
}

/** The parent's origin as the browser reports it, or null where it does not. */
function reportedParentOrigin() {
  const ancestors = window.location.ancestorOrigins;
  if (!ancestors || ancestors.length === 0) return null;
  return ancestors[0] && ancestors[0] !== 'null' ? ancestors[0] : null;
}

function newId() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

const allowedPromise = allowList();
let decide;
// Resolves with the allowed parent origin, or null: the app is refused in this page.
const decision = new Promise((resolve) => { decide = resolve; });

async function start(parentOrigin) {
  const { default: init, mount } = await import('./retroauth-web.js');
  await init();
  root.replaceChildren();
  const handle = mount(root, { mode: 'widget', history: false });
  const post = (message) => window.parent.postMessage({ protocol: PROTOCOL, ...message }, parentOrigin);
  for (const name of ['ready', 'change', 'complete', 'error']) {
    root.addEventListener(`retro-auth:${name}`, (event) => {
      post({ messageId: newId(), messageType: name, payload: event.detail });
    });
  }
  if ('ResizeObserver' in window) {
    let lastHeight = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height !== lastHeight) {
        lastHeight = height;
        post({ messageId: newId(), messageType: 'resize', payload: { height } });
      }
    }).observe(document.body);
  }
  return { handle, parentOrigin };
}

const started = decision.then((origin) => {
  if (!origin) {
    refuse();
    return null;
  }
  return start(origin).catch(() => {
    notice('embed-failed', 'retroauth could not start in this page.');
    return null;
  });
});

async function answer(handle, messageType, payload) {
  switch (messageType) {
    case 'handshake':
      return { protocol: PROTOCOL, ready: true };
    case 'prefill':
      handle.prefill(payload);
      return { ok: true };
    case 'validate':
      return handle.validate();
    case 'generatePdf':
      return handle.generatePdf();
    case 'reset':
      handle.reset();
      return { ok: true };
    default:
      throw Object.assign(new Error('unknown messageType'), { code: 'unknown_message_type' });
  }
}

// Listening starts at once, so a handshake sent while the allow-list loads is not lost.
window.addEventListener('message', async (event) => {
  if (!framed || event.source !== window.parent) return;
  const message = event.data;
  if (!message || typeof message !== 'object' || message.protocol !== PROTOCOL
      || typeof message.messageId !== 'string' || typeof message.messageType !== 'string') return;
  if (!isAllowed(event.origin, await allowedPromise)) return;
  // Where the browser does not report the parent's origin, an allowed handshake decides.
  if (message.messageType === 'handshake' && reportedParentOrigin() === null) decide(event.origin);
  const app = await started;
  if (!app || event.origin !== app.parentOrigin) return;
  let payload;
  try {
    payload = await answer(app.handle, message.messageType, message.payload);
  } catch (error) {
    payload = { error: { code: (error && error.code) || 'failed', message: String((error && error.message) || 'failed') } };
  }
  event.source.postMessage({
    protocol: PROTOCOL, messageId: newId(), responseToMessageId: message.messageId, messageType: 'response', payload,
  }, app.parentOrigin);
});

const allowed = await allowedPromise;
const reported = reportedParentOrigin();
if (!framed) decide(null);
else if (reported !== null) decide(isAllowed(reported, allowed) ? reported : null);
else notice('embed-waiting', 'retroauth is waiting for the portal to connect.');
