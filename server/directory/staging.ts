import type { StructureCreateBody } from '../../shared/schemas/directory';
import { imports, type Filter } from './store';
import { forgetStructureSummaries, regionCode } from './structures';

// The directory's side of a CSV import: rows staged invisible, then activated together (store.ts
// `imports` says why). An import is minutes at most; a stage older than that was abandoned.

const ABANDONED_AFTER_MS = 15 * 60_000;

export async function stageStructures(importId: string, bodies: readonly StructureCreateBody[]): Promise<string[]> {
  return imports.stage('structures', importId, bodies.map((body) => ({ ...body, region: regionCode(body.department) })));
}

/** Interpreters as `importableInterpreter` prepared them (invited, no password). */
export async function stageInterpreters(importId: string, documents: readonly Filter[]): Promise<string[]> {
  return imports.stage('users', importId, [...documents]);
}

/** Makes every row of the import visible and active at once; answers how many. */
export async function activateStaged(collection: 'structures' | 'users', importId: string): Promise<number> {
  const count = await imports.activate(collection, importId);
  if (collection === 'structures') forgetStructureSummaries();
  return count;
}

export async function discardStaged(importId: string): Promise<void> {
  await imports.discard({ importId });
}

/** Removes what imports staged and never activated (the process stopped half-way): at start and in the housekeeping. */
export async function discardAbandonedImports(now = new Date()): Promise<number> {
  return imports.discard({ before: new Date(now.getTime() - ABANDONED_AFTER_MS) });
}
