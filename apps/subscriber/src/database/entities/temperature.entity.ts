import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One body temperature reading; (sensor_id, timestamp) makes a repeated reading one row. */
@Entity({ name: 'temperature' })
@Index('temperature_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class TemperatureEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'sensor_id', type: 'varchar', length: 50, nullable: false }) sensorId: string;
  /** DECIMAL comes back from pg as a string, exactly as stored. */
  @Column({ type: 'decimal', precision: 5, scale: 2, nullable: false }) value: string;
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
