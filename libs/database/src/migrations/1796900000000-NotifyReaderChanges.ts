import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement trigger on `reader` and `reader_credential` notifies `reader_registry` on every
 * change, as the device registry's does, so the API can keep the readers it has looked up and
 * drop them the moment one is disabled, removed or its token ended.
 */
export class NotifyReaderChanges1796900000000 implements MigrationInterface {
  name = 'NotifyReaderChanges1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_reader_registry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('reader_registry', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$`);
    for (const table of ['reader', 'reader_credential']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_changed
          AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION notify_reader_registry()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER reader_credential_changed ON reader_credential');
    await queryRunner.query('DROP TRIGGER reader_changed ON reader');
    await queryRunner.query('DROP FUNCTION notify_reader_registry()');
  }
}
