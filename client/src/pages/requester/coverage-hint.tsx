import { useEffect, useState } from 'preact/hooks';
import { DEPARTMENT_PATTERN, MODALITIES, type Modality } from '../../../../shared/enums';
import { get, query } from '../../api';

/** What the booking form knows, as `GET /api/requests/coverage` takes it. */
export interface CoverageInput {
  language: string | undefined;
  languageName: string | undefined;
  modality: Modality;
  /** 'now' or an ISO date-time; undefined while the date is not valid. */
  start: string | undefined;
  durationMinutes: number;
  department: string;
  interpreterGender: string;
}

interface Coverage {
  eligible: number;
  byModality: Record<Modality, number | null>;
}

const PHRASE: Record<Modality, string> = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' };
const departmentPattern = new RegExp(DEPARTMENT_PATTERN);
const DEBOUNCE_MS = 350;
const count = (n: number) => `${n} interprète${n > 1 ? 's' : ''} possible${n > 1 ? 's' : ''}`;

/** The hint's French sentence: how many could come, or that nobody can and what would work instead. */
export function coverageSentence(input: CoverageInput, coverage: Coverage): string {
  const language = input.languageName?.toLowerCase() ?? 'cette langue';
  if (coverage.eligible > 0) return `${count(coverage.eligible)} en ${language} ${PHRASE[input.modality]} à cette heure-là.`;
  const others = MODALITIES.filter((m) => m !== input.modality && (coverage.byModality[m] ?? 0) > 0).map((m) => `${coverage.byModality[m]} ${PHRASE[m]}`);
  const when = input.start === 'now' ? 'maintenant' : 'à cette heure-là';
  return `Aucun·e interprète en ${language} ${PHRASE[input.modality]} ${when}${others.length > 0 ? ` ; ${others.join(', ')}` : ''}. Vous pouvez tout de même envoyer la demande : toutes les agences seront prévenues.`;
}

/**
 * Before sending: how many interpreters could take the request as it is being filled in, read from the
 * same eligibility as dispatch; it never blocks booking. Announced politely to screen readers.
 */
export function CoverageHint({ input }: { input: CoverageInput }) {
  const [text, setText] = useState<{ sentence: string; nobody: boolean }>();
  const department = input.department.trim().toUpperCase();
  const needsDepartment = input.modality === 'onsite' && !departmentPattern.test(department);
  const params = input.language && input.start && !needsDepartment
    ? query({
        language: input.language,
        modality: input.modality,
        start: input.start,
        durationMinutes: input.durationMinutes,
        department: departmentPattern.test(department) ? department : undefined,
        interpreterGender: input.interpreterGender || undefined,
      })
    : undefined;

  useEffect(() => {
    setText(undefined);
    if (!params) return;
    let current = true;
    const timer = setTimeout(() => {
      get<Coverage>(`/api/requests/coverage${params}`).then(
        (coverage) => current && setText({ sentence: coverageSentence(input, coverage), nobody: coverage.eligible === 0 }),
        () => current && setText(undefined),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [params]);

  return (
    <div class={`coverage${text?.nobody ? ' coverage--none' : ''}`} role="status" aria-live="polite" data-testid="coverage-hint">
      {text?.sentence ?? (input.language && needsDepartment ? 'Indiquez le département pour savoir qui peut venir sur place.' : '')}
    </div>
  );
}
