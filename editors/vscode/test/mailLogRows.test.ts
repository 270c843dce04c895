import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { deliveryRows } from '../src/mailLogRows';

const at = (line: number) => ({ start: { line, character: 58 }, end: { line, character: 74 } });

describe('"Mail log" view rows', () => {
  it('groups deliveries by message, each with recipient, code and meaning', () => {
    const rows = deliveryRows({
      version: 3,
      more: 0,
      messages: [
        {
          id: '4XkQ1R2bZ9z9v',
          deliveries: [
            { recipient: 'bob@fabrikam.com', action: 'failed', code: '550 5.1.1', meaning: 'Recipient mailbox does not exist', range: at(2) },
            { recipient: 'dave@fabrikam.com', action: 'delayed', code: '451 4.7.1', meaning: null, range: at(5) },
          ],
        },
        { id: '', deliveries: [{ recipient: 'eve@example.net', action: 'failed', code: '5.2.2', meaning: 'Mailbox full', range: at(9) }] },
      ],
    });
    assert.deepEqual(
      rows.map((r) => [r.id, r.failed, r.delayed]),
      [
        ['4XkQ1R2bZ9z9v', 1, 1],
        ['', 1, 0],
      ],
    );
    assert.deepEqual(
      rows[0].deliveries.map((d) => [d.recipient, d.detail, d.range.start.line]),
      [
        ['bob@fabrikam.com', '550 5.1.1 — Recipient mailbox does not exist', 2],
        ['dave@fabrikam.com', '451 4.7.1', 5],
      ],
    );
  });
});
