/** How many calls each Transmit endpoint received, so tests can count what one flow costs. */
export class RequestCounts {
  private readonly counts = new Map<string, number>();

  count(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.counts.clear();
  }

  list(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
