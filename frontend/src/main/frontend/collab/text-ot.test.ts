// Unit tests of the text OT (contract 1). Run: node --test frontend/src/main/frontend/collab/ (Node >= 24).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apply, baseLength, compose, cpLength, cpSlice, diff, invert, normalize, targetLength, transform, transformPosition,
  transformX,
} from './text-ot.ts';
import type { TextOp } from './text-ot.ts';
import { randomOp, randomString, rng } from './random-ops.test-util.ts';

test('the contract example: hello -> help!', () => {
  assert.equal(apply('hello', [3, -2, 'p!']), 'help!');
  assert.deepEqual(diff('hello', 'help!'), [3, 'p!', -2]);
  assert.deepEqual(normalize([3, -2, 'p!']), [3, 'p!', -2]);
});

test('lengths count code points, not UTF-16 units', () => {
  assert.equal(cpLength('a😀b'), 3);
  assert.equal(apply('a😀b', [1, -1, '𝄞', 1]), 'a𝄞b');
  assert.equal(cpSlice('a😀b中', 1, 3), '😀b');
  assert.throws(() => apply('a😀b', [4]));
  assert.deepEqual(diff('x😀y', 'x😁y'), [1, '😁', -1, 1]);
});

test('an op whose span differs from the text is rejected', () => {
  assert.throws(() => apply('abc', [2]));
  assert.throws(() => apply('abc', [2, -2]));
  assert.throws(() => apply('abc', [1.5, 1.5]));
  assert.throws(() => apply('abc', [{} as unknown as number]));
});

test('normalize drops zeros and empty strings, merges, and puts inserts before deletes', () => {
  assert.deepEqual(normalize([0, 2, 1, '', 'a', 'b', -1, -2, 'c', 0, 3]), [3, 'abc', -3, 3]);
  assert.deepEqual(normalize([-1, 'x']), ['x', -1]);
  assert.deepEqual(normalize([]), []);
});

test('tie rule: the sequenced insert stays left', () => {
  const sequenced: TextOp = [1, 'S', 1];
  const incoming: TextOp = [1, 'I', 1];
  assert.equal(apply(apply('ab', sequenced), transform(incoming, sequenced)), 'aSIb');
  const [a1, b1] = transformX(incoming, sequenced);
  assert.equal(apply(apply('ab', incoming), b1), 'aSIb');
  assert.equal(apply(apply('ab', sequenced), a1), 'aSIb');
});

test('concurrent deletes of the same range delete once', () => {
  const [a1, b1] = transformX([1, -2, 1], [2, -2]);
  assert.equal(apply(apply('abcd', [1, -2, 1]), b1), 'a');
  assert.equal(apply(apply('abcd', [2, -2]), a1), 'a');
});

test('TP1 holds for random concurrent ops', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const s = randomString(r, 12);
    const a = randomOp(r, cpLength(s));
    const b = randomOp(r, cpLength(s));
    const [a1, b1] = transformX(a, b);
    assert.equal(apply(apply(s, a), b1), apply(apply(s, b), a1), `seed ${seed}: ${JSON.stringify({ s, a, b })}`);
    assert.equal(baseLength(a1), targetLength(b));
    assert.deepEqual(transform(a, b), a1);
  }
});

test('compose is apply-then-apply, and results are normalized', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const s = randomString(r, 12);
    const a = randomOp(r, cpLength(s));
    const t = apply(s, a);
    const b = randomOp(r, cpLength(t));
    const ab = compose(a, b);
    assert.equal(apply(s, ab), apply(t, b), `seed ${seed}`);
    assert.deepEqual(normalize(ab), ab);
  }
});

test('invert undoes, and diff produces the change', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const s = randomString(r, 12);
    const a = randomOp(r, cpLength(s));
    const t = apply(s, a);
    assert.equal(apply(t, invert(a, s)), s, `seed ${seed}`);
    const d = diff(s, t);
    assert.equal(apply(s, d), t);
    assert.deepEqual(normalize(d), d);
    const caret = Math.floor(r() * (t.length + 1));
    const dc = diff(s, t, caret);
    assert.equal(apply(s, dc), t, `seed ${seed} caret ${caret}`);
    assert.deepEqual(normalize(dc), dc);
  }
});

test('diff uses the caret to place an ambiguous insert', () => {
  // typing "a" between the two a's of "aa": the caret ends at 2
  assert.deepEqual(diff('aa', 'aaa', 2), [1, 'a', 1]);
  assert.deepEqual(diff('aa', 'aaa', 1), ['a', 2]);
  assert.deepEqual(diff('aa', 'aaa', 3), [2, 'a']);
  assert.deepEqual(diff('aa', 'aaa'), [2, 'a']);
  // backspace of the first of three b's, caret then at 1
  assert.deepEqual(diff('abbb', 'abb', 1), [1, -1, 2]);
});

test('positions move through inserts and deletes', () => {
  assert.equal(transformPosition(2, [1, 'xy', 3]), 4);
  assert.equal(transformPosition(1, [1, 'xy', 3]), 3);
  assert.equal(transformPosition(1, [1, 'xy', 3], true), 1);
  assert.equal(transformPosition(3, [1, -3, 1]), 1);
  assert.equal(transformPosition(0, [-2, 2]), 0);
  assert.equal(transformPosition(4, [-2, 2]), 2);
});
