import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useId, useRef, useState } from 'preact/hooks';
import { statusLabel } from '../format';
import { SessionContext } from '../session';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled control with its hint and error, tied together for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={hintId}>{hint}</p>}
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error && <p class="field-error" id={errorId}>{error}</p>}
    </div>
  );
}

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  return <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

/** A request's status in the words of whoever reads it (format.ts statusLabel). */
export function StatusBadge({ status, atRisk }: { status: string; atRisk?: boolean | undefined }) {
  const reader = useContext(SessionContext)?.user.role;
  return (
    <span class={`badge badge--${status}`} data-status={status}>
      {statusLabel(status, reader)}
      {atRisk ? ' · à risque' : ''}
    </span>
  );
}

export interface Notice {
  /** `offer`: a new offer for an interpreter, shown louder. */
  kind: 'success' | 'error' | 'info' | 'offer';
  text: string;
}

/**
 * A page's one notice after an action or a live event: showing a new one replaces the last, never stacks
 * under it (`undefined` clears it). Put it in the page's NoticeArea.
 */
export function useNotice(initial?: Notice) {
  const [notice, setNotice] = useState<(Notice & { seq: number }) | undefined>(initial && { ...initial, seq: 0 });
  const show = useCallback((next: Notice | undefined) => setNotice((current) => next && { ...next, seq: (current?.seq ?? 0) + 1 }), []);
  return { notice, show };
}

/**
 * Where a page's notice shows: one live region, present from the first render so that screen readers
 * follow it, holding one message; each new one replaces the previous and is announced whole, even with
 * the same words (a new element each time). `assertive` for a page whose news cannot wait (offers).
 */
export function NoticeArea({ notice, assertive, children }: { notice: (Notice & { seq: number }) | undefined; assertive?: boolean; children?: ComponentChildren }) {
  return (
    <div class="live-notice" role={assertive ? 'alert' : 'status'} aria-live={assertive ? 'assertive' : 'polite'} aria-atomic="true" data-testid="notice">
      {notice && <div key={notice.seq} class={`alert alert--${notice.kind}`} data-kind={notice.kind} data-testid={notice.kind === 'offer' ? 'offer-alert' : undefined}>{notice.text}</div>}
      {children}
    </div>
  );
}

interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
}

/** A native modal dialog: focus moves in and is kept there, Escape closes, focus returns after. */
export function Dialog({ title, open, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} class="dialog">
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}

export function Button(props: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: 'primary' | 'secondary' | 'danger' }) {
  const { busy, variant = 'primary', children, disabled, ...rest } = props;
  return (
    <button type="button" class={`button button--${variant}`} disabled={Boolean(disabled) || busy} aria-busy={busy ? 'true' : undefined} {...rest}>
      {children}
    </button>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
