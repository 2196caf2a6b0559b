import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early-warning alerts: one row per episode of a patient's cause (a NEWS2 parameter scoring 3,
 * or the partial sum reaching its threshold), updated while it lasts and closed when the values
 * return. At most one open alert per patient and cause: a partial unique index, so two scorers
 * at once cannot both open one.
 */
export class CreateAlert1796700000000 implements MigrationInterface {
  name = 'CreateAlert1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alert (
        id BIGSERIAL PRIMARY KEY,
        patient VARCHAR(64) NOT NULL,
        cause VARCHAR(20) NOT NULL
          CHECK (cause IN ('systolic', 'pulse', 'temperature', 'partial-sum')),
        opened_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        -- the parameter's newest value (none for the partial sum) and its score (or the sum)
        value NUMERIC(6,2),
        score SMALLINT NOT NULL CHECK (score >= 0),
        observed_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        closed_at TIMESTAMPTZ,
        acknowledged_by INTEGER REFERENCES reader (id) ON DELETE SET NULL,
        acknowledged_at TIMESTAMPTZ,
        CHECK (acknowledged_by IS NULL OR acknowledged_at IS NOT NULL)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX alert_one_open_idx ON alert (patient, cause) WHERE closed_at IS NULL',
    );
    // the newest alerts first, open or not, and a patient's
    await queryRunner.query('CREATE INDEX alert_opened_at_idx ON alert (opened_at DESC, id DESC)');
    await queryRunner.query(
      'CREATE INDEX alert_patient_opened_at_idx ON alert (patient, opened_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE alert');
  }
}
