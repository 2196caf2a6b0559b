import { Column, Entity, Index } from 'typeorm';
import { ReadingEntity } from './reading.entity.js';

/** One body temperature reading. */
@Entity({ name: 'temperature' })
@Index('temperature_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class TemperatureEntity extends ReadingEntity {
  /** DECIMAL comes back from pg as a string, exactly as stored. */
  @Column({ type: 'decimal', precision: 5, scale: 2, nullable: false }) value: string;
}
