/**
 * The shipped build runs in a real browser: headless Chromium loads
 * `dist/index.js` as an ES module from a loopback HTTP server, runs every
 * registered method on real datasets, and must give the labels and
 * posteriors Node gives. Without Chromium the suite is skipped with a
 * warning; in CI (`CI` set) a missing Chromium is a failure.
 *
 * Chromium: `$CROWDAGG_CHROMIUM`, else `chromium`, `chromium-browser` or
 * `google-chrome` on the PATH (Debian: `apt-get install chromium`).
 * `dist/` must be built (`npm test` builds before testing).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAggregationError } from './errors.js';
import { buildMatrix, type AnswerRow } from './matrix.js';
import { getMethod, METHOD_NAMES } from './registry.js';
import { datasetsAvailable, loadDataset } from './test-support/datasets.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
/** duck is binary (every method applies, KOS included); dog has 4 labels (KOS must refuse it). */
const DATASETS = ['duck', 'dog'] as const;

/** What the page reports per `dataset/method`. */
type Outcome = { labels: number[]; posteriors: number[]; iterations: number } | { error: string };

function findChromium(): string | undefined {
  const fromEnv = process.env.CROWDAGG_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  return undefined;
}

/** The part of the package's API that {@link runAll} uses. */
interface Library {
  readonly buildMatrix: typeof buildMatrix;
  readonly METHOD_NAMES: typeof METHOD_NAMES;
  readonly getMethod: typeof getMethod;
  readonly isAggregationError: typeof isAggregationError;
}

/**
 * Runs every registered method on `rows` (weighted dynamic overlap with
 * skills that are a fixed function of the worker's position). It runs in
 * Node on the sources and, sent as its source text, in the page on the
 * built `dist/`, so it must use nothing but its arguments and JS built-ins.
 */
function runAll(lib: Library, rows: readonly AnswerRow[]): Record<string, Outcome> {
  const matrix = lib.buildMatrix(rows);
  const skills = Object.fromEntries(matrix.workerIds.map((id, i) => [id, 55 + ((i * 7) % 45)]));
  const out: Record<string, Outcome> = {};
  for (const name of lib.METHOD_NAMES) {
    try {
      const result = lib.getMethod(name).run(matrix, name === 'weighted-dynamic-overlap' ? { skills } : undefined);
      out[name] = { labels: Array.from(result.labels), posteriors: Array.from(result.posteriors), iterations: result.iterations };
    } catch (error) {
      out[name] = { error: lib.isAggregationError(error) ? error.code : String(error) };
    }
  }
  return out;
}

const PAGE_SCRIPT = `
import * as lib from './dist/index.js';
const runAll = ${runAll.toString()};
const input = JSON.parse(document.getElementById('input').textContent);
const out = { env: { hasProcess: typeof process !== 'undefined', userAgent: navigator.userAgent }, results: {} };
for (const dataset of input) out.results[dataset.name] = runAll(lib, dataset.rows);
document.getElementById('out').textContent = JSON.stringify(out);
`;

function pageHtml(input: unknown): string {
  // '<' is escaped so no data value can close the script element early.
  const data = JSON.stringify(input).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script type="application/json" id="input">${data}</script>
<script type="module">${PAGE_SCRIPT}</script></body></html>`;
}

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}

const chromium = findChromium();
const ready = chromium !== undefined && datasetsAvailable();

if (!ready && process.env.CI) {
  describe('in a real browser', () => {
    it('needs Chromium and the datasets in CI', () => {
      throw new Error(`Chromium ${chromium === undefined ? 'not found (set CROWDAGG_CHROMIUM or install chromium)' : 'found'}; datasets ${datasetsAvailable() ? 'found' : 'missing'}`);
    });
  });
} else if (!ready) {
  console.warn('\n*** SKIPPING the browser test: Chromium or the datasets are missing (apt-get install chromium). In CI this is a failure. ***\n');
}

describe.skipIf(!ready)('in a real browser (headless Chromium)', () => {
  let server: Server;
  let profile: string;
  const served: string[] = [];
  type Page = { env: { hasProcess: boolean; userAgent: string }; results: Record<string, Record<string, Outcome>> };
  let page: Page | undefined;
  let failure: unknown;
  /** The page's report; a failed browser run fails every test that needs it (not only the hook). */
  const loaded = (): Page => {
    if (page === undefined) throw failure instanceof Error ? failure : new Error('the browser run did not happen');
    return page;
  };

  beforeAll(async () => {
    try {
      page = await openPage();
    } catch (error) {
      failure = error;
    }
  }, 120_000);

  async function openPage(): Promise<Page> {
    const html = pageHtml(DATASETS.map((name) => ({ name, rows: loadDataset(name).responses })));
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      const file = path.resolve(DIST, `.${decodeURIComponent(url.pathname).replace(/^\/dist/, '')}`);
      if (url.pathname.startsWith('/dist/') && file.startsWith(DIST + path.sep) && existsSync(file)) {
        served.push(path.relative(DIST, file));
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(file));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    profile = mkdtempSync(path.join(tmpdir(), 'crowdagg-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', `http://127.0.0.1:${port}/`];
    const dom = await new Promise<string>((resolve, reject) => {
      execFile(chromium as string, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${chromium} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    const match = /<pre id="out">([\s\S]*?)<\/pre>/.exec(dom);
    if (match?.[1] === undefined || match[1] === 'pending') throw new Error(`the page did not finish; DOM starts: ${dom.slice(0, 500)}`);
    return JSON.parse(unescapeHtml(match[1])) as Page;
  }

  afterAll(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('loads the shipped build as ES modules in Chromium, with no Node globals', () => {
    const { env } = loaded();
    expect(env.userAgent).toMatch(/Chrome\//);
    expect(env.hasProcess).toBe(false);
    expect(served).toContain('index.js');
    expect(served).toContain(path.join('methods', 'dawid-skene.js'));
  });

  it.each(DATASETS.flatMap((dataset) => METHOD_NAMES.map((method) => [dataset, method] as const)))(
    '%s / %s: same labels and posteriors as in Node',
    (dataset, method) => {
      const expected = runAll({ buildMatrix, METHOD_NAMES, getMethod, isAggregationError }, loadDataset(dataset).responses)[method];
      const actual = loaded().results[dataset]?.[method];
      expect(actual).toBeDefined();
      if (expected === undefined || actual === undefined) return;
      if ('error' in expected) {
        expect(actual).toEqual(expected);
        return;
      }
      if ('error' in actual) throw new Error(`${method} threw ${actual.error} in the browser`);
      expect(actual.labels).toEqual(expected.labels);
      expect(actual.iterations).toBe(expected.iterations);
      expect(actual.posteriors).toHaveLength(expected.posteriors.length);
      let worst = 0;
      actual.posteriors.forEach((p, i) => {
        worst = Math.max(worst, Math.abs(p - (expected.posteriors[i] as number)));
      });
      expect(worst).toBeLessThan(1e-12);
    },
  );

  it('reports the typed error a method raises (KOS on 4 labels)', () => {
    expect(loaded().results.dog?.kos).toEqual({ error: 'NOT_BINARY' });
  });
});
