// The demo portal's own script: drives both embedding modes and logs what comes back.
// It logs event names and counts only (never case contents), as a portal should.
const SAMPLE_URL = './embed-sample-case.json';
const log = (text) => {
  const item = document.createElement('li');
  item.textContent = text;
  document.getElementById('log').append(item);
};
const summarize = (detail) => JSON.stringify(detail, (key, value) => (value instanceof Blob ? `Blob(${value.type}, ${value.size} bytes)` : value));

async function sample() {
  const response = await fetch(SAMPLE_URL);
  return response.json();
}

// 1. The custom element.
const widget = document.getElementById('widget');
for (const name of ['ready', 'change', 'complete', 'error']) {
  widget.addEventListener(`retro-auth:${name}`, (event) => log(`element ${name} ${summarize(event.detail)}`));
}
document.getElementById('ce-prefill').addEventListener('click', async () => { widget.prefill = await sample(); });
document.getElementById('ce-validate').addEventListener('click', async () => log(`element validate ${summarize(await widget.validate())}`));
document.getElementById('ce-generate').addEventListener('click', async () => log(`element generatePdf ${summarize(await widget.generatePdf())}`));
document.getElementById('ce-reset').addEventListener('click', () => widget.reset());

// 2. The iframe. ?app=<origin> points at the retroauth host (default: this origin, which the
// shipped embed-origins.json allows with its "self" entry).
const appOrigin = new URLSearchParams(window.location.search).get('app') || window.location.origin;
const frame = document.getElementById('frame');
frame.src = `${appOrigin}/embed.html#parentOrigin=${encodeURIComponent(window.location.origin)}`;
const pending = new Map();
let counter = 0;
function request(messageType, payload) {
  const messageId = `demo-${++counter}`;
  frame.contentWindow.postMessage({ protocol: 'retro-auth/1', messageId, messageType, payload }, appOrigin);
  return new Promise((resolve) => pending.set(messageId, resolve));
}
window.addEventListener('message', (event) => {
  if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
  const message = event.data;
  if (!message || message.protocol !== 'retro-auth/1') return;
  if (message.messageType === 'response') {
    const resolve = pending.get(message.responseToMessageId);
    pending.delete(message.responseToMessageId);
    if (resolve) resolve(message.payload);
    return;
  }
  log(`iframe ${message.messageType} ${summarize(message.payload)}`);
  if (message.messageType === 'resize') frame.style.height = `${Math.min(Math.max(message.payload.height, 400), 1600)}px`;
});
// Connect when the frame has loaded: browsers that do not report a frame's ancestors
// (location.ancestorOrigins) mount the app only after this handshake from an allowed origin.
frame.addEventListener('load', async () => log(`iframe handshake ${summarize(await request('handshake'))}`));
document.getElementById('if-prefill').addEventListener('click', async () => log(`iframe prefill ${summarize(await request('prefill', await sample()))}`));
document.getElementById('if-validate').addEventListener('click', async () => log(`iframe validate ${summarize(await request('validate'))}`));
document.getElementById('if-generate').addEventListener('click', async () => log(`iframe generatePdf ${summarize(await request('generatePdf'))}`));
window.retroauthDemo = { request };
