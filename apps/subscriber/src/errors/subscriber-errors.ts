/** The subscriber is stopping: the message is left unacknowledged and the broker redelivers it. */
export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('the subscriber is shutting down; the message is left for redelivery');
  }
}

/** The broker did not grant a QoS 1 subscription: readings on it could be lost. */
export class SubscriptionRefusedError extends Error {
  override name = 'SubscriptionRefusedError';
}
