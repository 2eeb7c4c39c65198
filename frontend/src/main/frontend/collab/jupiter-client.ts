/**
 * Client side of the Jupiter protocol for one text field (the ShareDB / ot.js op lifecycle).
 *
 * At most one op is in flight (sent, not yet sequenced); edits made meanwhile are composed into one buffered op.
 * Ops from the server arrive strictly in revision order: the client's own in-flight op (an ack), other
 * clients' ops (remote: transformed against the pending ops, remote insert first), and revision advances
 * (board ops that did not touch this field). Nothing typed is ever lost: pending ops survive remote ops and
 * disconnects, and {@link JupiterClient.resend} re-sends the in-flight op with the same clientSeq, which the
 * server deduplicates.
 */
import { apply, compose, isNoop, transformPosition, transformX } from './text-ot.ts';
import type { TextOp } from './text-ot.ts';

export interface Submission {
  clientSeq: number;
  baseRev: number;
  op: TextOp;
}

export interface Selection {
  anchor: number;
  head: number;
}

/** One entry of the sequenced stream as it concerns this field. */
export interface SequencedEntry {
  rev: number;
  /** true when the entry is this client's own op (same clientId). */
  mine?: boolean;
  clientSeq?: number;
  /** The text op as sequenced, or null/undefined when the board op did not touch this field. */
  op?: TextOp | null;
}

export type Sender = (submission: Submission) => void;

export class JupiterClient {
  /** The text including pending (unacknowledged) ops: what the user sees. */
  text: string;
  /** The last revision received from the server: base revision of the next submission. */
  rev: number;
  inflight: { seq: number; op: TextOp } | null = null;
  buffer: TextOp | null = null;
  nextSeq: number;
  private readonly send: Sender;

  constructor(text: string, rev: number, send: Sender, firstSeq = 1) {
    this.text = text;
    this.rev = rev;
    this.send = send;
    this.nextSeq = firstSeq;
  }

  /** True while some local edit is not yet acknowledged. */
  get pending(): boolean {
    return this.inflight !== null || this.buffer !== null;
  }

  /**
   * Starts over from a server state. Pending ops are dropped (their effect, if they are ever sequenced, arrives
   * as an ordinary op); clientSeq keeps counting up so an old in-flight op is never mistaken for a new one.
   */
  reset(text: string, rev: number): void {
    this.text = text;
    this.rev = rev;
    this.inflight = null;
    this.buffer = null;
  }

  /** A local edit, already visible to the user: {@code op} applies to {@link text}. */
  local(op: TextOp): void {
    if (isNoop(op)) {
      return;
    }
    this.text = apply(this.text, op);
    if (this.inflight === null) {
      this.inflight = { seq: this.nextSeq++, op };
      this.send({ clientSeq: this.inflight.seq, baseRev: this.rev, op });
    } else {
      this.buffer = this.buffer === null ? op : compose(this.buffer, op);
    }
  }

  /** The in-flight op was sequenced at {@code rev}. The buffered op, if any, is sent next. */
  ack(rev: number): void {
    if (this.inflight === null) {
      throw new Error('ack without an op in flight');
    }
    this.rev = rev;
    this.inflight = null;
    if (this.buffer !== null) {
      const op = this.buffer;
      this.buffer = null;
      this.inflight = { seq: this.nextSeq++, op };
      this.send({ clientSeq: this.inflight.seq, baseRev: this.rev, op });
    }
  }

  /**
   * Another client's op, sequenced at {@code rev}, against the text at {@code rev - 1}. Transforms the pending
   * ops (the remote insert stays first) and returns the op to apply to what the user sees, and the user's
   * selection moved through it.
   */
  remote(rev: number, op: TextOp, selection?: Selection): { op: TextOp; selection?: Selection } {
    let incoming = op;
    if (this.inflight !== null) {
      const [inflight, rest] = transformX(this.inflight.op, incoming);
      this.inflight = { seq: this.inflight.seq, op: inflight };
      incoming = rest;
    }
    if (this.buffer !== null) {
      const [buffer, rest] = transformX(this.buffer, incoming);
      this.buffer = buffer;
      incoming = rest;
    }
    this.text = apply(this.text, incoming);
    this.rev = rev;
    if (selection === undefined) {
      return { op: incoming };
    }
    return {
      op: incoming,
      selection: {
        anchor: transformPosition(selection.anchor, incoming),
        head: transformPosition(selection.head, incoming),
      },
    };
  }

  /** A board op that did not touch this field was sequenced at {@code rev}. */
  advance(rev: number): void {
    this.rev = rev;
  }

  /**
   * Applies one entry of the sequenced stream. Entries at or below the current revision are old (e.g. a batch
   * overlapping a fresh state) and are skipped. Returns the op to apply to the view, if any.
   */
  receive(entry: SequencedEntry, selection?: Selection): { op: TextOp; selection?: Selection } | null {
    if (entry.rev <= this.rev) {
      return null;
    }
    if (entry.mine && this.inflight !== null && entry.clientSeq === this.inflight.seq) {
      this.ack(entry.rev);
      return null;
    }
    if (entry.op) {
      // Another client's op, or an own op from before a reset: either way its effect is news to this view.
      return this.remote(entry.rev, entry.op, selection);
    }
    this.advance(entry.rev);
    return null;
  }

  /**
   * After a reconnect: sends the in-flight op again with the same clientSeq. It is transformed to the current
   * revision, so it is correct whether or not the server got the first copy (a duplicate is answered with the
   * original ack and applied once).
   */
  resend(): void {
    if (this.inflight !== null) {
      this.send({ clientSeq: this.inflight.seq, baseRev: this.rev, op: this.inflight.op });
    }
  }
}
