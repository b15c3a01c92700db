import type { DroppedSession } from '../../api';
import { modalityLabel, paris, time } from '../../format';
import { languageName } from '../../languages';
import { Button, Dialog } from '../ui';

interface Props {
  /** The sessions the change would drop; the dialog is open while there are some. */
  sessions: DroppedSession[] | undefined;
  /** The interpreter changing their own availability, or their agency (a dispatcher, an admin). */
  forSelf: boolean;
  busy: boolean;
  onConfirm: () => void;
  /** The person keeps the sessions (the button). */
  onKeep: () => void;
  /** The dialog closed, whichever way (Escape, kept, or saved). */
  onClose: () => void;
}

const when = (s: DroppedSession) => `${paris(s.start).toFormat('cccc d LLLL')}, ${time(s.start)}–${time(s.end)}`;

/**
 * Before a change that drops confirmed sessions is saved: which ones, and what withdrawing from them
 * means (reopened at once, the structure and the agency told; under 48 hours, a late withdrawal).
 */
export function DroppedSessionsDialog({ sessions, forSelf, busy, onConfirm, onKeep, onClose }: Props) {
  const count = sessions?.length ?? 0;
  const late = sessions?.some((s) => s.late) ?? false;
  return (
    <Dialog title={count > 1 ? `${count} séances confirmées pendant ce changement` : 'Une séance confirmée pendant ce changement'} open={count > 0} onClose={onClose}>
      <p>
        {forSelf ? 'En enregistrant, vous vous désistez de ' : 'En enregistrant, l’interprète est désisté·e de '}
        {count > 1 ? 'ces séances' : 'cette séance'} : {count > 1 ? 'elles sont reproposées' : 'elle est reproposée'} aussitôt à d’autres interprètes, la structure et l’agence sont prévenues.
      </p>
      <DroppedSessionList sessions={sessions ?? []} forSelf={forSelf} />
      {late && <p class="muted">Un désistement moins de 48 heures avant la séance est tardif : il est compté dans le suivi de l’agence.</p>}
      <div class="actions">
        <Button variant="danger" busy={busy} onClick={onConfirm}>{forSelf ? 'Me désister et enregistrer' : 'Désister et enregistrer'}</Button>
        <Button variant="secondary" onClick={onKeep}>{count > 1 ? 'Garder ces séances' : 'Garder cette séance'}</Button>
      </div>
    </Dialog>
  );
}

/** The sessions a change would drop, each with its day, hours, language and modality, and whether withdrawing is late. */
export function DroppedSessionList({ sessions, forSelf }: { sessions: DroppedSession[]; forSelf: boolean }) {
  return (
    <ul class="dropped-sessions" data-testid="dropped-sessions">
      {sessions.map((s) => (
        <li key={s.requestId}>
          <strong>{when(s)}</strong> · {languageName(s.language)} · {modalityLabel(s.modality)}
          {s.late && <span class="late"> · désistement tardif (moins de 48 h avant){forSelf ? ', compté dans votre dossier' : ', compté dans le dossier de l’interprète'}</span>}
        </li>
      ))}
    </ul>
  );
}
