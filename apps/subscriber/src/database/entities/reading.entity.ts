import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every reading table has; each kind adds its values and its unique
 * (sensor_id, timestamp) index, which makes a repeated reading one row.
 */
export abstract class ReadingEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'sensor_id', type: 'varchar', length: 50, nullable: false }) sensorId: string;
  @Column({ type: 'varchar', length: 10, nullable: false }) unit: string;
  @Column({ type: 'timestamptz', nullable: false }) timestamp: Date;
  /** When the row was written; stored_at - timestamp is the end-to-end latency. */
  @Column({
    name: 'stored_at',
    type: 'timestamptz',
    nullable: false,
    default: () => 'clock_timestamp()',
  })
  storedAt: Date;
}
