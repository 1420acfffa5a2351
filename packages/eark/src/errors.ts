/** A refusal of the package as a whole (hostile or unreadable), with a stable code. */
export class EarkError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The CSIP requirement or rule broken, when there is one. */
    readonly requirement?: string,
  ) {
    super(message);
    this.name = 'EarkError';
  }
}
