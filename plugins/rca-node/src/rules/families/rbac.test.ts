import { serviceAccountOf } from '../helpers';
import { nextStepsFor } from '../nextSteps';

describe('RBAC next steps', () => {
  it('name the ServiceAccount the pods run as instead of a placeholder', () => {
    const [step] = nextStepsFor('rbac_forbidden', {
      namespace: 'monitoring',
      kind: 'DaemonSet',
      name: 'node-exporter',
      ...serviceAccountOf([
        { spec: { serviceAccountName: 'node-exporter' } },
        { spec: { serviceAccountName: 'node-exporter' } },
      ]),
    });
    expect(step.command).toBe(
      'kubectl -n monitoring auth can-i --list --as=system:serviceaccount:monitoring:node-exporter',
    );
  });

  it('use "default" for pods that name none, and keep the placeholder when pods disagree or are unknown', () => {
    expect(serviceAccountOf([{ spec: {} }])).toEqual({
      serviceAccount: 'default',
    });
    expect(
      serviceAccountOf([
        { spec: { serviceAccountName: 'a' } },
        { spec: { serviceAccountName: 'b' } },
      ]),
    ).toEqual({});
    const [step] = nextStepsFor('rbac_forbidden', { namespace: 'shop' });
    expect(step.command).toMatch(/serviceaccount:shop:<sa>$/);
  });
});
