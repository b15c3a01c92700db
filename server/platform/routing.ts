import type { Request, Response, Router } from 'express';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Role } from '../../shared/enums';
import type { Actor } from './actor';
import { forbidden, notFound, unauthorized } from './errors';
import { compileRouteSchemas, emptyObject, validateBody, validateQuery } from './validation';

export type Access = 'public' | 'authenticated' | readonly Role[];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends JSONSchema | undefined, Q extends JSONSchema | undefined> {
  method: Method;
  path: string;
  summary: string;
  /** The OpenAPI entry's longer text: a rule the summary cannot hold (what is never refused, what to ask first). */
  description?: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  status?: number;
}

type Infer<S> = S extends JSONSchema ? FromSchema<S> : Record<string, never>;

export interface RouteContext<B, Q, A> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: Record<string, string>;
  actor: A;
}

type ActorFor<A extends Access> = A extends 'public' ? Actor | undefined : Actor;

/** What the OpenAPI document is generated from: the same schemas ajv validates with. */
export const routeCatalogue = new Map<string, RouteSpec<JSONSchema | undefined, JSONSchema | undefined>>();

const OBJECT_ID = /^[a-f0-9]{24}$/;

/**
 * Declares one route: access control, validation of body, query and ids, then the handler, whose return
 * value is the JSON answer. Routes stay a translation of HTTP; the handler calls one use-case.
 */
export function route<
  const B extends JSONSchema | undefined = undefined,
  const Q extends JSONSchema | undefined = undefined,
  const A extends Access = Access,
>(
  router: Router,
  spec: RouteSpec<B, Q> & { access: A },
  handler: (ctx: RouteContext<Infer<B>, Infer<Q>, ActorFor<A>>) => unknown,
): void {
  routeCatalogue.set(`${spec.method} ${spec.path}`, spec as RouteSpec<JSONSchema | undefined, JSONSchema | undefined>);
  compileRouteSchemas((spec.body ?? emptyObject) as object, (spec.query ?? emptyObject) as object);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const actor = authorize(spec.access, req.actor);
    const params = req.params as Record<string, string>;
    for (const [name, value] of Object.entries(params)) {
      // An id that cannot exist is simply not found, like an id of another structure.
      if ((name === 'id' || name.endsWith('Id')) && !OBJECT_ID.test(value)) throw notFound();
    }
    const query = validateQuery<Infer<Q>>((spec.query ?? emptyObject) as object, req.query as Record<string, unknown>);
    const body = validateBody<Infer<B>>((spec.body ?? emptyObject) as object, req.body);
    const result = await handler({ req, res, body, query, params, actor: actor as ActorFor<A> });
    if (res.headersSent) return;
    if (result === undefined) res.status(spec.status ?? 204).end();
    else res.status(spec.status ?? 200).json(result);
  });
}

function authorize(access: Access, actor: Actor | undefined): Actor | undefined {
  if (access === 'public') return actor;
  if (!actor) throw unauthorized();
  if (access !== 'authenticated' && !access.includes(actor.role)) throw forbidden();
  return actor;
}
