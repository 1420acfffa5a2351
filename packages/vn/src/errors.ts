/** An error from @vanthu/vn: a stable namespaced code plus a Vietnamese message. */
export class VnError extends Error {
  override readonly name = 'VnError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
