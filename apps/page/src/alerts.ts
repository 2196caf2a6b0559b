import type { AlertMessage } from '@healthcare/contracts';
import { api } from './api.js';

/** The alerts that need attention, newest first, each with its acknowledge button. */
export class AlertList {
  private readonly open = new Map<number, AlertMessage>();

  constructor(private readonly list: HTMLElement) {}

  async reload(): Promise<void> {
    const { items } = await api<{ items: AlertMessage[] }>('/alerts?state=open&limit=1000');
    this.open.clear();
    for (const alert of items) this.open.set(alert.id, alert);
    this.render();
  }

  apply(changes: AlertMessage[]): void {
    for (const alert of changes) {
      if (alert.closed_at || alert.acknowledged_at) this.open.delete(alert.id);
      else this.open.set(alert.id, alert);
    }
    if (changes.length > 0) this.render();
  }

  private render(): void {
    const items = [...this.open.values()].sort((a, b) => b.opened_at.localeCompare(a.opened_at));
    this.list.replaceChildren(...items.map((alert) => this.item(alert)));
    if (items.length === 0) {
      const none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'No open alerts';
      this.list.append(none);
    }
  }

  private item(alert: AlertMessage): HTMLElement {
    const li = document.createElement('li');
    li.dataset.alertId = String(alert.id);
    li.dataset.patient = alert.patient;
    li.dataset.cause = alert.cause;
    const what =
      alert.cause === 'partial-sum'
        ? `partial NEWS2 ${alert.score}`
        : `${alert.cause} ${alert.value} (score ${alert.score})`;
    const text = document.createElement('span');
    text.textContent = `${alert.patient}: ${what}, since ${new Date(alert.opened_at).toLocaleTimeString()}`;
    const button = document.createElement('button');
    button.textContent = 'Acknowledge';
    button.addEventListener('click', () => {
      button.disabled = true;
      api<AlertMessage>(`/alerts/${alert.id}/acknowledge`, { method: 'POST' })
        .then((acknowledged) => this.apply([acknowledged]))
        .catch(() => (button.disabled = false));
    });
    li.append(text, button);
    return li;
  }
}
