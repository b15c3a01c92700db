import { useRef, useState } from 'preact/hooks';
import { type ApiError, post } from '../api';
import { Alert, Button } from './ui';

type Shared = 'shared' | 'copied' | 'by-hand';

const OUTCOMES: Record<Shared, string> = {
  shared: 'Lien partagé.',
  copied: 'Lien copié.',
  'by-hand': 'Le lien est sélectionné ci-dessus : copiez-le (Ctrl+C, ou appui long puis « Copier »).',
};

/** The phone's share sheet, else the clipboard, else the person copies the link by hand: there is always an outcome to say. */
async function shareLink(url: string): Promise<Shared> {
  const text = { title: 'Invitation à un appel d’interprétariat', url };
  if (navigator.share && navigator.canShare?.(text)) {
    try {
      await navigator.share(text);
      return 'shared';
    } catch {
      // Closed or refused: the clipboard next.
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    return 'copied';
  } catch {
    return 'by-hand';
  }
}

/** "Inviter une personne": a link for one more participant (a colleague, a relative who must hear), for this session only. */
export function GuestLink({ requestId }: { requestId: string }) {
  const [link, setLink] = useState<{ joinUrl: string; expiresAt: string }>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [shared, setShared] = useState<Shared>();
  const input = useRef<HTMLInputElement>(null);
  const create = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      setLink(await post<{ joinUrl: string; expiresAt: string }>(`/api/requests/${requestId}/guests`, {}));
    } catch (e) {
      setFailure((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  if (link) {
    const share = async () => {
      const outcome = await shareLink(link.joinUrl);
      if (outcome === 'by-hand') {
        input.current?.focus();
        input.current?.select();
      }
      setShared(outcome);
    };
    return (
      <div class="guest-link">
        <label>
          Lien pour une personne de plus, valable pour cette séance seulement :
          <input ref={input} type="text" readOnly value={link.joinUrl} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <Button variant="secondary" onClick={() => void share()}>Partager ou copier le lien</Button>
        <p role="status" class="guest-link-outcome">{shared ? OUTCOMES[shared] : ''}</p>
      </div>
    );
  }
  return (
    <>
      {failure && <Alert>{failure}</Alert>}
      <Button variant="secondary" busy={busy} onClick={() => void create()}>Inviter une personne dans l’appel</Button>
    </>
  );
}
