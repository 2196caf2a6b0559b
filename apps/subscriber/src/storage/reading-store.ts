import { Injectable, Logger } from '@nestjs/common';
import { READING_KINDS } from '@healthcare/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import {
  rejection,
  type BatchItem,
  type BatchStore,
  type RejectionItem,
  type WriteResult,
} from './batch.js';
import { describeError, inTransaction, isDataError } from '@healthcare/database';
import { insertBatch, readBatchAnswer, splitBatch } from './statements.js';
import { CONFLICT_TABLE, READING_TABLES, REJECTION_TABLE } from './tables.js';

/**
 * Writes a batch atomically: normally as one statement (INSERT_BATCH); when the database refuses
 * a row, in one transaction row by row so that only the refused rows become rejections.
 *
 * It works on the pool's pg connections itself, to close one that failed instead of handing it
 * back: after a timeout it may be half-open, and the next batch on it would hang in turn.
 */
@Injectable()
export class ReadingStore implements BatchStore {
  private readonly logger = new Logger(ReadingStore.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async write(items: BatchItem[]): Promise<WriteResult> {
    try {
      return await this.connected((client) => writeAll(client, items));
    } catch (err) {
      // the contracts keep every reading within the columns, so this should not happen;
      // if it does, the rows the database refuses must not block the others forever
      if (!isDataError(err)) throw err;
      this.logger.warn(
        `the database refused a batch (${describeError(err)}); writing it row by row`,
      );
      return this.connected((client) => inTransaction(client, () => writeOneByOne(client, items)));
    }
  }

  /** Runs `work` on a connection of the pool; one that failed is closed, not reused. */
  private async connected<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    // TypeORM's pg Pool, configured by databaseOptions (timeouts, keepalive)
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    // the server may end the session between two messages (a shutdown): while the connection is
    // ours, that is this work's failure, not an unhandled 'error' event that ends the process
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    try {
      const result = await work(client);
      client.release(lost);
      return result;
    } catch (err) {
      client.release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      // release() has given the connection the pool's own listener
      client.removeListener('error', onError);
    }
  }
}

/** The whole batch in one statement: one round trip and one implicit transaction. */
async function writeAll(client: pg.PoolClient, items: readonly BatchItem[]): Promise<WriteResult> {
  const split = splitBatch(items);
  const { sql, params } = insertBatch(split);
  // named: the connection parses and plans it once
  const { rows } = await client.query<Record<string, unknown>>({
    name: 'insert-batch',
    text: sql,
    values: params,
  });
  const { counts, sendToCommitSeconds, conflictKeys } = readBatchAnswer(rows[0]);
  const readings = items.length - split.rejections.length;
  const inserted = READING_KINDS.reduce((sum, kind) => sum + counts[READING_TABLES[kind].name], 0);
  const conflicts = counts[CONFLICT_TABLE.name];
  return {
    inserted,
    duplicates: readings - inserted - conflicts,
    conflicts,
    rejected: counts[REJECTION_TABLE.name],
    sendToCommitSeconds,
    conflictKeys,
  };
}

/** Each reading behind a savepoint; one the database refuses becomes a rejected_message row. */
async function writeOneByOne(client: pg.PoolClient, items: BatchItem[]): Promise<WriteResult> {
  const result: WriteResult = {
    inserted: 0,
    duplicates: 0,
    conflicts: 0,
    rejected: 0,
    sendToCommitSeconds: [],
    conflictKeys: [],
  };
  const add = (more: WriteResult) => {
    result.inserted += more.inserted;
    result.duplicates += more.duplicates;
    result.conflicts += more.conflicts;
    result.rejected += more.rejected;
    result.sendToCommitSeconds.push(...more.sendToCommitSeconds);
    result.conflictKeys.push(...more.conflictKeys);
  };
  const rejections: RejectionItem[] = [];
  for (const item of items) {
    if (item.kind === 'rejected') {
      rejections.push(item);
      continue;
    }
    await client.query('SAVEPOINT reading');
    try {
      add(await writeAll(client, [item]));
      await client.query('RELEASE SAVEPOINT reading');
    } catch (err) {
      if (!isDataError(err)) throw err;
      await client.query('ROLLBACK TO SAVEPOINT reading');
      const reason = `the database refused the reading: ${describeError(err)}`;
      rejections.push(
        rejection(item.topic, item.payload, reason, item.receivedAt, item.readingIdProperty),
      );
    }
  }
  if (rejections.length > 0) add(await writeAll(client, rejections));
  return result;
}
