import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One heart rate reading; (sensor_id, timestamp) makes a repeated reading one row. */
@Entity({ name: 'heart_rate' })
@Index('heart_rate_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class HeartRateEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'sensor_id', type: 'varchar', length: 50, nullable: false }) sensorId: string;
  @Column({ type: 'integer', nullable: false }) value: number;
  @Column({ type: 'varchar', length: 10, nullable: false }) unit: string;
  @Column({ type: 'timestamptz', nullable: false }) timestamp: Date;
  @Column({
    name: 'stored_at',
    type: 'timestamptz',
    nullable: false,
    default: () => 'clock_timestamp()',
  })
  storedAt: Date;
}
