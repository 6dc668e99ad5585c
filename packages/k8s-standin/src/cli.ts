/* eslint-disable no-console */
import { KubernetesStandIn } from './KubernetesStandIn';
import { loadScenarioFile } from './scenario';

// Usage: serve <scenario.yaml> [port]. Times in the scenario are relative to the start.
async function main() {
  const [file, port = '7099'] = process.argv.slice(2);
  if (!file) throw new Error('usage: serve <scenario.yaml> [port]');
  const standIn = new KubernetesStandIn(loadScenarioFile(file));
  const url = await standIn.start(Number(port));
  console.log(`Kubernetes stand-in serving ${file} at ${url}/clusters/<name>`);
  const stop = () => standIn.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
