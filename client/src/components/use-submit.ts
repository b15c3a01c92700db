import type { ValidateFunction } from 'ajv';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { check, fromServer, type FieldErrors } from '../validation';

/**
 * A form's submission: checked against the server's schema first (field errors, nothing sent), then
 * sent once at a time, with the server's refusal shown in French.
 */
export interface SubmitOptions {
  /** Adds what the schema cannot see (two fields that must match, a rule shared with the server). */
  alsoCheck?: (found: FieldErrors) => void;
  /** A business refusal (422 code) that is about one field: its message is shown at that field too. */
  fieldOfCode?: Record<string, string>;
  /** Also say above the form that fields need correcting (long forms, where the first error may be out of sight). */
  summary?: boolean;
}

export function useSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** The server's 400 marks its fields; see SubmitOptions for the rest. */
  const submit = async (schema: ValidateFunction, body: unknown, send: () => Promise<void>, options: SubmitOptions = {}) => {
    const found = check(schema, body);
    options.alsoCheck?.(found);
    setErrors(found);
    setFailure(options.summary && Object.keys(found).length > 0 ? 'Le formulaire contient des erreurs : corrigez les champs signalés.' : undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(fromServer(error.details));
      const field = error instanceof ApiError ? options.fieldOfCode?.[error.code] : undefined;
      if (field) setErrors({ [field]: (error as ApiError).message });
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setErrors({});
    setFailure(undefined);
  };
  return { errors, failure, busy, submit, reset, setFailure };
}
