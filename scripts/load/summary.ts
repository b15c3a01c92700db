import type { Figures } from './recorder';
import type { LoadReport } from './run';

// The run in a few lines a person can paste into an issue; the JSON file keeps everything.

const statuses = (figures: Figures) => Object.entries(figures.statuses).map(([status, n]) => `${status}×${n}`).join(' ');

const row = (name: string, figures: Figures) =>
  `| ${name} | ${figures.requests} | ${figures.perSecond} | ${figures.p50} | ${figures.p97_5} | ${figures.p99} | ${figures.max} | ${statuses(figures)} |`;

export function summarize(report: LoadReport): string {
  const { bookings, errors, machine, connections } = report;
  const lines = [
    `Load on ${report.url}: ${connections.booking + connections.read + connections.report} connections (bookings ${connections.booking}, reads ${connections.read}, reports ${connections.report}) for ${report.durationSeconds} s`,
    '',
    '| requests | count | per s | p50 ms | p97.5 ms | p99 ms | max ms | statuses |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('all', report.overall),
    row('bookings', report.byKind.booking),
    row('reads', report.byKind.read),
    row('reports', report.byKind.report),
    ...Object.entries(report.byRoute).map(([route, figures]) => row(`  ${route}`, figures)),
    '',
    `Sustained bookings: ${bookings.perSecond}/s (${bookings.created} answered 201 in ${report.durationSeconds} s; median full second ${bookings.medianPerSecond}, slowest ${bookings.slowestSecond})`,
    `In the database: ${bookings.verified} of ${bookings.created + bookings.warmup} confirmed bookings read back in ${bookings.checkSeconds} s (warm-up included), ${bookings.missing} missing, ${bookings.duplicates} duplicate ids`,
    `5xx: ${errors.fiveXx}; no answer: ${errors.connectionErrors} (timeouts after ${report.timeoutSeconds} s: bookings ${errors.timeoutsByKind.booking}, reads ${errors.timeoutsByKind.read}, reports ${errors.timeoutsByKind.report})`,
    `Machine: ${machine.cpus} CPUs, load average ${machine.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} before, ${machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')} after`,
    ...errors.samples.map((s) => `  sample ${s.status} ${s.route}: ${s.body}`),
    ...report.warnings.map((warning) => `WARNING: ${warning}`),
    report.failures.length === 0 ? 'PASSED: no 5xx, nothing lost' : `FAILED: ${report.failures.join('; ')}`,
    '',
    '| goal (issue 26) | measured | |',
    '| --- | --- | --- |',
    ...report.goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'met' : 'MISSED'} |`),
  ];
  return lines.join('\n');
}
