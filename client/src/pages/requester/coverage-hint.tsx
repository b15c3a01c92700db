import { useEffect, useState } from 'preact/hooks';
import { alternativeOptions, type AlternativesView } from '../../../../shared/coverage-advice';
import { DEPARTMENT_PATTERN, MODALITIES, type Modality } from '../../../../shared/enums';
import type { Every } from '../../../../shared/series';
import { get, query } from '../../api';
import { dateTime, ZONE } from '../../format';

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
  /** A specialty counts only the interpreters holding the qualifications it requires ('' for none). */
  specialty?: string | undefined;
  /** The exchanges before and after (0 to 15 minutes): the agenda must hold them too. */
  briefingMinutes?: number;
  debriefingMinutes?: number;
  /** A series: every session is counted. */
  recurrence?: { every: Every; count: number } | undefined;
  /** The structure's zone, in which the sessions' times are written. */
  timeZone?: string | undefined;
}

/** One session of a series as counted: its start (ISO), how many could come, and what would work when nobody can. */
export interface SessionCoverage {
  occurrence: number;
  start: string;
  eligible: number;
  alternatives?: AlternativesView | undefined;
}

interface Coverage {
  eligible: number;
  byModality: Record<Modality, number | null>;
  occurrences?: SessionCoverage[];
}

const PHRASE: Record<Modality, string> = { phone: 'par téléphone', video: 'en visioconférence', onsite: 'sur place' };
const departmentPattern = new RegExp(DEPARTMENT_PATTERN);
const DEBOUNCE_MS = 350;
const count = (n: number) => `${n} interprète${n > 1 ? 's' : ''} possible${n > 1 ? 's' : ''}`;

/** A session of a series nobody can take, in words, with what would work: "Séance 4/6, jeudi 22 avril 2027 à 10h00 : aucun·e interprète…". */
export function gapSentence(modality: Modality, session: Pick<SessionCoverage, 'occurrence' | 'start' | 'alternatives'>, size: number, zone: string = ZONE): string {
  const options = alternativeOptions(modality, session.alternatives, zone);
  const instead = options.length > 0 ? `possible : ${options.join(' ; ou ')}` : 'ni une autre modalité ni un autre horaire dans les 7 jours';
  return `Séance ${session.occurrence}/${size}, ${dateTime(session.start, zone)} : aucun·e interprète ${PHRASE[modality]} ; ${instead}.`;
}

/** The hint for a series: every session has somebody, or which have nobody and what would work for them. */
function seriesSentences(input: CoverageInput, sessions: SessionCoverage[], language: string): string[] {
  const covered = sessions.filter((s) => s.eligible > 0);
  const fewest = Math.min(...covered.map((s) => s.eligible));
  if (covered.length === sessions.length) return [`Au moins ${count(fewest)} en ${language} ${PHRASE[input.modality]} pour chacune des ${sessions.length} séances.`];
  return [
    ...sessions.filter((s) => s.eligible === 0).map((s) => gapSentence(input.modality, s, sessions.length, input.timeZone)),
    ...(covered.length > 0 ? [`Les ${covered.length} autres séances : au moins ${count(fewest)} en ${language}.`] : []),
    'Vous pouvez tout de même envoyer la demande : toutes les agences seront prévenues.',
  ];
}

/** The hint's French sentences: how many could come, or that nobody can and what would work instead. */
export function coverageSentences(input: CoverageInput, coverage: Coverage): string[] {
  const language = input.languageName?.toLowerCase() ?? 'cette langue';
  if (coverage.occurrences) return seriesSentences(input, coverage.occurrences, language);
  return [coverageSentence(input, coverage, language)];
}

function coverageSentence(input: CoverageInput, coverage: Coverage, language: string): string {
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
  const [text, setText] = useState<{ sentences: string[]; nobody: boolean }>();
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
        specialty: input.specialty || undefined,
        briefingMinutes: input.briefingMinutes || undefined,
        debriefingMinutes: input.debriefingMinutes || undefined,
        every: input.recurrence?.every,
        count: input.recurrence?.count,
      })
    : undefined;

  useEffect(() => {
    setText(undefined);
    if (!params) return;
    let current = true;
    const timer = setTimeout(() => {
      get<Coverage>(`/api/requests/coverage${params}`).then(
        (coverage) => current && setText({ sentences: coverageSentences(input, coverage), nobody: (coverage.occurrences ?? [coverage]).some((c) => c.eligible === 0) }),
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
      {text?.sentences.map((sentence) => <p key={sentence}>{sentence}</p>) ?? (input.language && needsDepartment ? 'Indiquez le département pour savoir qui peut venir sur place.' : '')}
    </div>
  );
}
