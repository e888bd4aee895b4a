// The Web Worker of lossnb lite's kernel (lite/kernel): it runs Go's
// wasm_exec.js and the lossnb-lite runtime (cmd/lossnb-lite, the yaegi
// interpreter with lossnb compiled in), and talks to the kernel with
// messages:
//   in:  {type: 'run', code} | {type: 'complete', id, code, cursor}
//   out: {type: 'ready'} | {type: 'failed', message}
//        {type: 'stream', name: 'stdout'|'stderr', text}
//        {type: 'display', data: {mime: data}}
//        {type: 'reply', reply: {status, ename, evalue, line}}
//        {type: 'completed', id, matches, cursor_start, cursor_end}
// The runtime is fetched gzip-compressed (lossnb-lite.wasm.gz) and inflated
// here with DecompressionStream, so that any static host (or a folder
// served by `python3 -m http.server`) sends 13 MB, not 55.
/* global Go, lossnbLite */
importScripts('wasm_exec.js');

const decoders = { 1: new TextDecoder('utf-8'), 2: new TextDecoder('utf-8') };
globalThis.fs.writeSync = (fd, buf) => {
  const text = (decoders[fd] || decoders[1]).decode(buf, { stream: true });
  if (text) postMessage({ type: 'stream', name: fd === 2 ? 'stderr' : 'stdout', text });
  return buf.length;
};
globalThis.lossnbDisplay = (json) => postMessage({ type: 'display', data: JSON.parse(json) });

let queue = Promise.resolve();

async function start() {
  const ready = new Promise((resolve) => { globalThis.lossnbReady = resolve; });
  const res = await fetch('lossnb-lite.wasm.gz');
  if (!res.ok) throw new Error(`lossnb-lite.wasm.gz: HTTP ${res.status}`);
  // A host that labels .gz files Content-Encoding: gzip (some Apache
  // set-ups) has the browser inflate it already: look at the magic number.
  let wasm = await res.arrayBuffer();
  const head = new Uint8Array(wasm, 0, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    wasm = await new Response(new Blob([wasm]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance).then(() => postMessage({ type: 'failed', message: 'the lossnb lite runtime exited' }));
  await ready;
  postMessage({ type: 'ready' });
}

const started = start().catch((e) => postMessage({ type: 'failed', message: String(e && e.message || e) }));

onmessage = (e) => {
  const m = e.data;
  if (m.type === 'complete') {
    started.then(() => {
      const c = lossnbLite.complete(m.code, m.cursor) || { matches: [], cursor_start: m.cursor, cursor_end: m.cursor };
      postMessage({ type: 'completed', id: m.id, matches: [...c.matches], cursor_start: c.cursor_start, cursor_end: c.cursor_end });
    });
    return;
  }
  if (m.type !== 'run') return;
  queue = queue.then(async () => {
    await started;
    let reply;
    try {
      reply = await lossnbLite.run(m.code);
    } catch (err) {
      reply = { status: 'error', ename: 'Error', evalue: String(err && err.message || err), line: 0 };
    }
    postMessage({ type: 'reply', reply: { ...reply } });
  });
};
