import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox for acknowledgements: the API records one in the acknowledging transaction (the
 * alert's `acknowledged_at`), and the subscriber publishes it on `alerts` and then sets
 * `acknowledgement_published_at`, after the broker's PUBACK. What is acknowledged while the
 * subscriber or the broker is away waits here. Acknowledgements made before this migration were
 * never meant to be published: they count as published.
 */
export class AddAlertAcknowledgementOutbox1796800000000 implements MigrationInterface {
  name = 'AddAlertAcknowledgementOutbox1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE alert ADD COLUMN acknowledgement_published_at TIMESTAMPTZ,
        ADD CONSTRAINT alert_acknowledgement_published_check
          CHECK (acknowledgement_published_at IS NULL OR acknowledged_at IS NOT NULL)`);
    await queryRunner.query(
      'UPDATE alert SET acknowledgement_published_at = acknowledged_at WHERE acknowledged_at IS NOT NULL',
    );
    // what is left to publish, oldest first: a handful of rows however long the table
    await queryRunner.query(`
      CREATE INDEX alert_acknowledgement_unpublished_idx ON alert (acknowledged_at, id)
        WHERE acknowledged_at IS NOT NULL AND acknowledgement_published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX alert_acknowledgement_unpublished_idx');
    await queryRunner.query(
      'ALTER TABLE alert DROP CONSTRAINT alert_acknowledgement_published_check, DROP COLUMN acknowledgement_published_at',
    );
  }
}
