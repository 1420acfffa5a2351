import type { Deps } from '../../deps';

/**
 * The one seam through which dashboards read. Today it is the primary; when the scale-out work adds a read
 * replica (DATABASE_REPLICA_URL → deps.dbRead), switch here and every report follows.
 */
export function readDeps(deps: Deps): Deps {
  const replica = (deps as Deps & { dbRead?: Deps['db'] }).dbRead;
  return replica ? { ...deps, db: replica } : deps;
}
