/**
 * Typed access to the generated API contract (schema.d.ts, from the server's /api/openapi.json by
 * scripts/api-types.ts). Web types for an endpoint are taken from here instead of being copied by hand, so a
 * server change the web does not follow fails `npm run typecheck`.
 */
import type { paths } from './schema';

export type ApiPath = keyof paths;
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body of a 200 (or 201) answer of `method path`. */
export type ApiResponse<P extends ApiPath, M extends ApiMethod = 'get'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer R } } } }
    ? R
    : never;

/** The JSON request body of `method path`. */
export type ApiBody<P extends ApiPath, M extends ApiMethod> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** `true` when an endpoint has no typed JSON answer (no response schema): used to keep the aliases honest. */
export type IsUntyped<T> = [T] extends [never] ? true : unknown extends T ? true : false;
