import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { foldAccents } from '../../../shared/fold';

interface Props {
  id: string;
  /** [value, label], in the order shown. */
  options: Array<[string, string]>;
  value: string;
  onChange: (value: string) => void;
  /** The listbox's accessible name ("Structures trouvées"). */
  listLabel: string;
  /** An option for "no choice" (a filter's "Toutes"), listed first; without it a choice is required. */
  none?: string;
  placeholder?: string;
  describedBy?: string | undefined;
  invalid?: boolean;
}

/**
 * A list too long to scroll (117 structures) as a combobox (WAI-ARIA 1.2): type a few letters of any
 * word of the name, accents and case optional; arrows move, Enter picks, Escape closes and puts the
 * chosen name back. The options are all in memory: filtering needs no server.
 */
export function SearchSelect({ id, options, value, onChange, listLabel, none, placeholder, describedBy, invalid }: Props) {
  const labelOf = (v: string) => (v ? options.find(([key]) => key === v)?.[1] : none) ?? '';
  const [text, setText] = useState(() => labelOf(value));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const list = useRef<HTMLUListElement>(null);

  // The chosen name, once the options have loaded or when the value changes from outside.
  const chosenLabel = labelOf(value);
  useEffect(() => setText(chosenLabel), [value, chosenLabel]);

  const words = foldAccents(text === chosenLabel ? '' : text).split(/\s+/).filter(Boolean);
  const all: Array<[string, string]> = none === undefined ? options : [['', none], ...options];
  const found = all.filter(([, label]) => {
    const folded = foldAccents(label);
    return words.every((word) => folded.includes(word));
  });

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  const pick = ([key, label]: [string, string]) => {
    onChange(key);
    setText(label);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
      } else setActive((i) => Math.min(i + 1, found.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      if (found[active]) pick(found[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setText(chosenLabel);
    }
  };
  const optionId = (key: string) => `${listId}-${key || 'none'}`;

  return (
    <div class="combobox">
      <input
        id={id}
        {...comboboxInputProps(listId, open && found.length > 0, open && found[active] ? optionId(found[active][0]) : undefined, describedBy, invalid)}
        placeholder={placeholder}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
          setOpen(true);
          if (value && none !== undefined && !e.currentTarget.value.trim()) onChange('');
        }}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => {
          setOpen(false);
          setText(labelOf(value));
        }, 150)}
      />
      <ul id={listId} ref={list} role="listbox" aria-label={listLabel} class="combobox-list" hidden={!open || found.length === 0}>
        {found.map((option, index) => (
          <li
            key={option[0]}
            id={optionId(option[0])}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(option);
            }}
          >
            {option[1]}
          </li>
        ))}
      </ul>
      {open && text.trim() && found.length === 0 && <p class="hint" role="status">Aucun résultat pour « {text} ».</p>}
    </div>
  );
}

/**
 * The input's attributes every combobox here shares (WAI-ARIA 1.2 combobox with a list popup):
 * `expanded` when its listbox shows options, `activeId` the id of the option the arrows are on.
 */
export function comboboxInputProps(listId: string, expanded: boolean, activeId: string | undefined, describedBy: string | undefined, invalid: boolean | undefined) {
  return {
    type: 'text',
    role: 'combobox',
    autoComplete: 'off',
    spellcheck: false,
    'aria-autocomplete': 'list',
    'aria-expanded': expanded,
    'aria-controls': listId,
    'aria-activedescendant': activeId,
    'aria-describedby': describedBy,
    'aria-invalid': invalid,
  } as const;
}
