import { expect } from 'chai';
import madge from 'madge';

// The shape STYLE.md asks for, checked on every run: no import circle, and no arrow running back up
// (server into scripts, client into server).
describe('Imports run one way', function () {
  this.timeout(60_000);
  let graph: Record<string, string[]>;
  let circles: string[][];
  before(async () => {
    const result = await madge(['server', 'shared', 'client/src', 'scripts'], { fileExtensions: ['ts', 'tsx'], tsConfig: 'tsconfig.json', excludeRegExp: [/node_modules/, /\.d\.ts$/] });
    graph = result.obj();
    circles = result.circular();
  });

  it('no module imports itself back through others (madge finds no circle)', () => {
    expect(circles).to.deep.equal([]);
  });

  it('the server never imports scripts, the client never imports the server', () => {
    const upward = Object.entries(graph).flatMap(([from, to]) => to.filter((target) =>
      (from.startsWith('server/') && target.startsWith('scripts/')) || (from.startsWith('client/') && target.startsWith('server/'))).map((target) => `${from} → ${target}`));
    expect(upward).to.deep.equal([]);
  });

  it('sees the whole code base (a broken configuration would find nothing and pass)', () => {
    expect(Object.keys(graph).filter((file) => file.startsWith('server/')).length).to.be.greaterThan(100);
    expect(graph['server/main.ts']).to.include('server/seed/region-demo.ts');
  });
});
