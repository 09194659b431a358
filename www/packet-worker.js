// The packet engine's Web Worker: loads the retroauth-packet Wasm module (printpdf + fonts)
// and builds PDF packets off the main thread. Started on first use by src/web/packet_client.rs.
// It fetches only its own module files and, when the text contains CJK characters, the CJK
// font (fonts/WenQuanYiMicroHei.ttf), all from the same origin. It never logs: error texts
// come from the Rust core and carry no patient data.
import init, { build_packet } from './retroauth-packet.js';

const ready = init();
const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;
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

self.onmessage = async (event) => {
  const { id, caseJson, letter, today, pageSize, attachments } = event.data || {};
  try {
    await ready;
    let font;
    try {
      font = await fontFor(`${caseJson}${letter}`);
    } catch {
      font = undefined; // Offline without the font: CJK characters are reported, not lost.
    }
    const result = build_packet(caseJson, letter, today, pageSize, attachments || [], font);
    self.postMessage({ id, ok: true, result }, [result.bytes.buffer]);
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'the packet could not be built';
    self.postMessage({ id, ok: false, error: message });
  }
};
