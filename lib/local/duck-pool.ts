import { Duck } from "../pipeline/duck";

/**
 * A few connections to one DuckDB instance. A dashboard view sends about ten independent queries at
 * once; on one connection they took turns, and the single-threaded parts of each (parsing, binding,
 * reading Parquet footers, converting rows) left the second core idle. Connections share the instance's
 * threads and memory limit, so more of them does not mean more CPU or memory than one instance.
 */
export class DuckPool {
  private root: Promise<Duck> | null = null;
  private readonly idle: Duck[] = [];
  private readonly waiting: ((d: Duck) => void)[] = [];
  private opened = 0;

  constructor(
    private readonly open: () => Promise<Duck>,
    private readonly size: number,
  ) {}

  /** Runs fn on a free connection, opening one while fewer than `size` exist, else waiting for one. */
  async use<T>(fn: (d: Duck) => Promise<T>): Promise<T> {
    const d = await this.acquire();
    try {
      return await fn(d);
    } finally {
      this.release(d);
    }
  }

  private async acquire(): Promise<Duck> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.opened < this.size) {
      this.opened++;
      try {
        if (!this.root) {
          this.root = this.open();
          return await this.root;
        }
        return await (await this.root).connect();
      } catch (e) {
        this.opened--;
        if (this.opened === 0) this.root = null;
        throw e;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(d: Duck): void {
    const next = this.waiting.shift();
    if (next) next(d);
    else this.idle.push(d);
  }
}
