// The packet engine's Web Worker: loads the retroauth-packet Wasm module (printpdf + fonts)
// and builds PDF packets off the main thread. Started on first use by src/web/packet_client.rs.
// It fetches only its own module files and, when the text contains CJK characters, the CJK
// font (fonts/WenQuanYiMicroHei.ttf), all from the same origin (the service worker keeps the
// font for offline use). It never logs: error texts come from the Rust core and carry no
// patient data.
//
// Messages: `{id, op: 'build', caseJson, letter, today, pageSize, attachments}` builds a packet
// (`op` may be left out); `{id, op: 'inspect', name, bytes}` checks one attachment as the build
// will. Answers: `{id, ok: true, result}` or `{id, ok: false, error}`.
import init, { build_packet, inspect_attachment } from './retroauth-packet.js';

const ready = init();
// The characters the CJK font is for: the same ranges as `is_cjk` in src/core/packet/mod.rs.
const CJK = /[\u1100-\u11FF\u2E80-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\uD840-\uD8BF][\uDC00-\uDFFF]/;
let cjkFont = null;

async function fontFor(text) {
  if (!CJK.test(text)) return undefined;
  if (!cjkFont) {
    const response = await fetch(new URL('./fonts/WenQuanYiMicroHei.ttf', import.meta.url));
    if (!response.ok) return undefined;
    cjkFont = new Uint8Array(await response.arrayBuffer());
  }
  return cjkFont;
}

async function build({ caseJson, letter, today, pageSize, attachments }) {
  let font;
  try {
    font = await fontFor(`${caseJson}${letter}${(attachments || []).map((a) => a && a.name).join('')}`);
  } catch {
    // Offline without the font: the engine refuses to print CJK text as boxes and says why.
    font = undefined;
  }
  return build_packet(caseJson, letter, today, pageSize, attachments || [], font);
}

self.onmessage = async (event) => {
  const data = event.data || {};
  const { id } = data;
  try {
    await ready;
    if (data.op === 'inspect') {
      const result = inspect_attachment(data.name || '', data.bytes || new Uint8Array());
      self.postMessage({ id, ok: true, result });
      return;
    }
    const result = await build(data);
    self.postMessage({ id, ok: true, result }, [result.bytes.buffer]);
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'the packet could not be built';
    self.postMessage({ id, ok: false, error: message });
  }
};
