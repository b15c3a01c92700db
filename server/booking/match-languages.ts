import { findLanguage, relatedLanguages } from '../directory/languages';
import type { RequestToMatch } from '../matching/types';

// The languages a request may be taken in, as matching reads them: pure, over the language tables, so
// that dispatch and the capacity simulator (server/simulation) see the same related languages.

const lowerName = (code: string) => {
  const name = findLanguage(code)?.name ?? code;
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** The request's language, its related languages with their names, as matching takes them. */
export function languagesToMatch(language: string): Pick<RequestToMatch, 'language' | 'languageName' | 'relatedLanguages'> {
  return {
    language,
    languageName: lowerName(language),
    relatedLanguages: relatedLanguages(language).map((related) => ({ ...related, name: findLanguage(related.code)?.name ?? related.code })),
  };
}

/** Every code an interpreter may speak to be considered for the request. */
export const languageCodes = (request: Pick<RequestToMatch, 'language' | 'relatedLanguages'>) => [request.language, ...(request.relatedLanguages ?? []).map((related) => related.code)];
