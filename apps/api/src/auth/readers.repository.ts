import { Inject, Injectable } from '@nestjs/common';
import { isValidAt, tokenDigest } from '@healthcare/credentials';
import { Database } from '../database/database.js';
import type { Reader } from './reader.js';
import { ReaderCache, type ReaderCredential } from './reader-cache.js';

interface CredentialRow {
  id: number;
  name: string;
  patient: string | null;
  not_before: Date;
  not_after: Date | null;
}

/** Finds the reader a token belongs to, by the token's digest (the only form stored). */
@Injectable()
export class ReadersRepository {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ReaderCache) private readonly cache: ReaderCache,
  ) {}

  /** The enabled reader of a credential valid at `at`, or undefined. */
  async byToken(token: string, at: Date): Promise<Reader | undefined> {
    let credential = this.cache.get(token);
    if (!credential) {
      const mark = this.cache.mark();
      credential = await this.lookUp(tokenDigest(token));
      if (credential) this.cache.keep(token, credential, mark);
    }
    return credential && isValidAt(credential, at) ? credential.reader : undefined;
  }

  private async lookUp(digest: Buffer): Promise<ReaderCredential | undefined> {
    const { rows } = await this.database.query<CredentialRow>(
      `SELECT r.id, r.name, r.patient, c.not_before, c.not_after
         FROM reader_credential c JOIN reader r ON r.id = c.reader_id
        WHERE c.token_digest = $1 AND r.disabled_at IS NULL`,
      [digest],
    );
    const row = rows[0];
    return (
      row && {
        reader: { id: row.id, name: row.name, patient: row.patient },
        notBefore: row.not_before,
        notAfter: row.not_after,
      }
    );
  }
}
