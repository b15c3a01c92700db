import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { newKey, type Place, type SlotRow } from './form';

// The small pieces every part of the editor is made of: an input with its label and error, a row of
// hours, and the focus moves that keep it usable by keyboard alone.

export type Errors = Record<Place, string>;

interface InlineInputProps {
  /** The visible label ("De", "Du"); `context` is added for screen readers ("lundi, créneau 1"). */
  label: string;
  context: string;
  value: string;
  error?: string | undefined;
  /** Ids of other texts that describe this input (a row's own error). */
  describedBy?: string | undefined;
  type?: 'text' | 'date';
  class?: string;
  inputRef?: (element: HTMLInputElement | null) => void;
  onInput: (value: string) => void;
}

/** A labelled input that sits in a row, its error under it and linked with aria-describedby. */
export function InlineInput({ label, context, value, error, describedBy, type = 'text', class: className, inputRef, onInput }: InlineInputProps) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  const common = {
    id,
    ref: inputRef,
    class: className,
    value,
    autocomplete: 'off',
    'aria-invalid': Boolean(error) || Boolean(describedBy),
    'aria-describedby': [errorId, describedBy].filter(Boolean).join(' ') || undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`inline-field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}<span class="visually-hidden"> ({context})</span></label>
      {type === 'date' ? <input type="date" {...common} /> : <input type="text" inputMode="numeric" {...common} />}
      {error && <p class="field-error" id={errorId}>{error}</p>}
    </div>
  );
}

/**
 * A list of rows the editor changes as a whole: `add` appends a row made with a fresh key and puts the
 * focus in its first input (the one given `register(key)`), `remove` takes one out and gives the focus
 * back to the add button (`addButton`), so that keyboard users never lose their place.
 */
export function useRowList<R extends { key: number }>(rows: R[], onChange: (rows: R[]) => void, make: (key: number) => R) {
  const [focusKey, setFocusKey] = useState<number>();
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  // Right after the render, not after paint: keys typed at once must land in the new row.
  useLayoutEffect(() => {
    if (focusKey === undefined) return;
    inputs.current.get(focusKey)?.focus();
    setFocusKey(undefined);
  }, [focusKey]);
  return {
    addButton,
    register: (key: number) => (element: HTMLInputElement | null) => {
      if (element) inputs.current.set(key, element);
      else inputs.current.delete(key);
    },
    update: (key: number, change: Partial<R>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row))),
    add: () => {
      const key = newKey();
      onChange([...rows, make(key)]);
      setFocusKey(key);
    },
    remove: (key: number) => {
      onChange(rows.filter((row) => row.key !== key));
      addButton.current?.focus();
    },
  };
}

/** A button whose text says what it does; `hidden` completes it for screen readers ("du lundi"). */
export function SmallButton({ children, hidden, onClick, buttonRef }: { children: ComponentChildren; hidden?: string; onClick: () => void; buttonRef?: { current: HTMLButtonElement | null } }) {
  return (
    <button type="button" class="button button--secondary button--small" ref={buttonRef} onClick={onClick}>
      {children}{hidden && <span class="visually-hidden"> {hidden}</span>}
    </button>
  );
}

interface SlotRowsProps {
  rows: SlotRow[];
  /** Says whose hours these are, for screen readers: "lundi", "le 2 janvier". */
  context: string;
  errors: Errors;
  onChange: (rows: SlotRow[]) => void;
}

/** Hours of one day: from, to, remove; and a button to add one (focus goes to it, or back to the button). */
export function SlotRows({ rows, context, errors, onChange }: SlotRowsProps) {
  const { addButton, register, update, add, remove } = useRowList(rows, onChange, (key) => ({ key, from: '', to: '' }));
  const rowErrorId = useId();
  return (
    <div class="slots">
      {rows.map((row, index) => {
        const where = `${context}, créneau ${index + 1}`;
        const rowError = errors[`slot.${row.key}`];
        const errorId = rowError ? `${rowErrorId}-${row.key}` : undefined;
        return (
          <div key={row.key} class="slot-row" data-slot={index + 1}>
            <InlineInput label="De" context={where} value={row.from} class="clock" error={errors[`slot.${row.key}.from`]} describedBy={errorId} inputRef={register(row.key)} onInput={(from) => update(row.key, { from })} />
            <InlineInput label="à" context={where} value={row.to} class="clock" error={errors[`slot.${row.key}.to`]} describedBy={errorId} onInput={(to) => update(row.key, { to })} />
            <SmallButton hidden={`le créneau ${index + 1} (${context})`} onClick={() => remove(row.key)}>Retirer</SmallButton>
            {rowError && <p class="field-error slot-error" id={errorId}>{rowError}</p>}
          </div>
        );
      })}
      <SmallButton buttonRef={addButton} hidden={`(${context})`} onClick={add}>Ajouter un créneau</SmallButton>
    </div>
  );
}
