import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'chai';

// npm run simulate, as a funder's analyst runs it: one JSON document on stdout with --json.

const run = promisify(execFile);
const simulate = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], { encoding: 'utf8' });

describe('npm run simulate', function () {
  this.timeout(60_000);

  it('--json writes one document with the report’s figures, the load, the cost and the assumptions', async () => {
    const { stdout } = await simulate('--year', '2022', '--demand', '0.05', '--add', 'prs:onsite:38:3', '--policy', 'wave-size=5', '--json');
    const result = JSON.parse(stdout);
    expect(result).to.include.keys('requests', 'hours', 'costCents', 'fillRate', 'medianMinutesToAssign', 'medianSecondsToAssignNow', 'unfilledByLanguage', 'byDepartment', 'byModality', 'load', 'assumptions');
    expect(result.scenario).to.deep.include({ year: 2022, demand: 0.05, add: [{ language: 'prs', modalities: ['onsite'], departments: ['38'], count: 3 }] });
    expect(result.scenario.policy.waveSize).to.equal(5);
    expect(result.pool.interpreters).to.equal(47);
  });

  it('prints tables without --json, and refuses a bad lever with a reason and status 2', async () => {
    const { stdout } = await simulate('--demand', '0.05');
    expect(stdout).to.contain('fill rate').and.to.contain('Unfilled by language').and.to.contain('Behaviour assumed');
    const refused = await simulate('--add', 'dari:onsite:38:3').catch((error: { code: number; stderr: string }) => error);
    expect(refused).to.include({ code: 2 });
    expect((refused as { stderr: string }).stderr).to.contain('add.0.language');
    const noSuchLanguage = await simulate('--add', 'xxx:onsite:38:3').catch((error: { code: number; stderr: string }) => error);
    expect(noSuchLanguage).to.include({ code: 2, stderr: '"xxx" is not an ISO 639-3 language code\n' });
  });

  it('--help prints the usage and succeeds; an unreadable or malformed scenario file is one line and status 2', async () => {
    const help = await simulate('--help');
    expect(help.stdout).to.contain('--demand F');
    for (const [content, said] of [[undefined, 'cannot be read (ENOENT)'], ['{bad', 'not JSON']] as const) {
      const file = `/tmp/simulate-test-${process.pid}-${said.length}.json`;
      if (content !== undefined) writeFileSync(file, content);
      const refused = await simulate('--scenario', file).catch((error: { code: number; stderr: string }) => error);
      expect(refused).to.include({ code: 2 });
      const { stderr } = refused as { stderr: string };
      expect(stderr.trim().split('\n'), 'one line, no stack trace').to.have.length(1);
      expect(stderr).to.contain(said);
    }
  });

  it('--region replays that region’s year in its demo world; an unknown region is refused on `region` with status 2', async () => {
    const { stdout } = await simulate('--region', '04', '--demand', '0.05', '--json');
    const result = JSON.parse(stdout);
    expect(result.region).to.include({ code: '04', name: 'La Réunion', timeZone: 'Indian/Reunion' });
    expect(result.pool).to.deep.equal({ interpreters: 16, agencies: ['interpretariat', 'interpretes'] });
    const table = await simulate('--region', '04', '--demand', '0.05');
    expect(table.stdout.split('\n')[0]).to.match(/^La Réunion \(04, \d+ structures, Indian\/Reunion time\), year 2022/);
    const refused = await simulate('--region', '82').catch((error: { code: number; stderr: string }) => error);
    expect(refused).to.include({ code: 2 });
    expect((refused as { stderr: string }).stderr).to.match(/^invalid scenario: region /);
  });
});
