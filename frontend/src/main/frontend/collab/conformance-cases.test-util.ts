// Shared cases of contract 1 that the TypeScript (text-ot.ts) and Java (collab core TextOp) implementations must
// both reproduce exactly. Written to frontend/src/test/resources/collab/text-ot-cases.json by
//   node frontend/src/main/frontend/collab/conformance-cases.test-util.ts > frontend/src/test/resources/collab/text-ot-cases.json
// and checked by conformance.test.ts (TypeScript) and TextOpConformanceTest (Java).
import { apply, compose, cpLength, invert, normalize, transformX } from './text-ot.ts';
import type { TextOp } from './text-ot.ts';
import { randomOp, randomString, rng } from './random-ops.test-util.ts';

export interface Case {
  text: string;
  /** concurrent ops on text; b was sequenced first */
  a: TextOp;
  b: TextOp;
  /** transform: a after b, b after a (normalized) */
  aPrime: TextOp;
  bPrime: TextOp;
  /** the converged text */
  result: string;
  /** c applies after a; compose(a, c) */
  c: TextOp;
  aThenC: TextOp;
  /** invert(a, text) */
  aInverse: TextOp;
}

export function makeCases(count: number): Case[] {
  const cases: Case[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const r = rng(seed * 7919);
    const text = randomString(r, 10);
    const a = normalize(randomOp(r, cpLength(text)));
    const b = normalize(randomOp(r, cpLength(text)));
    const [aPrime, bPrime] = transformX(a, b);
    const afterA = apply(text, a);
    const c = normalize(randomOp(r, cpLength(afterA)));
    cases.push({
      text, a, b, aPrime, bPrime, result: apply(apply(text, b), aPrime), c, aThenC: compose(a, c),
      aInverse: invert(a, text),
    });
  }
  return cases;
}

if (import.meta.main) {
  process.stdout.write(JSON.stringify(makeCases(400), null, 0).replace(/\},\{/g, '},\n{') + '\n');
}
