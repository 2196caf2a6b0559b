import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement trigger on `assignment` notifies `assignment_changes` on every change, whoever
 * makes it (the API, `pnpm readers patients`, plain SQL), so the subscriber's scorer can keep the
 * devices' assignments and its patients' vitals in memory and drop them the moment one changes.
 */
export class NotifyAssignmentChanges1797000000000 implements MigrationInterface {
  name = 'NotifyAssignmentChanges1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_assignment_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('assignment_changes', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignment
        FOR EACH STATEMENT EXECUTE FUNCTION notify_assignment_changes()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER assignment_changed ON assignment');
    await queryRunner.query('DROP FUNCTION notify_assignment_changes()');
  }
}
