// Fastify routes made from the route table (protocol/routes.ts), so what the
// server answers, what it documents and what clients call cannot drift. The
// table says how to parse; a handler gets the parsed input and only decides.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { z } from 'zod';
import type { RouteSpec, RouteTable } from '../../protocol/routes.ts';
import { HttpError, parseWith } from './http-error.ts';

/**
 * The body of a `rawJson` route as it arrived: JSON text not parsed yet, or
 * what another content type gave (text/plain arrives as a string), for the
 * route's schema to refuse.
 */
export type RawBody = { readonly text: string } | { readonly value: unknown };

type Parsed<R, K extends 'params' | 'query'> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

type BodyOf<R> = R extends { readonly body: infer B }
  ? B extends { readonly rawJson: true }
    ? RawBody
    : B extends { readonly rawFile: object }
      ? Uint8Array
      : B extends { readonly schema: infer S extends z.ZodType }
        ? z.output<S>
        : never
  : undefined;

export interface RouteInput<R extends RouteSpec> {
  readonly params: Parsed<R, 'params'>;
  readonly query: Parsed<R, 'query'>;
  readonly body: BodyOf<R>;
  /** For the caller (principalOf) and its address; the guard has run. */
  readonly req: FastifyRequest;
  /** For the few answers that carry more than a body: the session cookie of sign-in and sign-out. */
  readonly reply: FastifyReply;
}

/** What the route answers: anything its response schema accepts; the bytes themselves for an image. */
export type RouteOutput<R extends RouteSpec> = R['response'] extends { readonly contentType: 'image/webp' }
  ? Uint8Array
  : R['response'] extends { readonly csv: object }
    ? z.input<R['response']['schema']> | CsvAnswer
    : z.input<R['response']['schema']>;

/** The CSV a route with `response.csv` answers when asked for `format=csv`. */
export class CsvAnswer {
  constructor(readonly text: string) {}
}

export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>) => RouteOutput<R> | Promise<RouteOutput<R>>;

/** A handler, or one with a hook that runs before the body is read (a rate limit). */
export type RouteImpl<R extends RouteSpec> = RouteHandler<R> | { readonly onRequest: onRequestAsyncHookHandler; readonly handle: RouteHandler<R> };

/** One implementation per operation id, none left out and none extra. */
export type RouteHandlers<T extends RouteTable> = { readonly [K in keyof T]: RouteImpl<T[K]> };

/** A JSON body kept as text for a `rawJson` route, told apart from a text/plain body, which is a bare string too. */
class JsonText {
  constructor(readonly text: string) {}
}

function rawBodyOf(body: unknown): RawBody {
  return body instanceof JsonText ? { text: body.text } : { value: body };
}

/** A file route's body: the bytes its parser gave, or a 415 naming the types it takes (a JSON body, say). */
function fileBodyOf(body: unknown, mediaTypes: readonly string[]): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw new HttpError(415, 'unsupported-media-type', `send the file as the body, with Content-Type ${mediaTypes.join(' or ')}`, null, {}, { types: mediaTypes.join(', ') });
}

function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => name ?? '');
}

/** The table is data; a mistake in it is caught when the server starts, not when a request comes. */
function checkTable(table: RouteTable, handlers: Readonly<Record<string, unknown>>): void {
  for (const id of Object.keys(handlers)) if (!(id in table)) throw new Error(`routes: a handler for ${id}, which is not in the route table`);
  const seen = new Set<string>();
  for (const [id, spec] of Object.entries(table)) {
    if (!(id in handlers)) throw new Error(`routes: ${id} (${spec.method} ${spec.path}) has no handler`);
    const key = `${spec.method} ${spec.path}`;
    if (seen.has(key)) throw new Error(`routes: ${key} is in the route table twice`);
    seen.add(key);
    const named = pathParamNames(spec.path).sort();
    const parsed = Object.keys(spec.params?.shape ?? {}).sort();
    if (named.join() !== parsed.join()) throw new Error(`routes: ${id} names path parameters [${named.join(', ')}] but parses [${parsed.join(', ')}]`);
  }
}

/**
 * Registers every route of `table` on `app` with its implementation. Params,
 * then query, then body are parsed with the table's schemas (a 400 that names
 * the field, from parseWith), except a `rawJson` body, which the handler gets
 * as text for the push pipeline to parse off the event loop.
 */
export async function registerRoutes<T extends RouteTable>(app: FastifyInstance, table: T, handlers: NoInfer<RouteHandlers<T>>): Promise<void> {
  checkTable(table, handlers);
  const add = (scope: FastifyInstance, spec: RouteSpec, impl: RouteImpl<RouteSpec>): void => {
    const handle = typeof impl === 'function' ? impl : impl.handle;
    const body = spec.body;
    scope.route({
      method: spec.method,
      url: spec.path,
      config: { access: spec.access, whilePasswordMustChange: spec.whilePasswordMustChange === true },
      ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
      ...(typeof impl === 'function' ? {} : { onRequest: impl.onRequest }),
      handler: async (req, reply) => {
        const params: unknown = spec.params ? parseWith(spec.params, req.params) : undefined;
        const query: unknown = spec.query ? parseWith(spec.query, req.query) : undefined;
        const parsedBody: unknown = body === undefined ? undefined : body.rawJson ? rawBodyOf(req.body) : body.rawFile ? fileBodyOf(req.body, body.rawFile.mediaTypes) : parseWith(body.schema, req.body);
        // Parsed with the very schemas RouteInput<T[K]> is inferred from; the
        // types cannot follow that through a loop over the table.
        const answer: unknown = await handle({ params, query, body: parsedBody, req, reply } as RouteInput<RouteSpec>);
        const file = spec.response.file;
        // Set only once the handler answered: a refusal keeps the JSON error envelope.
        if (file) void reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`);
        if (answer instanceof CsvAnswer) {
          void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${spec.response.csv?.filename ?? 'data.csv'}"`);
          return answer.text;
        }
        return answer;
      },
    });
  };

  const entries = Object.entries(table).map(([id, spec]) => ({ spec, impl: (handlers as Readonly<Record<string, RouteImpl<RouteSpec>>>)[id] }));
  const plain = entries.filter((e) => !e.spec.body?.rawJson && !e.spec.body?.rawFile);
  const raw = entries.filter((e) => e.spec.body?.rawJson);
  const files = entries.filter((e) => e.spec.body?.rawFile);
  for (const { spec, impl } of plain) if (impl) add(app, spec, impl);
  for (const { spec, impl } of files) {
    // Each file route in a scope of its own, taking exactly its media types as bytes.
    await app.register(async (scope) => {
      scope.addContentTypeParser([...(spec.body?.rawFile?.mediaTypes ?? [])], { parseAs: 'buffer' }, (_req, bytes, done) => done(null, bytes));
      if (impl) add(scope, spec, impl);
    });
  }
  if (raw.length === 0) return;
  // Their own scope, so only these routes take application/json as text.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => done(null, new JsonText(String(text))));
    for (const { spec, impl } of raw) if (impl) add(scope, spec, impl);
  });
}
