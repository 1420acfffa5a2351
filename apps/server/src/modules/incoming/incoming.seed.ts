import type { DbOrTrx } from '../../db/database';
import { seedRegisterDefaults } from '../registers';

/** Default registers and document types of an organ (called from the demo seed; organs created later get them lazily). */
export async function seedIncomingDefaults(trx: DbOrTrx, organId: string): Promise<void> {
  await seedRegisterDefaults(trx, organId);
}
