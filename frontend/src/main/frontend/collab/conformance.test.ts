// The shared contract-1 cases (also checked against the Java core by TextOpConformanceTest) hold here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeCases } from './conformance-cases.test-util.ts';
import type { Case } from './conformance-cases.test-util.ts';

const FILE = new URL('../../../test/resources/collab/text-ot-cases.json', import.meta.url);

test('the committed cases are exactly what this implementation computes', () => {
  const committed = JSON.parse(readFileSync(FILE, 'utf8')) as Case[];
  assert.equal(committed.length, 400);
  assert.deepEqual(makeCases(committed.length), committed);
});
