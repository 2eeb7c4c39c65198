/**
 * Plain-text operational transformation: contract 1 of TEAM.md, identical to the Java core.
 *
 * A text op is a JSON array over Unicode code points (not UTF-16 units) spanning the whole text:
 * a positive integer n retains n, a string s inserts s, a negative integer -n deletes n.
 * "hello" -> "help!" is [3, -2, "p!"]. Retains plus deletes must add up to the text's length.
 *
 * Tie rule: when two concurrent ops insert at the same position, the insert of the op that was sequenced
 * first stays left. {@link transformX} takes the already-sequenced op second and puts its inserts first.
 *
 * This module has no dependencies, so `node --test` runs its tests with native type stripping.
 */

export type Component = number | string;
export type TextOp = Component[];

/** Longest text a field may hold, in code points (longer: the server rejects with TEXT_TOO_LONG). */
export const MAX_TEXT_LENGTH = 200_000;

// ---- code point helpers ---------------------------------------------------------------------------------------

/** Length of {@code s} in code points. */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
      }
    }
    n++;
  }
  return n;
}

/** UTF-16 index of code point offset {@code cp} in {@code s} (clamped to the end). */
export function utf16Index(s: string, cp: number, fromUtf16 = 0, fromCp = 0): number {
  let i = fromUtf16;
  let n = fromCp;
  while (n < cp && i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
      }
    }
    i++;
    n++;
  }
  return i;
}

/** Code point offset of UTF-16 index {@code u} in {@code s} (an index inside a surrogate pair counts as after it). */
export function cpIndex(s: string, u: number): number {
  return cpLength(s.slice(0, Math.max(0, Math.min(u, s.length))));
}

/** Code points [from, to) of {@code s}. */
export function cpSlice(s: string, from: number, to?: number): string {
  const a = utf16Index(s, from);
  if (to === undefined) {
    return s.slice(a);
  }
  return s.slice(a, utf16Index(s, to - from, a, 0));
}

// ---- components -----------------------------------------------------------------------------------------------

function isRetain(c: Component): c is number {
  return typeof c === 'number' && c > 0;
}

function isDelete(c: Component): c is number {
  return typeof c === 'number' && c < 0;
}

function isInsert(c: Component): c is string {
  return typeof c === 'string';
}

function componentLength(c: Component): number {
  return typeof c === 'string' ? cpLength(c) : Math.abs(c);
}

/** Builds a normalized op component by component. */
class Builder {
  readonly ops: TextOp = [];

  retain(n: number): this {
    if (n <= 0) {
      return this;
    }
    const last = this.ops.length - 1;
    if (last >= 0 && isRetain(this.ops[last])) {
      this.ops[last] = (this.ops[last] as number) + n;
    } else {
      this.ops.push(n);
    }
    return this;
  }

  insert(s: string): this {
    if (s === '') {
      return this;
    }
    const ops = this.ops;
    const last = ops.length - 1;
    if (last >= 0 && isInsert(ops[last])) {
      ops[last] = (ops[last] as string) + s;
    } else if (last >= 0 && isDelete(ops[last])) {
      // insert before delete when adjacent
      if (last >= 1 && isInsert(ops[last - 1])) {
        ops[last - 1] = (ops[last - 1] as string) + s;
      } else {
        ops.splice(last, 0, s);
      }
    } else {
      ops.push(s);
    }
    return this;
  }

  delete(n: number): this {
    if (n <= 0) {
      return this;
    }
    const last = this.ops.length - 1;
    if (last >= 0 && isDelete(this.ops[last])) {
      this.ops[last] = (this.ops[last] as number) - n;
    } else {
      this.ops.push(-n);
    }
    return this;
  }
}

/** Throws unless {@code op} is an array of non-zero integers and strings (zeros and "" are tolerated). */
export function check(op: unknown): asserts op is TextOp {
  if (!Array.isArray(op)) {
    throw new Error('text op must be an array');
  }
  for (const c of op) {
    if (typeof c === 'number') {
      if (!Number.isSafeInteger(c)) {
        throw new Error('text op component must be an integer: ' + c);
      }
    } else if (typeof c !== 'string') {
      throw new Error('text op component must be a number or a string');
    }
  }
}

