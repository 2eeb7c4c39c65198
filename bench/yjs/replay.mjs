// Replays a sequential editing trace (testdata/editing-traces, format in its README.md) into a Yjs Y.Text,
// one Yjs transaction per patch, and prints one JSON line with the timings. The reference point for Tandem's
// collaboration-core benchmark (docs/performance.md); CoreVsYjsBenchmark runs it in the same `bench` run.
//
//   node replay.mjs [--trace FILE] [--warmup N] [--runs N]
//
// Defaults: the automerge-paper trace in the repository's testdata/editing-traces (or TANDEM_TRACES_DIR),
// 3 warm-up replays, then 7 measured. Each replay builds a fresh Y.Doc; timed is the replay alone (the trace is
// parsed once, before). Exit code 1 when the final text differs from endContent.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as Y from 'yjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

function parseArgs(argv) {
  const traces = process.env.TANDEM_TRACES_DIR ?? resolve(repoRoot, 'testdata', 'editing-traces');
  const args = {
    trace: resolve(traces, 'automerge-paper.json.gz'),
    warmup: 3,
    runs: 7,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--trace') args.trace = resolve(value);
    else if (key === '--warmup') args.warmup = Number.parseInt(value, 10);
    else if (key === '--runs') args.runs = Number.parseInt(value, 10);
    else throw new Error(`unknown option ${key}`);
  }
  if (!(args.warmup >= 0) || !(args.runs >= 1)) throw new Error('--warmup >= 0 and --runs >= 1');
  return args;
}

function loadTrace(file) {
  const trace = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  if (trace.kind === 'concurrent') throw new Error(`${file}: concurrent traces are not supported here`);
  // Trace positions are code points, Y.Text indexes UTF-16 units: identical unless a patch or the result holds a
  // character outside the BMP. Flatten to one patch list and refuse such a trace rather than convert in the loop.
  const patches = [];
  const astral = /[\uD800-\uDFFF]/;
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      if (astral.test(ins)) throw new Error(`${file}: inserts characters outside the BMP; not supported`);
      patches.push([pos, del, ins]);
    }
  }
  if (astral.test(trace.endContent) || astral.test(trace.startContent ?? '')) {
    throw new Error(`${file}: text outside the BMP; not supported`);
  }
  return { startContent: trace.startContent ?? '', endContent: trace.endContent, txns: trace.txns.length, patches };
}

/** One replay into a fresh document: one transaction per patch. Returns the final text. */
function replay(trace) {
  const doc = new Y.Doc();
  const text = doc.getText('text');
  if (trace.startContent.length > 0) text.insert(0, trace.startContent);
  const patches = trace.patches;
  for (let i = 0; i < patches.length; i++) {
    const [pos, del, ins] = patches[i];
    doc.transact(() => {
      if (del > 0) text.delete(pos, del);
      if (ins.length > 0) text.insert(pos, ins);
    });
  }
  const result = text.toString();
  doc.destroy();
  return result;
}

function yjsVersion() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('yjs/package.json'), 'utf8')).version;
}

const args = parseArgs(process.argv.slice(2));
const trace = loadTrace(args.trace);

for (let i = 0; i < args.warmup; i++) {
  if (replay(trace) !== trace.endContent) {
    console.error('warm-up replay: final text differs from endContent');
    process.exit(1);
  }
}
const runsMillis = [];
let finalText = '';
for (let i = 0; i < args.runs; i++) {
  const t0 = process.hrtime.bigint();
  finalText = replay(trace);
  runsMillis.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const sorted = [...runsMillis].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const matches = finalText === trace.endContent;
console.log(JSON.stringify({
  benchmark: 'yjs-replay',
  yjs: yjsVersion(),
  node: process.version,
  trace: args.trace.split('/').pop().replace(/\.json\.gz$/, ''),
  txns: trace.txns,
  patches: trace.patches.length,
  transactionsPerReplay: trace.patches.length,
  finalLength: finalText.length,
  matchesEndContent: matches,
  warmupRuns: args.warmup,
  measuredRuns: args.runs,
  medianMillis: median,
  bestMillis: sorted[0],
  patchesPerSecond: Math.round(trace.patches.length / (median / 1e3)),
  runsMillis,
}));
process.exit(matches ? 0 : 1);
