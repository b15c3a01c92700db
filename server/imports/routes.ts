import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { importBody, importQuery } from '../../shared/schemas/imports';
import type { Config } from '../platform/config';
import { route } from '../platform/routing';
import { decodeCsvFile, readableCsvText } from './csv';
import { importInterpreters } from './interpreters';
import { importStructures } from './structures';

export const IMPORT_PATHS = '/api/imports';
/** A CSV of IMPORT_MAX_CHARS characters, accents taking two bytes, inside its JSON or as its bytes. */
const IMPORT_BODY_LIMIT = '3mb';

/** CSV imports of structures and interpreters (admins): `?dryRun=true` previews, otherwise all or nothing. */
export function importsRouter(config: Config): Router {
  const router = Router();
  const tag = 'directory';
  const json = express.json({ limit: IMPORT_BODY_LIMIT, strict: true });
  const raw = express.raw({ type: 'text/csv', limit: IMPORT_BODY_LIMIT });
  // The file comes as `{ csv }` JSON or as its bytes (`Content-Type: text/csv`); either way the route
  // sees `{ csv }` with the file's text, and a text that was not decoded is refused here.
  const readFile = (req: Request, res: Response, next: NextFunction) => {
    const parser = req.is('text/csv') ? raw : json;
    parser(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        if (Buffer.isBuffer(req.body)) req.body = { csv: decodeCsvFile(req.body) };
        else if (typeof (req.body as { csv?: unknown } | undefined)?.csv === 'string') readableCsvText((req.body as { csv: string }).csv);
        next();
      } catch (refused) {
        next(refused);
      }
    });
  };
  // The larger body limit is for admins only: anybody else is refused by the route before any body is read.
  router.use(IMPORT_PATHS, (req: Request, res: Response, next: NextFunction) => (req.actor?.role === 'admin' ? readFile(req, res, next) : next()));

  route(router, { method: 'post', path: `${IMPORT_PATHS}/structures`, summary: 'Import structures from a CSV file (nom;type;département;commune;FINESS): every row checked, dryRun previews, else all or nothing', tag, access: ['admin'], body: importBody, query: importQuery },
    async ({ res, body, query }) => {
      const report = await importStructures(body.csv, query.dryRun === 'true');
      res.status(report.dryRun ? 200 : 201).json(report);
    });
  route(router, { method: 'post', path: `${IMPORT_PATHS}/interpreters`, summary: 'Import interpreters from a CSV file (nom;prénom;email;téléphone;agence;langues;modalités;départements;spécialités;genre) and invite them: dryRun previews, else all or nothing', tag, access: ['admin'], body: importBody, query: importQuery },
    async ({ res, actor, body, query }) => {
      const report = await importInterpreters(body.csv, query.dryRun === 'true', { publicUrl: config.publicUrl, inviterName: actor.name });
      res.status(report.dryRun ? 200 : 201).json(report);
    });
  return router;
}
