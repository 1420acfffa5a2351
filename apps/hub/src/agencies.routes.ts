import type { FastifyInstance } from 'fastify';
import { deleteAgency, listAgencies, saveAgency, type Agency } from './agencies.repo';
import type { HubDeps } from './context';
import { HubError } from './errors';
import { bodyDigest, rememberSignature } from './replay';
import { ok } from './reply';
import { organOwner } from './systems.repo';
import { auth } from './vxp.routes';

function str(v: unknown, max: number, required: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new HubError('hub.agency_invalid', 'thiếu trường bắt buộc');
    return null;
  }
  if (typeof v !== 'string' || v.length > max) throw new HubError('hub.agency_invalid');
  return v.normalize('NFC').trim();
}

function bodyObject(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * The agency directory: everyone may list it; a system registers and deletes the entries of the organs
 * it speaks for (an admin system may edit any entry).
 */
export async function agencyRoutes(app: FastifyInstance, deps: HubDeps): Promise<void> {
  // getAgenciesListQD20 (codes after QĐ 20) and getSynchronizeUnit (the units to synchronise) answer
  // from the same directory: this hub keeps one list of codes.
  for (const path of ['/getAgenciesList', '/getAgenciesListQD20', '/getSynchronizeUnit']) {
    app.post(path, async () => ok({ data: await listAgencies(deps.pool) }));
  }

  // The official client posts {code, pcode, name, mail, mobile, fax}; our older names are read too.
  // Its signature does not cover the body: the signature memory refuses it with another body.
  app.post('/registerAgency', async (req) => {
    const ctx = auth(req);
    const b = bodyObject(req.body);
    const code = str(b.code, 64, true)!;
    const agency: Agency = {
      code,
      name: str(b.name, 200, true)!,
      parentCode: str(b.pcode ?? b.parentCode, 64, false),
      systemId: null,
      address: str(b.address, 500, false),
      email: str(b.mail ?? b.email, 100, false),
      telephone: str(b.telephone, 20, false),
      website: str(b.website, 200, false),
      mobile: str(b.mobile, 20, false),
      fax: str(b.fax, 20, false),
      oldCode: str(b.oldCode, 64, false),
      code102: str(b.code102, 64, false),
    };
    const owner = await organOwner(deps.pool, code);
    if (owner !== ctx.system.systemId && !ctx.system.isAdmin) throw new HubError('hub.auth_foreign_organ', code);
    agency.systemId = owner;
    await rememberSignature(deps.pool, ctx, bodyDigest(req.body), deps.now());
    await saveAgency(deps.pool, agency, deps.now());
    return ok({ data: agency });
  });

  app.post('/deleteAgency', async (req) => {
    const ctx = auth(req);
    // The official client names the agency in the signed header AgencyCode; older clients sent code.
    const signedCode = ctx.headers.agencycode ?? ctx.headers.code;
    const code = signedCode ?? str(bodyObject(req.body).code, 64, true)!;
    if (signedCode === undefined) await rememberSignature(deps.pool, ctx, bodyDigest(req.body), deps.now());
    const owner = await organOwner(deps.pool, code);
    if (owner !== ctx.system.systemId && !ctx.system.isAdmin) throw new HubError('hub.auth_foreign_organ', code);
    if (!(await deleteAgency(deps.pool, code))) throw new HubError('hub.not_found', code);
    return ok();
  });
}
