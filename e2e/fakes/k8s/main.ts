import { writeFileSync } from 'node:fs';
import { startFakeKubeApi } from './server';

/**
 * Runs the fake Kubernetes API server on its own for trying Slipway by hand:
 *   npx tsx e2e/fakes/k8s/main.ts [port]
 * Prints the URL, token and CA to paste into a Kubernetes endpoint, and writes a kubeconfig.
 * Images matching `*:broken` never become ready (ImagePullBackOff).
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0) || undefined;
  const api = await startFakeKubeApi({
    port,
    tokens: { 'demo-token': { user: 'demo' } },
    stepMs: 1500,
  });
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: fake, cluster: {server: "${api.url}", certificate-authority-data: ${Buffer.from(api.caCertPem).toString('base64')}}}]`,
    'users: [{name: demo, user: {token: demo-token}}]',
    'contexts: [{name: fake, context: {cluster: fake, user: demo, namespace: default}}]',
    'current-context: fake',
    '',
  ].join('\n');
  writeFileSync('fake-kubeconfig.yaml', kubeconfig);
  process.stdout.write(
    `Fake Kubernetes API at ${api.url}\ntoken: demo-token\nfingerprint: ${api.fingerprint}\nkubeconfig written to ./fake-kubeconfig.yaml\nCA certificate:\n${api.caCertPem}`,
  );
  const stop = () => void api.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}

void main();
