import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { languageName, matchedOtherName, searchLanguages, type Language } from '../languages';
import { comboboxInputProps } from './search-select';

interface Props {
  id: string;
  value: Language | undefined;
  onChange: (language: Language | undefined) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  /** Offer only the languages in use (those the interpreters speak): the simulator's. */
  inUse?: boolean;
}

/**
 * A combobox (WAI-ARIA 1.2 pattern): type a few letters of a French name, usual ones too ("darija"),
 * accents optional, or the code; an option found by another name shows it. Arrows move, Enter picks,
 * Escape closes. Each keystroke asks the server, the stale answer is dropped.
 */
export function LanguagePicker({ id, value, onChange, describedBy, invalid, inUse = false }: Props) {
  const [text, setText] = useState(value ? value.name : '');
  const [options, setOptions] = useState<Language[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const pending = useRef<AbortController | undefined>(undefined);

  // The value typed away (clearedByTyping) keeps what is being typed: the effect runs after a paint, by
  // when the next keystrokes may be in the field. A value changed from outside (a form reset) shows its name.
  const clearedByTyping = useRef(false);
  useEffect(() => {
    const typed = clearedByTyping.current;
    clearedByTyping.current = false;
    if (!value && typed) return;
    setText(value ? value.name : '');
  }, [value?.code]);

  const search = (query: string) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    searchLanguages(query, controller.signal, inUse).then((found) => {
      if (controller.signal.aborted) return;
      setOptions(found);
      setActive(0);
      setOpen(true);
    }, () => undefined);
  };

  const pick = (language: Language) => {
    onChange(language);
    setText(language.name);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) search(text);
      else setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div class="combobox">
      <input
        id={id}
        {...comboboxInputProps(listId, open && options.length > 0, open && options[active] ? `${listId}-${options[active].code}` : undefined, describedBy, invalid)}
        placeholder="ex. arabe, dari, pachto, tigrigna…"
        value={text}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          if (value) {
            clearedByTyping.current = true;
            onChange(undefined);
          }
          if (next.trim()) search(next);
          else setOpen(false);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul id={listId} role="listbox" aria-label="Langues trouvées" class="combobox-list" hidden={!open || options.length === 0}>
        {options.map((language, index) => (
          <li
            key={language.code}
            id={`${listId}-${language.code}`}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(language);
            }}
          >
            {language.name}
            {matchedOtherName(language, text) && <small> · {matchedOtherName(language, text)}</small>}
          </li>
        ))}
      </ul>
      {open && text.trim() && options.length === 0 && <p class="hint" role="status">Aucune langue trouvée pour « {text} ».</p>}
    </div>
  );
}

export { languageName };
