// Random texts and ops for the tests (seeded, so a failure can be replayed).
import type { TextOp } from './text-ot.ts';

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'b', 'c', ' ', '\n', 'é', '😀', '𝄞', '中'];

export function randomString(r: () => number, max: number): string {
  const n = Math.floor(r() * (max + 1));
  let s = '';
  for (let i = 0; i < n; i++) {
    s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  }
  return s;
}

/** A random valid op on a text of {@code len} code points (not necessarily normalized). */
export function randomOp(r: () => number, len: number): TextOp {
  const op: TextOp = [];
  let left = len;
  while (left > 0 || r() < 0.3) {
    const k = r();
    if (k < 0.25) {
      op.push(randomString(r, 3));
    } else if (left === 0) {
      break;
    } else {
      const n = 1 + Math.floor(r() * Math.min(left, 5));
      op.push(k < 0.6 ? n : -n);
      left -= n;
    }
  }
  return op;
}