/** Normalized form: no zeros or empty strings, adjacent components of one kind merged, insert before delete. */
export function normalize(op: TextOp): TextOp {
  check(op);
  const b = new Builder();
  for (const c of op) {
    if (isInsert(c)) {
      b.insert(c);
    } else if (isRetain(c)) {
      b.retain(c);
    } else if (isDelete(c)) {
      b.delete(-c);
    }
  }
  return b.ops;
}

/** Length of the text the op applies to, in code points. */
export function baseLength(op: TextOp): number {
  let n = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      n += Math.abs(c);
    }
  }
  return n;
}

/** Length of the text the op produces, in code points. */
export function targetLength(op: TextOp): number {
  let n = 0;
  for (const c of op) {
    n += typeof c === 'string' ? cpLength(c) : c > 0 ? c : 0;
  }
  return n;
}

/** True when the op changes nothing (only retains). */
export function isNoop(op: TextOp): boolean {
  return op.every(c => typeof c === 'number' && c >= 0);
}

/** The op that keeps a text of {@code length} code points unchanged. */
export function identity(length: number): TextOp {
  return length > 0 ? [length] : [];
}

/** Applies {@code op} to {@code text}; throws when the op's base length is not the text's length. */
export function apply(text: string, op: TextOp): string {
  check(op);
  const len = cpLength(text);
  if (baseLength(op) !== len) {
    throw new Error(`text op spans ${baseLength(op)} code points, text has ${len}`);
  }
  const out: string[] = [];
  let u = 0; // UTF-16 index into text
  for (const c of op) {
    if (typeof c === 'string') {
      out.push(c);
    } else if (c > 0) {
      const end = utf16Index(text, c, u, 0);
      out.push(text.slice(u, end));
      u = end;
    } else if (c < 0) {
      u = utf16Index(text, -c, u, 0);
    }
  }
  return out.join('');
}

/** The op that undoes {@code op}, given the text {@code op} applied to. */
export function invert(op: TextOp, text: string): TextOp {
  check(op);
  const b = new Builder();
  let u = 0;
  for (const c of op) {
    if (typeof c === 'string') {
      b.delete(cpLength(c));
    } else if (c > 0) {
      b.retain(c);
      u = utf16Index(text, c, u, 0);
    } else if (c < 0) {
      const end = utf16Index(text, -c, u, 0);
      b.insert(text.slice(u, end));
      u = end;
    }
  }
  return b.ops;
}

/** Walks an op's components, splitting them on demand (lengths in code points). */
class Cursor {
  private readonly op: TextOp;
  private i = 0;
  private head: Component | undefined;

  constructor(op: TextOp) {
    this.op = op;
    this.next();
  }

  private next(): void {
    while (this.i < this.op.length) {
      const c = this.op[this.i++];
      if (c !== 0 && c !== '') {
        this.head = c;
        return;
      }
    }
    this.head = undefined;
  }

  peek(): Component | undefined {
    return this.head;
  }

  /** Takes the whole head component. */
  take(): Component {
    const c = this.head as Component;
    this.next();
    return c;
  }

  /** Takes at most {@code n} code points of the head component. */
  takeUpTo(n: number): Component {
    const c = this.head as Component;
    const len = componentLength(c);
    if (len <= n) {
      this.next();
      return c;
    }
    if (typeof c === 'string') {
      const cut = utf16Index(c, n);
      this.head = c.slice(cut);
      return c.slice(0, cut);
    }
    if (c > 0) {
      this.head = c - n;
      return n;
    }
    this.head = c + n;
    return -n;
  }
}

/**
 * Composes {@code a} then {@code b} into one op: apply(apply(s, a), b) == apply(s, compose(a, b)).
 */
export function compose(a: TextOp, b: TextOp): TextOp {
  check(a);
  check(b);
  if (targetLength(a) !== baseLength(b)) {
    throw new Error(`cannot compose: first produces ${targetLength(a)} code points, second spans ${baseLength(b)}`);
  }
  const out = new Builder();
  const ca = new Cursor(a);
  const cb = new Cursor(b);
  for (;;) {
    const x = ca.peek();
    const y = cb.peek();
    if (x === undefined && y === undefined) {
      return out.ops;
    }
    if (x !== undefined && isDelete(x)) {
      out.delete(-(ca.take() as number));
      continue;
    }
    if (y !== undefined && isInsert(y)) {
      out.insert(cb.take() as string);
      continue;
    }
    if (x === undefined || y === undefined) {
      throw new Error('cannot compose: lengths differ');
    }
    const n = Math.min(componentLength(x), componentLength(y));
    const px = ca.takeUpTo(n);
    const py = cb.takeUpTo(n);
    if (isRetain(py)) {
      if (isInsert(px)) {
        out.insert(px);
      } else {
        out.retain(n);
      }
    } else {
      // py deletes n
      if (isRetain(px)) {
        out.delete(n);
      }
      // an insert of a deleted by b: nothing
    }
  }
}

