import { Column, Entity, Index } from 'typeorm';
import { ReadingEntity } from './reading.entity.js';

/** One blood pressure reading. */
@Entity({ name: 'pressure' })
@Index('pressure_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class PressureEntity extends ReadingEntity {
  @Column({ type: 'decimal', precision: 5, scale: 1, nullable: false }) systolic: string;
  @Column({ type: 'decimal', precision: 5, scale: 1, nullable: false }) diastolic: string;
}
