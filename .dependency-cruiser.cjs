/**
 * Import rules of the repository, checked by `yarn lint:deps` (a step of `./rca test`).
 *
 * - No import cycles.
 * - Production code (anything under a package's src/ that is not a test or a test kit) never
 *   imports tests, test kits (`__testUtils__`), stand-ins, evaluation, benchmark or demo code.
 * - Packages import down their roles: common → node/library → backend plugin/module → backend/app.
 * - Inside plugins/rca-node, layer folders import only the layers below them (see its README):
 *   contracts → sources → rules → report → engine → publish → service (and the package entry).
 */
const RCA_NODE_LAYERS = [
  'contracts',
  'sources',
  'rules',
  'report',
  'engine',
  'publish',
  'service',
];

const TEST_CODE =
  '(^|/)(__testUtils__|__fixtures__)/|\\.test\\.tsx?$|/setupTests\\.ts$';
const TEST_SUPPORT_PACKAGES =
  '^packages/(backend-test-kit|k8s-standin|victorialogs-standin|zitadel-standin)/';

/** One rule per rca-node layer: it may not reach any layer above it. */
const rcaNodeLayerRules = RCA_NODE_LAYERS.slice(0, -1).map((layer, i) => ({
  name: `rca-node-layer-${layer}`,
  comment: `plugins/rca-node/src/${layer} may import only ${RCA_NODE_LAYERS.slice(
    0,
    i,
  ).join(', ') || 'nothing else in rca-node'} (layers below it)`,
  severity: 'error',
  from: { path: `^plugins/rca-node/src/${layer}/`, pathNot: TEST_CODE },
  to: {
    path: `^plugins/rca-node/src/(${RCA_NODE_LAYERS.slice(i + 1).join(
      '|',
    )}|extensions\\.ts|index\\.ts)`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a lower module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-production',
      comment:
        'Production code imports a test, a test kit, a stand-in, or eval/bench/demo code.',
      severity: 'error',
      from: {
        path: '^(packages|plugins)/[^/]+/src/',
        pathNot: [TEST_CODE, TEST_SUPPORT_PACKAGES],
      },
      to: {
        path: [
          TEST_CODE,
          TEST_SUPPORT_PACKAGES,
          '^(packages|plugins)/[^/]+/(eval|bench|demo)/',
        ],
      },
    },
    {
      name: 'common-imports-only-common',
      comment:
        'A *-common package is shared by frontend and backend: it may not import node or backend code.',
      severity: 'error',
      from: { path: '^plugins/[^/]+-common/src/' },
      to: {
        path: '^(plugins/[^/]+-(node|backend)|plugins/[^/]+-backend-module-[^/]+|plugins/rca|packages/(backend|app))/',
      },
    },
    {
      name: 'node-library-below-backend',
      comment:
        'A *-node library or shared package may not import a backend plugin, a module or the app.',
      severity: 'error',
      from: {
        path: '^(plugins/[^/]+-node|packages/(llm-client|log-miner|redaction))/src/',
      },
      to: {
        path: '^(plugins/[^/]+-backend|plugins/[^/]+-backend-module-[^/]+|packages/(backend|app))/',
      },
    },
    {
      name: 'plugins-below-the-apps',
      comment: 'Plugins never import the backend or app packages that install them.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^packages/(backend|app)/' },
    },
    ...rcaNodeLayerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|dist-types)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['types', 'main'],
    },
  },
};
