/** A target the bench holds the app to, and how this run did against it. */
export type Budget = { name: string; limit: string; actual: string; met: boolean };
