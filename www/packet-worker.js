// The packet engine's Web Worker: loads the retroauth-packet Wasm module (printpdf + fonts)
// and builds PDF packets off the main thread. Loaded on first use by src/web/packet_client.rs.
// It makes no requests other than fetching its own module files from the same origin, and
// never logs: error texts come from the Rust core and carry no patient data.
import init, { build_packet } from './retroauth-packet.js';

const ready = init();

self.onmessage = async (event) => {
  const { id, caseJson, letter, today, pageSize } = event.data || {};
  try {
    await ready;
    const result = build_packet(caseJson, letter, today, pageSize);
    self.postMessage({ id, ok: true, result }, [result.bytes.buffer]);
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'the packet could not be built';
    self.postMessage({ id, ok: false, error: message });
  }
};
