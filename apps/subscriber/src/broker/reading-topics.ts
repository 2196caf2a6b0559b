import { READING_KINDS, readingTopic, type ReadingKind } from '@healthcare/contracts';

/** The handler pattern for a message on a topic that carries no kind of reading. */
export const UNROUTABLE = '$unroutable';

/**
 * Where each kind of reading is published and what the subscriber subscribes to.
 * The prefix means what it means to the gateway (readingTopic).
 * With a shared group the subscription is `$share/<group>/<topic>`: the broker hands each
 * message to one member of the group.
 */
export class ReadingTopics {
  private readonly byTopic = new Map<string, ReadingKind>();
  private readonly byKind = new Map<ReadingKind, string>();

  constructor(
    prefix = '',
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

  /** The kind published on a topic, undefined for any other topic. */
  kindOf(topic: string): ReadingKind | undefined {
    return this.byTopic.get(topic);
  }

  subscriptionOf(kind: ReadingKind): string {
    const topic = this.topicOf(kind);
    return this.sharedGroup ? `$share/${this.sharedGroup}/${topic}` : topic;
  }
}
