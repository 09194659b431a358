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
// Only the origin named in the fragment AND listed in embed-origins.json (a file of this app, not
// a parameter) is answered, and only when the message comes from window.parent. Replies go to that
// exact origin, never "*". Anything else is ignored without a reply. No patient data goes into the URL.
import init, { mount } from './retroauth-web.js';

const PROTOCOL = 'retro-auth/1';

async function allowedParentOrigin() {
  const requested = new URLSearchParams(window.location.hash.slice(1)).get('parentOrigin');
  if (!requested || window.parent === window) return null;
  try {
    const response = await fetch('./embed-origins.json', { cache: 'no-store' });
    const config = await response.json();
    const allowed = Array.isArray(config.allowedOrigins) ? config.allowedOrigins : [];
    return allowed.includes(requested) ? requested : null;
  } catch {
    return null;
  }
}

function newId() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

const parentOrigin = await allowedParentOrigin();
await init();
const root = document.getElementById('app');
const handle = mount(root, { mode: 'widget' });

function post(message) {
  if (parentOrigin) window.parent.postMessage({ protocol: PROTOCOL, ...message }, parentOrigin);
}

for (const name of ['ready', 'change', 'complete', 'error']) {
  root.addEventListener(`retro-auth:${name}`, (event) => {
    post({ messageId: newId(), messageType: name, payload: event.detail });
  });
}
if (parentOrigin && 'ResizeObserver' in window) {
  let lastHeight = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ messageId: newId(), messageType: 'resize', payload: { height } });
    }
  }).observe(document.body);
}

async function answer(messageType, payload) {
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

window.addEventListener('message', async (event) => {
  if (!parentOrigin || event.origin !== parentOrigin || event.source !== window.parent) return;
  const message = event.data;
  if (!message || typeof message !== 'object' || message.protocol !== PROTOCOL
      || typeof message.messageId !== 'string' || typeof message.messageType !== 'string') return;
  let payload;
  try {
    payload = await answer(message.messageType, message.payload);
  } catch (error) {
    payload = { error: { code: (error && error.code) || 'failed', message: String((error && error.message) || 'failed') } };
  }
  event.source.postMessage({
    protocol: PROTOCOL, messageId: newId(), responseToMessageId: message.messageId, messageType: 'response', payload,
  }, event.origin);
});
