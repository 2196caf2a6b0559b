import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message on a reading topic that could not be stored as a reading, and why. */
@Entity({ name: 'rejected_message' })
export class RejectedMessageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text', nullable: false }) topic: string;
  /** As received (UTF-8); NUL characters escaped, very large payloads truncated. */
  @Column({ type: 'text', nullable: false }) payload: string;
  @Column({ type: 'text', nullable: false }) reason: string;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: false }) receivedAt: Date;
}
