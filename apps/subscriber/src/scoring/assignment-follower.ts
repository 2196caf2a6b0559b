import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ASSIGNMENT_CHANNEL, describeError, listeningClient } from '@healthcare/database';
import type pg from 'pg';

export interface AssignmentFollowerOptions {
  databaseUrl: string;
  statementTimeoutMs: number;
  /** Told of every change that may have been made: announced, or unheard while not listening. */
  onChange: () => void;
}

/**
 * Follows the assignment table's changes (its trigger notifies ASSIGNMENT_CHANNEL) on a
 * connection of its own, opened at the first round and again after one is lost.
 */
export class AssignmentFollower implements OnApplicationShutdown {
  private readonly logger = new Logger(AssignmentFollower.name);
  private client: pg.Client | undefined;
  private stopped = false;
  private failing: string | undefined;

  constructor(private readonly options: AssignmentFollowerOptions) {}

  /**
   * True when every change committed before the call has been told (`onChange`) by the time it
   * resolves: PostgreSQL sends a listener's pending notifications before the answer to its next
   * query, so one round trip suffices. False while it cannot listen.
   */
  async sync(): Promise<boolean> {
    if (this.stopped) return false;
    try {
      const client = await this.connection();
      await client.query('SELECT 1');
      if (this.failing !== undefined) this.logger.log('assignment changes followed again');
      this.failing = undefined;
      return true;
    } catch (err) {
      await this.drop();
      const reason = describeError(err);
      if (reason !== this.failing) {
        this.logger.warn(`not following assignment changes (${reason}): each round reads them`);
      }
      this.failing = reason;
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.drop();
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.client = await listeningClient({
      url: this.options.databaseUrl,
      channel: ASSIGNMENT_CHANNEL,
      applicationName: 'healthcare-subscriber-assignments',
      statementTimeoutMs: this.options.statementTimeoutMs,
      queryTimeoutMs: this.options.statementTimeoutMs + 2000,
      onNotification: () => this.options.onChange(),
      // the next sync fails on the closed connection and opens another at the round after
      onLost: () => this.options.onChange(),
    });
    // what changed before it listened was not announced to it
    this.options.onChange();
    return this.client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
