import { NEW_SLOT, newKey, type AbsenceRow, type ExtraDayRow } from './form';
import { InlineInput, SlotRows, SmallButton, useRowList, type Errors } from './rows';
import { dateRangeText } from './summary';

// Dated exceptions: absences (a range of days off) and other hours on a given date.

interface AbsencesProps {
  absences: AbsenceRow[];
  errors: Errors;
  onChange: (absences: AbsenceRow[]) => void;
}

export function AbsencesFieldset({ absences, errors, onChange }: AbsencesProps) {
  const { addButton, register, update, add, remove } = useRowList(absences, onChange, (key) => ({ key, from: '', to: '' }));
  return (
    <fieldset class="editor-part">
      <legend>Absences</legend>
      <p class="hint">Congés, arrêt maladie… du premier au dernier jour inclus : ces jours-là, aucune demande n’est proposée.</p>
      {errors.exceptions && <p class="field-error">{errors.exceptions}</p>}
      {absences.length === 0 && <p class="muted">Aucune absence prévue.</p>}
      {absences.map((row, index) => {
        const where = `absence ${index + 1}`;
        const rowError = errors[`absence.${row.key}`];
        return (
          <div key={row.key} class="slot-row" data-absence={index + 1}>
            <InlineInput type="date" label="Du" context={where} value={row.from} error={errors[`absence.${row.key}.from`] ?? rowError} inputRef={register(row.key)} onInput={(from) => update(row.key, { from, to: row.to && row.to >= from ? row.to : from })} />
            <InlineInput type="date" label="au" context={where} value={row.to} error={errors[`absence.${row.key}.to`]} onInput={(to) => update(row.key, { to })} />
            <SmallButton hidden={row.from ? dateRangeText(row.from, row.to || row.from) : where} onClick={() => remove(row.key)}>
              Supprimer l’absence
            </SmallButton>
          </div>
        );
      })}
      <SmallButton buttonRef={addButton} onClick={add}>Ajouter une absence</SmallButton>
    </fieldset>
  );
}

interface ExtraDaysProps {
  days: ExtraDayRow[];
  errors: Errors;
  onChange: (days: ExtraDayRow[]) => void;
}

export function ExtraDaysFieldset({ days, errors, onChange }: ExtraDaysProps) {
  const { addButton, register, update, add, remove } = useRowList(days, onChange, (key) => ({ key, date: '', slots: [{ key: newKey(), ...NEW_SLOT }] }));
  return (
    <fieldset class="editor-part">
      <legend>Horaires particuliers à une date</legend>
      <p class="hint">Ce jour-là, ces créneaux remplacent ceux de la semaine type : pour un jour habituellement libre, ou d’autres heures que d’habitude.</p>
      {days.length === 0 && <p class="muted">Aucune date particulière.</p>}
      {days.map((row, index) => {
        const where = row.date ? dateRangeText(row.date, row.date) : `date ${index + 1}`;
        return (
          <div key={row.key} class="extra-day" data-extra-day={index + 1}>
            <InlineInput type="date" label="Date" context={`horaires particuliers ${index + 1}`} value={row.date} error={errors[`extra.${row.key}.date`]} inputRef={register(row.key)} onInput={(date) => update(row.key, { date })} />
            <SlotRows rows={row.slots} context={where} errors={errors} onChange={(slots) => update(row.key, { slots })} />
            <SmallButton hidden={where} onClick={() => remove(row.key)}>Supprimer cette date</SmallButton>
          </div>
        );
      })}
      <SmallButton buttonRef={addButton} onClick={add}>Ajouter une date</SmallButton>
    </fieldset>
  );
}
