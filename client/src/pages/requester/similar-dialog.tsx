import { Button, Dialog } from '../../components/ui';
import { dateTime, duration, modalityLabel, statusLabel } from '../../format';
import { languageName } from '../../languages';
import type { RequestView } from '../../types';

/**
 * Before sending a likely duplicate (same language and modality, overlapping time, for the structure):
 * the requests already there, and the choice to send anyway or not.
 */
export function SimilarDialog({ requests, busy, onSend, onClose }: { requests: RequestView[] | undefined; busy: boolean; onSend: () => void; onClose: () => void }) {
  const several = (requests?.length ?? 0) > 1;
  return (
    <Dialog title={several ? 'Des demandes semblables existent déjà' : 'Une demande semblable existe déjà'} open={Boolean(requests)} onClose={onClose}>
      <div class="stack" data-testid="similar-requests">
        <ul>
          {(requests ?? []).map((r) => (
            <li key={r.id}>
              {languageName(r.language)} · {modalityLabel(r.modality)}, {dateTime(r.start, r.timeZone)} ({duration(r.durationMinutes)}){r.occurrence ? `, séance ${r.occurrence}` : ''}{r.patientRef ? `, réf. ${r.patientRef}` : ''} : {statusLabel(r.status, 'requester').toLowerCase()}.
            </li>
          ))}
        </ul>
        <p>Envoyer quand même ?</p>
        <div class="actions">
          <Button busy={busy} onClick={onSend}>Envoyer quand même</Button>
          <Button variant="secondary" onClick={onClose}>Ne pas envoyer</Button>
        </div>
      </div>
    </Dialog>
  );
}
