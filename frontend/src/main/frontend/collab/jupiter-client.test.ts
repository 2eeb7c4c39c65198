// The Jupiter client against a tiny in-memory sequencer. Run: node --test (Node >= 24).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, cpLength, transform, transformPosition } from './text-ot.ts';
import type { TextOp } from './text-ot.ts';
import { JupiterClient } from './jupiter-client.ts';
import type { SequencedEntry, Submission } from './jupiter-client.ts';
import { randomOp, rng } from './random-ops.test-util.ts';

interface Logged {
  rev: number;
  clientId: string;
  clientSeq: number;
  op: TextOp;
}

/** The server side of contract 1: transform against everything sequenced since baseRev, dedup by clientSeq. */
class Sequencer {
  text: string;
  readonly log: Logged[] = [];
  private readonly seen = new Map<string, number>();

  constructor(text: string) {
    this.text = text;
  }

  get rev(): number {
    return this.log.length;
  }

  /** Returns the new entry, or null for a duplicate (already sequenced: the original ack stands). */
  submit(clientId: string, s: Submission): Logged | null {
    const last = this.seen.get(clientId) ?? 0;
    if (s.clientSeq <= last) {
      return null;
    }
    assert.equal(s.clientSeq, last + 1, 'a client sends its ops in order');
    let op = s.op;
    for (const e of this.log.slice(s.baseRev)) {
      op = transform(op, e.op);
    }
    this.text = apply(this.text, op);
    this.seen.set(clientId, s.clientSeq);
    const entry = { rev: this.log.length + 1, clientId, clientSeq: s.clientSeq, op };
    this.log.push(entry);
    return entry;
  }
}

/** One simulated browser: a client, its uplink (submissions) and downlink (sequenced entries). */
class Peer {
  readonly up: Submission[] = [];
  readonly down: Logged[] = [];
  readonly client: JupiterClient;
  readonly typed: string[] = [];
  selection = { anchor: 0, head: 0 };

  readonly id: string;

  constructor(id: string, text: string) {
    this.id = id;
    this.client = new JupiterClient(text, 0, s => this.up.push(s));
  }

  entry(e: Logged): SequencedEntry {
    return { rev: e.rev, mine: e.clientId === this.id, clientSeq: e.clientSeq, op: e.op };
  }
}

function converge(seed: number, steps: number, withDrops: boolean): void {
  const r = rng(seed);
  const server = new Sequencer('hello world');
  const peers = [new Peer('A', server.text), new Peer('B', server.text)];
  const deliverDown = (p: Peer) => {
    const e = p.down.shift()!;
    const out = p.client.receive(p.entry(e), p.selection);
    if (out?.selection) {
      p.selection = out.selection;
    }
  };
  const deliverUp = (p: Peer) => {
    const s = p.up.shift()!;
    const e = server.submit(p.id, s);
    if (e) {
      for (const q of peers) {
        q.down.push(e);
      }
    }
  };
  for (let i = 0; i < steps; i++) {
    const p = peers[Math.floor(r() * peers.length)];
    const k = r();
    if (k < 0.4) {
      const op = randomOp(r, cpLength(p.client.text));
      p.client.local(op);
      p.selection = { anchor: transformPosition(p.selection.anchor, op), head: transformPosition(p.selection.head, op) };
    } else if (k < 0.65 && p.up.length > 0) {
      deliverUp(p);
    } else if (k < 0.9 && p.down.length > 0) {
      deliverDown(p);
    } else if (withDrops && k < 0.95 && p.up.length > 0) {
      // connection lost: what was on the wire is gone; on reconnect the client re-sends its in-flight op
      p.up.length = 0;
      p.client.resend();
    } else if (withDrops && p.client.inflight !== null) {
      // a spurious resend (the first copy did arrive): the server must apply it once
      p.client.resend();
    }
  }
  // quiesce: deliver everything, repeatedly (acks release buffered ops)
  for (let guard = 0; peers.some(p => p.up.length > 0 || p.down.length > 0 || p.client.pending); guard++) {
    assert.ok(guard < 100_000, 'quiesces');
    for (const p of peers) {
      while (p.up.length > 0) {
        deliverUp(p);
      }
      while (p.down.length > 0) {
        deliverDown(p);
      }
      if (p.client.pending && p.up.length === 0 && p.down.length === 0 && withDrops) {
        p.client.resend();
      }
    }
  }
  for (const p of peers) {
    assert.equal(p.client.text, server.text, `seed ${seed}: peer ${p.id} converges`);
    assert.equal(p.client.rev, server.rev);
    assert.ok(p.selection.anchor <= cpLength(p.client.text));
  }
}

