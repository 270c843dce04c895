/**
 * The rows of the "Mail log" view (see `mailLogView.ts`) from the server's `mailLsp/deliveries`
 * answer: one row per message, one child per failed or deferred delivery. Pure, so the wording is
 * tested without VS Code.
 */

/** A position as the protocol sends it. */
export interface Position {
  line: number;
  character: number;
}

/** The `mailLsp/deliveries` answer (server/src/lsp/requests/deliveries.rs). */
export interface Deliveries {
  version: number;
  messages: { id: string; deliveries: Delivery[] }[];
  more: number;
}

export interface Delivery {
  recipient: string;
  /** `failed` or `delayed`. */
  action: string;
  code: string;
  meaning?: string | null;
  range: { start: Position; end: Position };
}

export interface MessageRow {
  kind: 'message';
  id: string;
  failed: number;
  delayed: number;
  deliveries: DeliveryRow[];
}

export interface DeliveryRow {
  kind: 'delivery';
  recipient: string;
  action: string;
  /** The code and its meaning, as the row shows them: `550 5.1.1 — Recipient mailbox does not exist`. */
  detail: string;
  range: { start: Position; end: Position };
}

export function deliveryRows(answer: Deliveries): MessageRow[] {
  return answer.messages.map((message) => {
    const deliveries: DeliveryRow[] = message.deliveries.map((d) => ({
      kind: 'delivery',
      recipient: d.recipient,
      action: d.action,
      detail: d.meaning ? `${d.code} — ${d.meaning}` : d.code,
      range: d.range,
    }));
    return {
      kind: 'message',
      id: message.id,
      failed: deliveries.filter((d) => d.action === 'failed').length,
      delayed: deliveries.filter((d) => d.action !== 'failed').length,
      deliveries,
    };
  });
}
