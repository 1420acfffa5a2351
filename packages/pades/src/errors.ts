/** An error with a stable namespaced code and a Vietnamese message. */
export class PadesError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PadesError';
    this.code = code;
  }
}
