import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { templateLog } from './first-start';
import { firstStartTemplate } from './support';

// The other platform tests start from copies of this first start (one per run, see first-start.ts):
// here it is read as a newcomer's `npm start` on an empty database would show it.

describe('The first start on an empty embedded database', function () {
  // The first start seeds a year of history: two minutes and more on a busy machine.
  this.timeout(300_000);

  it('creates the demo data and this year’s history up to yesterday before it listens, then stops with its engine', async () => {
    const dataDir = await firstStartTemplate();
    // The log's JSON lines (mails printed in development are plain text between them).
    const messages = templateLog().split('\n').filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { msg: string }).msg);
    const listening = messages.findIndex((m) => m.startsWith('listening on '));
    expect(messages.indexOf('demo data created'), 'demo data before listening').to.be.within(0, listening);
    const yesterday = DateTime.now().setZone('Europe/Paris').minus({ days: 1 });
    if (yesterday.year === DateTime.now().setZone('Europe/Paris').year) {
      const history = messages.findIndex((m) => m.startsWith(`history ${yesterday.year} x1: `));
      expect(history, 'this year’s history before listening').to.be.within(0, listening);
      expect(messages[history]).to.match(/; [1-9]\d* requests, /);
    }
    expect(messages.at(-1)).to.equal('stopped');
    expect(fs.existsSync(path.join(dataDir, 'ferretdb', 'engine.pid')), 'the engine left running').to.equal(false);
  });
});
