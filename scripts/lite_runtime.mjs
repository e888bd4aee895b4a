// Loads the lossnb lite runtime (cmd/lossnb-lite built for GOOS=js
// GOARCH=wasm) in Node, as the JupyterLite kernel's Web Worker does in a
// browser: Go's wasm_exec.js, globalThis.fs.writeSync replaced to capture
// what cells print, globalThis.lossnbDisplay to capture what they show.
//
//   const rt = await startRuntime('build/lite/…/lossnb-lite.wasm', 'wasm_exec.js')
//   const {reply, stdout, stderr, displays} = await rt.run('%%\nfmt.Println(1)')
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export async function startRuntime(wasmPath, wasmExecPath, env = {}) {
  // wasm_exec.js is a classic script: it sets globalThis.Go, and a stub
  // globalThis.fs (Node has no global fs) whose writeSync we replace.
  createRequire(import.meta.url)(wasmExecPath);
  const decoder = new TextDecoder('utf-8');
  let sink = null;
  globalThis.fs.writeSync = (fd, buf) => {
    const text = decoder.decode(buf);
    if (sink) (fd === 2 ? sink.stderr : sink.stdout).push(text);
    else process.stderr.write(text);
    return buf.length;
  };
  globalThis.lossnbDisplay = (json) => { if (sink) sink.displays.push(JSON.parse(json)); };
  const ready = new Promise((resolve) => { globalThis.lossnbReady = resolve; });
  const go = new globalThis.Go();
  go.env = { ...go.env, ...env };
  const t0 = performance.now();
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
  const exited = go.run(instance);
  await Promise.race([ready, exited.then(() => { throw new Error('lossnb-lite exited before it was ready'); })]);
  const startMs = performance.now() - t0;
  return {
    startMs,
    async run(code) {
      sink = { stdout: [], stderr: [], displays: [] };
      const t = performance.now();
      const reply = await globalThis.lossnbLite.run(code);
      const ms = performance.now() - t;
      const out = { reply: { ...reply }, stdout: sink.stdout.join(''), stderr: sink.stderr.join(''), displays: sink.displays, ms };
      sink = null;
      return out;
    },
  };
}
