import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A reading whose sensor_id and timestamp were stored with other values; the stored one stays. */
@Entity({ name: 'conflicting_reading' })
@Index('conflicting_reading_received_key', ['kind', 'sensorId', 'timestamp', 'received'], {
  unique: true,
})
export class ConflictingReadingEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  /** temperature, pressure or heartRate */
  @Column({ type: 'text', nullable: false }) kind: string;
  @Column({ name: 'sensor_id', type: 'varchar', length: 50, nullable: false }) sensorId: string;
  @Column({ type: 'timestamptz', nullable: false }) timestamp: Date;
  /** The stored reading's values (all but sensor_id and timestamp). */
  @Column({ type: 'jsonb', nullable: false }) stored: Record<string, unknown>;
  /** The values of the reading received. */
  @Column({ type: 'jsonb', nullable: false }) received: Record<string, unknown>;
  @Column({
    name: 'recorded_at',
    type: 'timestamptz',
    nullable: false,
    default: () => 'clock_timestamp()',
  })
  recordedAt: Date;
}
