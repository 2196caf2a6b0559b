import { READING_KINDS, deviceTopic, readingTopic, type ReadingKind } from '@healthcare/contracts';

/** The handler pattern for a message on a topic that carries no kind of reading. */
export const UNROUTABLE = '$unroutable';

/**
 * Where each kind of reading is published and what the subscriber subscribes to: the kind's
 * topic (the gateway's) and every device's topic under it (devices that publish straight to the
 * broker, `temperature/<sensor_id>`). The prefix means what it means to the gateway (readingTopic).
 * With a shared group each subscription is `$share/<group>/<filter>`: the broker hands each
 * message to one member of the group.
 */
export class ReadingTopics {
  private readonly byTopic = new Map<string, ReadingKind>();
  private readonly byKind = new Map<ReadingKind, string>();

  constructor(
    private readonly prefix = '',
    private readonly sharedGroup = '',
  ) {
    for (const kind of READING_KINDS) {
      const topic = readingTopic(kind, prefix);
      this.byKind.set(kind, topic);
      this.byTopic.set(topic, kind);
    }
  }

  topicOf(kind: ReadingKind): string {
    return this.byKind.get(kind)!;
  }

  /** The kind published on a topic (the kind's own or one device's), undefined for any other topic. */
  kindOf(topic: string): ReadingKind | undefined {
    return this.byTopic.get(topic) ?? this.byTopic.get(this.parentOf(topic) ?? '');
  }

  /**
   * The `sensor_id` a device topic is bound to (its last level), undefined on a kind's own topic
   * and any other: only a reading of that sensor may be stored from it.
   */
  deviceOf(topic: string): string | undefined {
    const parent = this.parentOf(topic);
    return parent !== undefined && this.byTopic.has(parent)
      ? topic.slice(parent.length + 1)
      : undefined;
  }

  subscriptionsOf(kind: ReadingKind): string[] {
    return [this.topicOf(kind), deviceTopic(kind, '+', this.prefix)].map((filter) =>
      this.sharedGroup ? `$share/${this.sharedGroup}/${filter}` : filter,
    );
  }

  /** The topic one level up when the last level is not empty. */
  private parentOf(topic: string): string | undefined {
    const slash = topic.lastIndexOf('/');
    return slash > 0 && slash < topic.length - 1 ? topic.slice(0, slash) : undefined;
  }
}
