import { Column, Entity, Index } from 'typeorm';
import { ReadingEntity } from './reading.entity.js';

/** One heart rate reading. */
@Entity({ name: 'heart_rate' })
@Index('heart_rate_sensor_id_timestamp_key', ['sensorId', 'timestamp'], { unique: true })
export class HeartRateEntity extends ReadingEntity {
  @Column({ type: 'integer', nullable: false }) value: number;
}
