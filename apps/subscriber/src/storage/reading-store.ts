import { Injectable, Logger } from '@nestjs/common';
import { READING_KINDS } from '@healthcare/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  rejection,
  type BatchItem,
  type BatchStore,
  type RejectionItem,
  type WriteResult,
} from './batch.js';
import { describeError, isDataError } from './pg-errors.js';
import {
  insertBatch,
  insertReadings,
  insertRejections,
  splitBatch,
  type BatchCounts,
  type Statement,
} from './statements.js';
import { READING_TABLES, REJECTION_TABLE } from './tables.js';

/**
 * Writes a batch atomically: normally as one statement (INSERT_BATCH); when the database refuses
 * a row, in one transaction row by row so that only the refused rows become rejections.
 */
@Injectable()
export class ReadingStore implements BatchStore {
  private readonly logger = new Logger(ReadingStore.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async write(items: BatchItem[]): Promise<WriteResult> {
    try {
      return await this.writeAll(items);
    } catch (err) {
      // the contracts keep every reading within the columns, so this should not happen;
      // if it does, the rows the database refuses must not block the others forever
      if (!isDataError(err)) throw err;
      this.logger.warn(
        `the database refused a batch (${describeError(err)}); writing it row by row`,
      );
      return this.transaction((runner) => this.writeOneByOne(runner, items));
    }
  }

  /** One round trip and one implicit transaction for the whole batch (see INSERT_BATCH). */
  private async writeAll(items: BatchItem[]): Promise<WriteResult> {
    const split = splitBatch(items);
    const { sql, params } = insertBatch(split);
    const [counts] = await this.dataSource.query<BatchCounts[]>(sql, params);
    const readings = items.length - split.rejections.length;
    const inserted = READING_KINDS.reduce(
      (sum, kind) => sum + counts[READING_TABLES[kind].name],
      0,
    );
    return { inserted, duplicates: readings - inserted, rejected: counts[REJECTION_TABLE.name] };
  }

  /** Each reading behind a savepoint; one the database refuses becomes a rejected_message row. */
  private async writeOneByOne(runner: QueryRunner, items: BatchItem[]): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: 0 };
    const rejections: RejectionItem[] = [];
    for (const item of items) {
      if (item.kind === 'rejected') {
        rejections.push(item);
        continue;
      }
      await runner.query('SAVEPOINT reading');
      try {
        const inserted = await run(runner, insertReadings(item.kind, [item.reading]));
        await runner.query('RELEASE SAVEPOINT reading');
        result.inserted += inserted;
        result.duplicates += 1 - inserted;
      } catch (err) {
        if (!isDataError(err)) throw err;
        await runner.query('ROLLBACK TO SAVEPOINT reading');
        const reason = `the database refused the reading: ${describeError(err)}`;
        rejections.push(rejection(item.topic, item.payload, reason, item.receivedAt));
      }
    }
    if (rejections.length > 0) await run(runner, insertRejections(rejections));
    result.rejected = rejections.length;
    return result;
  }

  private async transaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release().catch(() => undefined);
    }
  }
}

/** Runs a statement and returns how many rows it wrote. */
async function run(runner: QueryRunner, { sql, params }: Statement): Promise<number> {
  const result = (await runner.query(sql, params, true)) as { affected?: number };
  return result.affected ?? 0;
}
