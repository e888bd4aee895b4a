// node scripts/lite_bench.mjs: times of the lossnb lite runtime in Node (the
// WebAssembly build, build/lite-wasm/): start-up, a hello cell, a chart cell
// with and without its PNG twin, and a student's loop over 10⁶ points
// interpreted against the same sum done by compiled lossnb code in the same
// run (loss.MSE). Medians; it prints ratios and asserts nothing.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRuntime } from './lite_runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WASM = join(ROOT, 'build/lite-wasm/lossnb-lite.wasm');
const WASM_EXEC = join(ROOT, 'build/lite-wasm/wasm_exec.js');
const N = +(process.env.N || 7);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === 'child') {
  // One configuration per process: a Go program owns the globals it sets.
  const rt = await startRuntime(WASM, WASM_EXEC, process.argv[3] === 'nopng' ? { LOSSNB_LITE_NOPNG: '1' } : {});
  const must = async (code) => {
    const r = await rt.run(code);
    if (r.reply.status !== 'ok') throw new Error(`${code}: ${r.reply.evalue} ${r.stderr}`);
    return r;
  };
  await must('import (\n"github.com/lossnb/lossnb/lossnb/nb"\n"github.com/lossnb/lossnb/lossnb/lesson/keyidea"\n"github.com/lossnb/lossnb/lossnb/loss"\n)');
  const time = async (code) => { const ms = []; for (let i = 0; i < N; i++) ms.push((await must(code)).ms); return median(ms); };
  const out = { startMs: rt.startMs };
  out.hello = await time('%%\nfmt.Println("hello")');
  out.chart = await time('%%\nnb.Show(nb.Must(keyidea.KeyIdea(keyidea.Deltas, 0.5)))');
  if (process.argv[3] !== 'nopng') {
    await must('var xs, zs = make([]float64, 1000000), make([]float64, 1000000)');
    await must('%%\nfor i := range xs { xs[i] = float64(i) * 1e-6 }');
    out.loop = await time('%%\ns := 0.0\nfor _, x := range xs { s += x * x }\n_ = s / float64(len(xs))');
    out.calls = await time('%%\ns := 0.0\nsq := loss.Squared{}\nfor _, x := range xs { s += sq.Value(x) }\n_ = s');
    out.compiled = await time('%%\n_ = nb.Must(loss.MSE(xs, zs))');
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const run = (mode) => {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};
const a = run('png'), b = run('nopng');
const f = (x) => `${x.toFixed(0)} ms`;
console.log(`runtime start (instantiate + session): ${f(a.startMs)}`);
console.log(`hello cell: ${f(a.hello)}`);
console.log(`chart cell (01's first chart): ${f(a.chart)} with its PNG twin, ${f(b.chart)} without (${(a.chart / a.hello).toFixed(1)}× and ${(b.chart / b.hello).toFixed(1)}× the hello cell)`);
console.log(`10⁶-point loop: interpreted ${f(a.loop)}, compiled (loss.MSE, same wasm) ${f(a.compiled)}: ${(a.loop / a.compiled).toFixed(0)}× slower`);
console.log(`10⁶ calls of a compiled method from an interpreted loop (loss.Squared{}.Value): ${f(a.calls)}, ${(a.calls / a.compiled).toFixed(0)}× loss.MSE`);
