import fs from 'node:fs';

/**
 * fsync of a directory, shared: callers that arrive while one fsync runs wait for the next one, which
 * covers all their renames at once (group commit). The directory stays open between calls.
 */
export class DirSync {
  private fh: Promise<fs.promises.FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly dir: string) {}

  sync(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return (this.running = this.run());
    const after = this.running.catch(() => {});
    this.next = after.then(() => {
      this.next = null;
      return (this.running = this.run());
    });
    return this.next;
  }

  private async run(): Promise<void> {
    try {
      this.fh ??= fs.promises.open(this.dir, 'r');
      const fh = await this.fh.catch((err: unknown) => {
        this.fh = null;
        throw err;
      });
      await fh.sync();
    } finally {
      this.running = null;
    }
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh) await (await fh.catch(() => null))?.close();
  }
}