/**
 * Transforms two concurrent ops on the same text. {@code b} was sequenced first: where both insert at the same
 * position, b's insert stays left. Returns [a', b'] with apply(apply(s, b), a') == apply(apply(s, a), b').
 */
export function transformX(a: TextOp, b: TextOp): [TextOp, TextOp] {
  check(a);
  check(b);
  if (baseLength(a) !== baseLength(b)) {
    throw new Error(`cannot transform: ops span ${baseLength(a)} and ${baseLength(b)} code points`);
  }
  const a1 = new Builder();
  const b1 = new Builder();
  const ca = new Cursor(a);
  const cb = new Cursor(b);
  for (;;) {
    const x = ca.peek();
    const y = cb.peek();
    if (x === undefined && y === undefined) {
      return [a1.ops, b1.ops];
    }
    // the sequenced op's insert goes first
    if (y !== undefined && isInsert(y)) {
      const s = cb.take() as string;
      b1.insert(s);
      a1.retain(cpLength(s));
      continue;
    }
    if (x !== undefined && isInsert(x)) {
      const s = ca.take() as string;
      a1.insert(s);
      b1.retain(cpLength(s));
      continue;
    }
    if (x === undefined || y === undefined) {
      throw new Error('cannot transform: lengths differ');
    }
    const n = Math.min(componentLength(x), componentLength(y));
    const px = ca.takeUpTo(n) as number;
    const py = cb.takeUpTo(n) as number;
    if (px > 0 && py > 0) {
      a1.retain(n);
      b1.retain(n);
    } else if (px < 0 && py > 0) {
      a1.delete(n);
    } else if (px > 0 && py < 0) {
      b1.delete(n);
    }
    // both delete the same range: nothing
  }
}

/** {@code op} transformed to apply after {@code sequenced} (which was sequenced first, so its inserts stay left). */
export function transform(op: TextOp, sequenced: TextOp): TextOp {
  return transformX(op, sequenced)[0];
}

/**
 * Moves a position (in code points) through {@code op}. An insert exactly at the position moves it right
 * (the remote text goes before a caret at that spot, as with the tie rule), unless {@code stickLeft}.
 */
export function transformPosition(pos: number, op: TextOp, stickLeft = false): number {
  let src = 0; // position in the old text
  let moved = pos;
  for (const c of op) {
    if (src > pos) {
      break;
    }
    if (typeof c === 'string') {
      if (src < pos || (src === pos && !stickLeft)) {
        moved += cpLength(c);
      }
    } else if (c > 0) {
      src += c;
    } else if (c < 0) {
      const n = -c;
      moved -= Math.min(n, pos - src);
      src += n;
    }
  }
  return moved;
}

/** The op that turns {@code before} into {@code after}, by common prefix and suffix (UTF-16 hints optional). */
export function diff(before: string, after: string, caretAfter?: number): TextOp {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  let suffix = 0;
  if (caretAfter !== undefined && caretAfter >= 0 && caretAfter <= after.length) {
    // The changed region of `after` ends at the caret (typing, pasting, deleting): that decides ambiguous
    // cases such as typing "a" inside "aa".
    const maxSuffix = Math.min(max, after.length - caretAfter);
    while (
      suffix < maxSuffix &&
      before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
    ) {
      suffix++;
    }
    while (prefix < max - suffix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) {
      prefix++;
    }
  } else {
    while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) {
      prefix++;
    }
    while (
      suffix < max - prefix &&
      before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
    ) {
      suffix++;
    }
  }
  // never split a surrogate pair
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) {
    prefix--;
  }
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) {
    suffix--;
  }
  const b = new Builder();
  b.retain(cpLength(before.slice(0, prefix)));
  b.insert(after.slice(prefix, after.length - suffix));
  b.delete(cpLength(before.slice(prefix, before.length - suffix)));
  b.retain(cpLength(before.slice(before.length - suffix)));
  return b.ops;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
