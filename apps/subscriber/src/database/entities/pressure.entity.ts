import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One blood pressure reading; (sensor_id, timestamp) makes a repeated reading one row. */
@Entity({ name: 'pressure' })
@Index('pressure_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class PressureEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'sensor_id', type: 'varchar', length: 50, nullable: false }) sensorId: string;
  @Column({ type: 'decimal', precision: 5, scale: 1, nullable: false }) systolic: string;
  @Column({ type: 'decimal', precision: 5, scale: 1, nullable: false }) diastolic: string;
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
