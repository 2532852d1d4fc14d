/** What the emulator "sent" instead of an SMS: the phone a developer reads the code from. */
export type OutboxMessage = { to: string; text: string; code: string; sent_at: string };

const KEEP = 200;

export class Outbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(private readonly onMessage: (message: OutboxMessage) => void) {}

  record(to: string, code: string, appName: string): OutboxMessage {
    const message = { to, text: `${code} is your ${appName} verification code.`, code, sent_at: new Date().toISOString() };
    this.messages.push(message);
    if (this.messages.length > KEEP) this.messages.shift();
    this.onMessage(message);
    return message;
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Oldest first, newest last. */
  list(): readonly OutboxMessage[] {
    return this.messages;
  }
}