test('two clients and a sequencer converge under random interleavings', () => {
  for (let seed = 1; seed <= 400; seed++) {
    converge(seed, 200, false);
  }
});

test('they converge when submissions are lost and re-sent with the same clientSeq', () => {
  for (let seed = 1; seed <= 400; seed++) {
    converge(seed, 200, true);
  }
});

test('typing at the same spot: the sequenced insert stays left, nothing typed is lost', () => {
  const server = new Sequencer('ab');
  const sentA: Submission[] = [];
  const sentB: Submission[] = [];
  const a = new JupiterClient('ab', 0, s => sentA.push(s));
  const b = new JupiterClient('ab', 0, s => sentB.push(s));
  a.local([1, 'X', 1]);
  a.local([2, 'Y', 1]); // buffered behind the in-flight X
  b.local([1, 'Z', 1]);
  const eb = server.submit('B', sentB.shift()!)!; // B is sequenced first
  const ea = server.submit('A', sentA.shift()!)!;
  assert.equal(server.text, 'aZXb');
  // A sees B's op while X and Y are pending: remote insert first, A's text kept
  const out = a.receive({ rev: eb.rev, clientSeq: eb.clientSeq, op: eb.op }, { anchor: 3, head: 3 });
  assert.equal(a.text, 'aZXYb');
  assert.deepEqual(out?.selection, { anchor: 4, head: 4 });
  a.receive({ rev: ea.rev, mine: true, clientSeq: ea.clientSeq, op: ea.op });
  assert.equal(a.rev, 2);
  assert.equal(sentA.length, 1, 'the buffered Y is sent after the ack');
  assert.equal(sentA[0].baseRev, 2);
  const ey = server.submit('A', sentA.shift()!)!;
  b.receive({ rev: eb.rev, mine: true, clientSeq: eb.clientSeq, op: eb.op });
  b.receive({ rev: ea.rev, clientSeq: ea.clientSeq, op: ea.op });
  b.receive({ rev: ey.rev, clientSeq: ey.clientSeq, op: ey.op });
  a.receive({ rev: ey.rev, mine: true, clientSeq: ey.clientSeq, op: ey.op });
  assert.equal(server.text, 'aZXYb');
  assert.equal(a.text, server.text);
  assert.equal(b.text, server.text);
  assert.equal(a.pending, false);
});

test('revision advances, old entries and the own op of before a reset', () => {
  const sent: Submission[] = [];
  const c = new JupiterClient('abc', 5, s => sent.push(s));
  c.receive({ rev: 6 }); // a board op elsewhere
  assert.equal(c.rev, 6);
  c.local([3, 'd']);
  assert.deepEqual(sent, [{ clientSeq: 1, baseRev: 6, op: [3, 'd'] }]);
  assert.equal(c.receive({ rev: 6, op: ['x', 3] }), null, 'an entry at or below rev is old news');
  c.reset('abc', 6);
  // the op in flight before the reset gets sequenced: it is news to this view
  c.receive({ rev: 7, mine: true, clientSeq: 1, op: [3, 'd'] });
  assert.equal(c.text, 'abcd');
  c.local(['>', 4]);
  assert.equal(sent[1].clientSeq, 2, 'sequence numbers keep counting after a reset');
});
