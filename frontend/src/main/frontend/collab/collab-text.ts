/**
 * <tandem-collab-text>: a plain-text editor for one collaborative text field.
 *
 * Every edit is captured from the textarea's input events as a text op (diff of the old and new value around
 * the caret) and handed to a {@link JupiterClient}, which sends it (event `collab-submit`) and keeps it pending
 * until the server sequences it. The server side (Java `app.tandem.ui.collab.CollabText`) relays the sequenced
 * stream back through {@link CollabTextElement._sync}. Remote ops are transformed against what is pending, so
 * nothing typed is ever overwritten. Remote carets and selections are drawn in a mirror behind the textarea.
 *
 * Events (all bubble and cross the shadow boundary):
 * - `collab-submit`    detail {clientSeq, baseRev, op: JSON string of the text op}
 * - `collab-undo`, `collab-redo` (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y; the server computes per-user undo)
 * - `collab-selection` detail {focused, anchor, head} in code points of the text the user sees
 */
import { LitElement, css, html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { JupiterClient } from './jupiter-client.ts';
import type { SequencedEntry, Submission } from './jupiter-client.ts';
import { MAX_TEXT_LENGTH, cpIndex, cpLength, diff, targetLength, transformPosition, utf16Index } from './text-ot.ts';
import type { TextOp } from './text-ot.ts';

export interface RemoteCursor {
  userId: string;
  name: string;
  colour: string;
  anchor: number;
  head: number;
}

/** Entry of a batch as the Java side sends it: r = rev, m = mine, s = clientSeq, o = text op or null. */
interface WireEntry {
  r: number;
  m?: boolean;
  s?: number;
  o?: TextOp | null;
}

interface ConnectionStateStore {
  state: string;
  addStateChangeListener(l: (prev: string, next: string) => void): void;
  removeStateChangeListener(l: (prev: string, next: string) => void): void;
}

const SAFE_COLOUR = /^(#[0-9a-fA-F]{3,8}|(rgb|hsl)a?\([0-9.,%\s]+\)|[a-zA-Z]{3,20})$/;

function safeColour(c: string): string {
  return SAFE_COLOUR.test(c) ? c : '#888888';
}

export class CollabTextElement extends LitElement {
  static properties = {
    readonly: { type: Boolean, reflect: true },
    connected: { type: Boolean, reflect: true },
    placeholder: { type: String },
    label: { type: String },
    cursors: { type: String },
    _online: { state: true },
    _pending: { state: true },
    _text: { state: true },
  };

  static styles = css`
    :host {
      display: block;
      position: relative;
      font-family: var(--lumo-font-family, sans-serif);
      font-size: var(--lumo-font-size-m, 1rem);
      line-height: 1.5;
      --collab-border: var(--lumo-contrast-30pct, #bbb);
    }
    :host([hidden]) {
      display: none;
    }
    label {
      display: block;
      font-size: var(--lumo-font-size-s, 0.875rem);
      color: var(--lumo-secondary-text-color, #555);
      margin-bottom: 0.25em;
    }
    .wrap {
      position: relative;
    }
    textarea,
    .mirror {
      box-sizing: border-box;
      width: 100%;
      margin: 0;
      padding: 0.5em 0.75em;
      border: 1px solid var(--collab-border);
      border-radius: var(--lumo-border-radius-m, 4px);
      font: inherit;
      line-height: inherit;
      letter-spacing: normal;
      white-space: pre-wrap;
      overflow-wrap: break-word;
      word-break: normal;
      tab-size: 4;
    }
    textarea {
      position: relative;
      display: block;
      resize: none;
      overflow: hidden;
      min-height: 4.5em;
      background: transparent;
      color: var(--lumo-body-text-color, #222);
      z-index: 1;
    }
    textarea:focus {
      outline: none;
      border-color: var(--lumo-primary-color, #1676f3);
    }
    :host([readonly]) textarea {
      background: var(--lumo-contrast-5pct, #f4f4f4);
    }
    .mirror {
      position: absolute;
      inset: 0;
      color: transparent;
      border-color: transparent;
      pointer-events: none;
      /* the textarea grows with its text and never scrolls, so nothing needs clipping; name flags may stick out */
      overflow: visible;
      z-index: 0;
    }
    .sel {
      border-radius: 2px;
    }
    .caret {
      position: relative;
      display: inline-block;
      width: 0;
      height: 1.2em;
      vertical-align: text-bottom;
      border-left: 2px solid var(--c);
      margin-left: -1px;
      margin-right: -1px;
    }
    .flag {
      position: absolute;
      left: -2px;
      bottom: 100%;
      padding: 0 0.3em;
      font-size: 0.7em;
      line-height: 1.3;
      white-space: nowrap;
      color: #fff;
      background: var(--c);
      border-radius: 3px 3px 3px 0;
      z-index: 2;
    }
    .status {
      margin-top: 0.25em;
      font-size: var(--lumo-font-size-s, 0.875rem);
      color: var(--lumo-error-text-color, #b00020);
    }
    .status[hidden] {
      display: none;
    }
  `;

  declare readonly: boolean;
  declare connected: boolean;
  declare placeholder: string;
  declare label: string;
  /** JSON array of {@link RemoteCursor}, set by the server. */
  declare cursors: string;
  declare _online: boolean;
  declare _pending: boolean;
  declare _text: string;

  private client: JupiterClient | null = null;
  private remote: RemoteCursor[] = [];
  private composing = false;
  private held: WireEntry[] = [];
  private lastSelection = '';
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private wasOffline = false;
  private connectionStore: ConnectionStateStore | undefined;
  private readonly onConnection = (_prev: string, next: string) => this.vaadinConnection(next);

  constructor() {
    super();
    this.readonly = false;
    this.connected = true;
    this.placeholder = '';
    this.label = '';
    this.cursors = '[]';
    this._online = true;
    this._pending = false;
    this._text = '';
  }

  // ---- API for the server side ------------------------------------------------------------------------------

  /**
   * Called by the Java component, once per server round trip: an optional fresh state (text at rev) and a batch
   * of sequenced entries, applied in order.
   */
  _sync(stateJson: string | null, batchJson: string | null): void {
    if (stateJson !== null) {
      const state = JSON.parse(stateJson) as { text: string; rev: number };
      this.held = [];
      if (this.client === null) {
        this.client = new JupiterClient(state.text, state.rev, s => this.submit(s));
      } else {
        this.client.reset(state.text, state.rev);
      }
      this.showText(state.text, undefined);
    }
    if (batchJson !== null) {
      const batch = JSON.parse(batchJson) as WireEntry[];
      this.held.push(...batch);
    }
    if (!this.composing) {
      this.drain();
    }
  }

  /** The text the user sees (with pending edits). */
  get value(): string {
    return this.client?.text ?? '';
  }

  /** The revision the next submission is based on. */
  get revision(): number {
    return this.client?.rev ?? -1;
  }

  /** True while an edit is not yet acknowledged by the server. */
  get hasPendingEdits(): boolean {
    return this.client?.pending ?? false;
  }

  override focus(): void {
    this.textarea?.focus();
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    const store = (window as unknown as { Vaadin?: { connectionState?: ConnectionStateStore } }).Vaadin
      ?.connectionState;
    if (store && typeof store.addStateChangeListener === 'function') {
      this.connectionStore = store;
      store.addStateChangeListener(this.onConnection);
      this.vaadinConnection(store.state);
    }
  }

  override disconnectedCallback(): void {
    this.connectionStore?.removeStateChangeListener(this.onConnection);
    this.connectionStore = undefined;
    clearTimeout(this.selectionTimer);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('cursors')) {
      try {
        const list = JSON.parse(this.cursors || '[]') as RemoteCursor[];
        this.remote = Array.isArray(list) ? list : [];
      } catch {
        this.remote = [];
      }
    }
    if (changed.has('connected')) {
      this.onlineChanged();
    }
  }

  protected override updated(): void {
    this.autosize();
  }

  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector('textarea') ?? null;
  }

  // ---- connection -------------------------------------------------------------------------------------------

  private vaadinConnection(state: string): void {
    this.vaadinOnline = state === 'connected' || state === 'loading';
    this.onlineChanged();
  }

  private vaadinOnline = true;

  private onlineChanged(): void {
    const online = this.connected !== false && this.vaadinOnline;
    if (!online) {
      this.wasOffline = true;
    } else if (this.wasOffline) {
      this.wasOffline = false;
      // Back online: re-send what is not acknowledged (same clientSeq: the server applies it once).
      this.client?.resend();
    }
    this._online = online;
  }

  // ---- outgoing ---------------------------------------------------------------------------------------------

  private submit(s: Submission): void {
    this._pending = true;
    this.dispatchEvent(
      new CustomEvent('collab-submit', {
        bubbles: true,
        composed: true,
        detail: { clientSeq: s.clientSeq, baseRev: s.baseRev, op: JSON.stringify(s.op) },
      }),
    );
  }

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }

  // ---- incoming ---------------------------------------------------------------------------------------------

  private drain(): void {
    const client = this.client;
    if (client === null) {
      return;
    }
    const batch = this.held;
    this.held = [];
    if (batch.length === 0) {
      return;
    }
    const ta = this.textarea;
    const focused = ta !== null && this.shadowRoot?.activeElement === ta;
    let sel = ta ? this.selectionInCodePoints(ta) : { anchor: 0, head: 0 };
    let changed = false;
    for (const w of batch) {
      const entry: SequencedEntry = { rev: w.r, mine: w.m === true, clientSeq: w.s, op: w.o ?? null };
      const out = client.receive(entry, sel);
      if (out !== null) {
        changed = true;
        if (out.selection) {
          sel = out.selection;
        }
        this.moveRemoteCursors(out.op, false);
      }
    }
    this._pending = client.pending;
    if (changed) {
      this.showText(client.text, focused ? sel : undefined);
    }
  }

  private showText(text: string, sel: { anchor: number; head: number } | undefined): void {
    this._text = text;
    const ta = this.textarea;
    if (ta === null) {
      return; // first render picks up _text
    }
    if (ta.value !== text) {
      const scroll = ta.scrollTop;
      ta.value = text;
      if (sel) {
        const a = utf16Index(text, sel.anchor);
        const h = utf16Index(text, sel.head);
        ta.setSelectionRange(Math.min(a, h), Math.max(a, h), h < a ? 'backward' : 'forward');
      }
      ta.scrollTop = scroll;
      this.autosize();
    }
  }

  private moveRemoteCursors(op: TextOp, local: boolean): void {
    if (this.remote.length === 0) {
      return;
    }
    // A local insert at a remote caret goes after it (they typed there first); a remote insert pushes carets.
    this.remote = this.remote.map(c => ({
      ...c,
      anchor: transformPosition(c.anchor, op, local),
      head: transformPosition(c.head, op, local),
    }));
    this.requestUpdate();
  }

  // ---- user input -------------------------------------------------------------------------------------------

  private onInput(e: Event): void {
    const ta = e.target as HTMLTextAreaElement;
    const client = this.client;
    if (client === null || this.readonly) {
      // not initialised yet, or read-only: keep the server's text
      ta.value = client?.text ?? this._text;
      return;
    }
    const before = client.text;
    const after = ta.value;
    const op = diff(before, after, ta.selectionEnd);
    if (targetLength(op) > MAX_TEXT_LENGTH && cpLength(after) > cpLength(before)) {
      const caret = Math.max(0, ta.selectionStart - (after.length - before.length));
      ta.value = before;
      ta.setSelectionRange(caret, caret);
      this.fire('collab-too-long', { max: MAX_TEXT_LENGTH });
      return;
    }
    client.local(op);
    this._text = client.text;
    this._pending = client.pending;
    this.moveRemoteCursors(op, true);
    this.autosize();
    this.selectionMaybeChanged();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) {
      return;
    }
    const key = e.key.toLowerCase();
    // Handled here, once: the page's own Ctrl+Z shortcut must not see the same key press (a second undo).
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      this.fire('collab-undo');
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      e.stopPropagation();
      this.fire('collab-redo');
    }
  }

  private onBeforeInput(e: InputEvent): void {
    // the browser's own undo (menu, gestures) would rewrite the text behind the server's back
    if (e.inputType === 'historyUndo') {
      e.preventDefault();
      this.fire('collab-undo');
    } else if (e.inputType === 'historyRedo') {
      e.preventDefault();
      this.fire('collab-redo');
    }
  }

  private onCompositionStart(): void {
    this.composing = true;
  }

  private onCompositionEnd(): void {
    this.composing = false;
    this.drain();
  }

  private selectionInCodePoints(ta: HTMLTextAreaElement): { anchor: number; head: number } {
    const v = ta.value;
    const start = cpIndex(v, ta.selectionStart);
    const end = cpIndex(v, ta.selectionEnd);
    return ta.selectionDirection === 'backward' ? { anchor: end, head: start } : { anchor: start, head: end };
  }

  private selectionMaybeChanged(): void {
    clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      const ta = this.textarea;
      if (ta === null) {
        return;
      }
      const focused = this.shadowRoot?.activeElement === ta;
      const sel = this.selectionInCodePoints(ta);
      const key = `${focused}:${sel.anchor}:${sel.head}`;
      if (key !== this.lastSelection) {
        this.lastSelection = key;
        this.fire('collab-selection', { focused, anchor: sel.anchor, head: sel.head });
      }
    }, 60);
  }

  private autosize(): void {
    const ta = this.textarea;
    if (ta === null) {
      return;
    }
    ta.style.height = 'auto';
    ta.style.height = `${ta.scrollHeight + 2}px`;
  }

  // ---- rendering --------------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const online = this._online;
    return html`
      ${this.label ? html`<label for="ta">${this.label}</label>` : ''}
      <div class="wrap">
        <div class="mirror" aria-hidden="true">${this.renderMirror()}</div>
        <textarea
          id="ta"
          spellcheck="true"
          .value=${live(this._text)}
          ?readonly=${this.readonly}
          placeholder=${this.placeholder}
          aria-label=${this.label || 'text'}
          @input=${this.onInput}
          @beforeinput=${this.onBeforeInput}
          @keydown=${this.onKeyDown}
          @keyup=${this.selectionMaybeChanged}
          @mouseup=${this.selectionMaybeChanged}
          @select=${this.selectionMaybeChanged}
          @selectionchange=${this.selectionMaybeChanged}
          @focus=${this.selectionMaybeChanged}
          @blur=${this.selectionMaybeChanged}
          @compositionstart=${this.onCompositionStart}
          @compositionend=${this.onCompositionEnd}
        ></textarea>
      </div>
      <div class="status" role="status" ?hidden=${online}>
        ${this._pending
          ? 'Offline, reconnecting… Your unsent edits are kept and will be sent when the connection is back.'
          : 'Offline, reconnecting… Edits you make now are kept and sent when the connection is back.'}
      </div>
    `;
  }

  /** The text with remote selections as highlighted runs and remote carets as flagged bars (all text escaped). */
  private renderMirror(): unknown[] {
    const text = this._text;
    const len = cpLength(text);
    const cursors = this.remote
      .filter(c => c && typeof c.anchor === 'number' && typeof c.head === 'number')
      .map(c => ({
        c,
        colour: safeColour(String(c.colour ?? '')),
        from: Math.max(0, Math.min(len, Math.min(c.anchor, c.head))),
        to: Math.max(0, Math.min(len, Math.max(c.anchor, c.head))),
        head: Math.max(0, Math.min(len, c.head)),
      }));
    const cuts = new Set<number>([0, len]);
    for (const k of cursors) {
      cuts.add(k.from);
      cuts.add(k.to);
      cuts.add(k.head);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const parts: unknown[] = [];
    let u = 0;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      for (const k of cursors) {
        if (k.head === p) {
          parts.push(
            html`<span class="caret" style="--c:${k.colour}"><span class="flag">${String(k.c.name ?? '')}</span></span>`,
          );
        }
      }
      if (i + 1 < points.length) {
        const q = points[i + 1];
        const end = utf16Index(text, q - p, u, 0);
        const piece = text.slice(u, end);
        u = end;
        const cover = cursors.find(k => k.from <= p && q <= k.to && k.from < k.to);
        parts.push(
          cover ? html`<span class="sel" style="background:color-mix(in srgb, ${cover.colour} 28%, transparent)">${piece}</span>` : piece,
        );
      }
    }
    // a trailing newline needs something after it to take up its line
    parts.push('\u200b');
    return parts;
  }
}

if (!customElements.get('tandem-collab-text')) {
  customElements.define('tandem-collab-text', CollabTextElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'tandem-collab-text': CollabTextElement;
  }
}
