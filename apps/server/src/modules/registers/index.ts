/**
 * Public entry of the registers module — document registers (sổ văn bản) and document types: numbering is taken here.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { findDocType, listDocTypes } from './doctypes.service';
export { seedRegisterDefaults } from './registers.seed';
export {
  checkRegisterFits,
  createRegister,
  ensureRegisterDefaults,
  getRegister,
  listRegisters,
  registerFor,
  takeNumber,
  type RegisterOut,
} from './registers.service';
export { type RegistersTables } from './registers.tables';
