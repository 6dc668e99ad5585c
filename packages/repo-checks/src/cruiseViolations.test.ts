import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruiseViolations, REPO_ROOT } from './cruiseViolations';

const RCA = 'plugins/rca-node';

/** A small copy of the rca-node layering: contracts ← sources ← engine, with a test kit and eval. */
const LAYERED: Record<string, string> = {
  [`${RCA}/src/contracts/types.ts`]: 'export type Evidence = { id: string };',
  [`${RCA}/src/sources/kube/collector.ts`]:
    "import type { Evidence } from '../../contracts/types';\nexport const collect = (): Evidence[] => [];",
  [`${RCA}/src/engine/engine.ts`]:
    "import { collect } from '../sources/kube/collector';\nexport const run = () => collect();",
  [`${RCA}/src/engine/engine.test.ts`]:
    "import { harness } from '../__testUtils__/harness';\nimport { scenarios } from '../../eval/scenarios';\nexport const t = [harness, scenarios];",
  [`${RCA}/src/__testUtils__/harness.ts`]:
    "import { run } from '../engine/engine';\nexport const harness = run;",
  [`${RCA}/src/index.ts`]: "export { run } from './engine/engine';",
  [`${RCA}/eval/scenarios.ts`]:
    "import { harness } from '../src/__testUtils__/harness';\nexport const scenarios = [harness];",
  'plugins/x-common/src/index.ts': 'export const x = 1;',
  'plugins/x-backend/src/plugin.ts':
    "import { x } from '../../x-common/src';\nexport const plugin = x;",
  'tsconfig.json': '{ "compilerOptions": { "allowJs": false } }',
};

let root: string;

function write(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
}

const rulesBroken = async () =>
  (await cruiseViolations(root, ['plugins'])).map(v => `${v.rule} ${v.from}`);

describe('the import rules (yarn lint:deps)', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'layering-'));
    write(LAYERED);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accept imports that go down the layers, and tests using test kits and eval code', async () => {
    expect(await rulesBroken()).toEqual([]);
  }, 30_000);

  it('fail on a planted wrong-way import between rca-node layers', async () => {
    write({
      [`${RCA}/src/sources/kube/planted.ts`]:
        "import { run } from '../../engine/engine';\nexport const p = run;",
      [`${RCA}/src/contracts/planted.ts`]:
        "export { collect } from '../sources/kube/collector';",
    });
    expect((await rulesBroken()).sort()).toEqual([
      `rca-node-layer-contracts ${RCA}/src/contracts/planted.ts`,
      `rca-node-layer-sources ${RCA}/src/sources/kube/planted.ts`,
    ]);
  }, 30_000);

  it('fail on an import cycle', async () => {
    write({
      [`${RCA}/src/contracts/a.ts`]:
        "import { b } from './b';\nexport const a = () => b();",
      [`${RCA}/src/contracts/b.ts`]:
        "import { a } from './a';\nexport const b = () => a();",
    });
    // dependency-cruiser reports a cycle once, from the module it met first.
    expect(await rulesBroken()).toEqual([
      `no-circular ${RCA}/src/contracts/a.ts`,
    ]);
  }, 30_000);

  it('fail when production code imports a test kit, eval code or a stand-in', async () => {
    write({
      [`${RCA}/src/engine/usesKit.ts`]:
        "import { harness } from '../__testUtils__/harness';\nexport const k = harness;",
      [`${RCA}/src/engine/usesEval.ts`]:
        "import { scenarios } from '../../eval/scenarios';\nexport const e = scenarios;",
      'packages/k8s-standin/src/index.ts': 'export const standIn = 1;',
      [`${RCA}/src/sources/kube/usesStandIn.ts`]:
        "import { standIn } from '../../../../../packages/k8s-standin/src';\nexport const s = standIn;",
    });
    const broken = await cruiseViolations(root, ['plugins', 'packages']);
    expect(broken.map(v => `${v.rule} ${v.from} -> ${v.to}`).sort()).toEqual([
      `no-test-code-in-production ${RCA}/src/engine/usesEval.ts -> ${RCA}/eval/scenarios.ts`,
      `no-test-code-in-production ${RCA}/src/engine/usesKit.ts -> ${RCA}/src/__testUtils__/harness.ts`,
      `no-test-code-in-production ${RCA}/src/sources/kube/usesStandIn.ts -> packages/k8s-standin/src/index.ts`,
    ]);
  }, 30_000);

  it('fail when a common package imports backend code', async () => {
    write({
      'plugins/x-common/src/planted.ts':
        "export { plugin } from '../../x-backend/src/plugin';",
    });
    expect(await rulesBroken()).toEqual([
      'common-imports-only-common plugins/x-common/src/planted.ts',
    ]);
  }, 30_000);

  it('hold on the repository itself', async () => {
    const broken = await cruiseViolations(REPO_ROOT, ['plugins', 'packages']);
    expect(broken).toEqual([]);
  }, 120_000);
});
